"""The shared Portuguese analyzer: stems that meet across accents and inflections."""

from __future__ import annotations

from ingest.analysis import STOPWORDS, analyze, stem, words


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


def test_fractions_of_a_giga_are_read_in_megas() -> None:
    # "um giga e meio" is not the 1 giga plan: 1500 megas, whatever way it is written.
    assert words("plano de um giga e meio") == ["plano", "de", "1500", "mb"]
    assert words("qnto o 1,5 giga") == ["quanto", "o", "1500", "mb"]
    assert words("2.5gb") == ["2500", "mb"]
    assert words("meio giga") == ["500", "mb"]
    # Money and plain gigas are untouched.
    assert words("custa 1,5 reais") == ["custa", "1", "5", "reais"]
    assert words("dois gigas") == ["2", "gb"]


def test_more_chat_abbreviations() -> None:
    assert words("com qnts dias") == ["com", "quantos", "dias"]
    assert words("plantao fds") == ["plantao", "fim", "de", "semana"]
    assert analyze("qntas hrs") == analyze("quantas horas")


def test_chat_abbreviations_of_quer_and_o_que() -> None:
    # "qr" and "oq" are stop words once expanded: they must not read as topic words.
    assert words("ele qr saber oq houve") == ["ele", "quer", "saber", "o", "que", "houve"]
    assert analyze("cliente qr desistir, oque digo") == analyze("cliente quer desistir, o que digo")
