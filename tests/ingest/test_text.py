"""The shared Portuguese analyzer: stems that meet across accents and inflections."""

from __future__ import annotations

from ingest.text import STOPWORDS, analyze, stem, words


def test_accented_suffixes_stem_like_their_verbs() -> None:
    # Folding drops the accents the stemmer needs; the analyzer puts them back first.
    assert stem("contratacao") == stem("contratar")
    assert stem("liberacao") == stem("liberar")
    assert stem("instalacoes") == stem("instalar")
    assert analyze("Ocorrência") == analyze("ocorrencia")


def test_analyze_drops_stop_words_and_expands_chat_abbreviations() -> None:
    assert analyze("em qts dias bloqueia") == analyze("em quantas dias bloqueia")
    assert "de" not in analyze("taxa de religação")
    assert words("qto custa cem mega") == ["quanto", "custa", "100", "mb"]


def test_stem_is_folded() -> None:
    assert stem("padrao") == stem("padrao").encode("ascii", "ignore").decode()
    assert all(t.isascii() for t in analyze("Redução, Inversão, Região"))


def test_outside_hours_words_are_kept() -> None:
    # "fora do horário" / "depois das 18h" ask about the time outside the hours.
    assert "fora" not in STOPWORDS and "depois" not in STOPWORDS
    assert len(analyze("depois das 18h")) == 2
    assert analyze("fora do horario")[0] == analyze("Fora desse período")[0]
