"""The engine: answers as sheet text, abstention, rule overrides, providers, modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.analysis import fold
from ingest.index import load_version
from ingest.records import Fact
from rag_service.answering.engine import (
    Engine,
    ProviderRequiredError,
    QuestionError,
    UnknownProviderError,
    answer_text,
)
from rag_service.rules import RuleAnswer
from tests.factories import HashEmbedder


def engine_of(index_dir: Path, mode: str = "hybrid", **options: object) -> Engine:
    return Engine(load_version(index_dir), HashEmbedder(), mode, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
@pytest.mark.parametrize("provider", ["lasernet", "velocinet"])
def test_answer_is_the_units_answer_not_the_chunk(
    both_index: Path, mode: str, provider: str
) -> None:
    engine = engine_of(both_index, mode)
    body = engine.ask("podemos fazer desbloqueio de confiança?", provider).to_dict()
    assert body["status"] == "answered", body
    assert body["source"] == "retrieval" and body["rule"] is None
    top = body["passages"][0]
    unit = next(u for u in engine.loaded.units if u.id == top["id"])
    assert unit.provider == provider
    assert body["answer"] == answer_text(unit)
    assert unit.question and unit.question not in body["answer"]
    assert body["confidence"] >= engine.min_confidence
    assert body["index_version"] == engine.version


def test_answers_differ_between_sheets(both_index: Path) -> None:
    engine = engine_of(both_index, "lexical")
    laser = engine.ask("podemos fazer desbloqueio de confiança", "lasernet").to_dict()
    veloci = engine.ask("podemos fazer desbloqueio de confiança", "velocinet").to_dict()
    assert laser["answer"] != veloci["answer"]


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
@pytest.mark.parametrize("provider", ["lasernet", "velocinet"])
def test_question_the_sheet_asks_but_does_not_answer_is_not_found(
    both_index: Path, mode: str, provider: str
) -> None:
    body = engine_of(both_index, mode).ask("qual o dns", provider).to_dict()
    assert body["status"] == "not_found"
    assert body["answer"] is None and body["value"] is None
    assert "dns" in fold(body["passages"][0]["question"] or ""), "passages are still shown"


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_out_of_scope_question_is_not_found(both_index: Path, mode: str) -> None:
    body = (
        engine_of(both_index, mode).ask("qual a capital da frança", "lasernet", top_k=2).to_dict()
    )
    assert body["status"] == "not_found"
    assert body["answer"] is None
    assert body["confidence"] < 0.35
    assert len(body["passages"]) == 2


def test_min_confidence_decides_abstention(both_index: Path) -> None:
    question = "cliente pediu desbloqueio em confiança"
    low = engine_of(both_index, "lexical", min_confidence=0.0).ask(question, "lasernet").to_dict()
    assert low["status"] == "answered"
    high = engine_of(both_index, "lexical", min_confidence=1.0).ask(question, "lasernet").to_dict()
    assert high["confidence"] < 1.0
    assert high["status"] == "not_found" and high["answer"] is None


def _fact(provider: str) -> Fact:
    return Fact("f1", provider, "credential", "MODEL-X", "s3Cr#t", "u1", (3, 4), {"login": None})


def test_rule_answer_overrides_retrieval_without_embedding(both_index: Path) -> None:
    seen: list[tuple[str, int]] = []

    def rules(question: str, facts: list[Fact]) -> RuleAnswer:
        seen.append((question, len(facts)))
        fact = _fact("lasernet")
        return RuleAnswer(
            "equipment_credentials",
            "answered",
            "MODEL-X — senha: s3Cr#t",
            [fact],
            ["Não passar acesso padrão"],
            "s3Cr#t",
            True,
        )

    embedder = HashEmbedder()
    engine = Engine(load_version(both_index), embedder, "full", rules=rules)
    body = engine.ask("senha do\x00 modelo x", "lasernet", top_k=2).to_dict()
    assert seen and seen[0][0] == "senha do modelo x", "control characters removed first"
    assert seen[0][1] == len(engine.facts("lasernet")), "only the provider's facts"
    assert body["status"] == "answered" and body["source"] == "rule"
    assert body["rule"] == "equipment_credentials"
    assert body["value"] == "s3Cr#t" and body["confidence"] == 1.0
    assert body["facts"][0]["lines"] == [3, 4]
    assert body["caveats"] == ["Não passar acesso padrão"]
    assert len(body["passages"]) == 2
    assert embedder.calls == 0, "a rule answer needs no query embedding"


def test_rule_not_found_keeps_answer_null_and_explains_in_caveats(both_index: Path) -> None:
    def rules(question: str, facts: list[Fact]) -> RuleAnswer:
        return RuleAnswer(
            "equipment_credentials",
            "not_found",
            "A planilha não tem o modelo Z.",
            [],
            ["Modelos na planilha: A, B"],
        )

    engine = Engine(load_version(both_index), HashEmbedder(), "full", rules=rules)
    body = engine.ask("senha do modelo z", "velocinet").to_dict()
    assert body["status"] == "not_found" and body["answer"] is None and body["value"] is None
    assert body["source"] == "rule"
    assert body["caveats"] == ["A planilha não tem o modelo Z.", "Modelos na planilha: A, B"]


def test_no_rule_falls_back_to_retrieval(both_index: Path) -> None:
    def no_rule(question: str, facts: list[Fact]) -> RuleAnswer | None:
        return None

    engine = Engine(load_version(both_index), HashEmbedder(), "full", rules=no_rule)
    body = engine.ask("podemos fazer desbloqueio de confiança", "lasernet").to_dict()
    assert body["source"] == "retrieval" and body["status"] == "answered"


def test_a_raising_rule_surfaces(both_index: Path) -> None:
    """A bug in a rule is an error, never a silently worse answer from retrieval."""

    def broken(question: str, facts: list[Fact]) -> RuleAnswer:
        raise RuntimeError("bug in a rule")

    engine = Engine(load_version(both_index), HashEmbedder(), "full", rules=broken)
    with pytest.raises(RuntimeError, match="bug in a rule"):
        engine.ask("podemos fazer desbloqueio de confiança", "lasernet")


def test_hybrid_mode_ignores_rules(both_index: Path) -> None:
    def rules(question: str, facts: list[Fact]) -> RuleAnswer:
        raise AssertionError("rules must not run outside full mode")

    engine = Engine(load_version(both_index), HashEmbedder(), "hybrid", rules=rules)
    assert engine.ask("senha do roteador", "lasernet").to_dict()["source"] != "rule"


def test_provider_resolution(both_index: Path, laser_index: Path) -> None:
    engine = engine_of(both_index, "lexical")
    with pytest.raises(ProviderRequiredError, match="lasernet") as required:
        engine.ask("qual a porta", None).to_dict()
    assert set(required.value.known) == {"lasernet", "velocinet"}
    with pytest.raises(UnknownProviderError, match=r"'fastnet'.*velocinet"):
        engine.ask("qual a porta", "fastnet").to_dict()
    assert engine.resolve_provider("LaserNet") == "lasernet"
    assert engine.resolve_provider("VelociNet Telecom") == "velocinet"
    single = engine_of(laser_index, "lexical")
    assert single.ask("qual a porta", None).to_dict()["provider"] == "lasernet"


def test_bad_arguments_name_the_bad_value(both_index: Path) -> None:
    loaded = load_version(both_index)
    with pytest.raises(ValueError, match="'fast'"):
        Engine(loaded, HashEmbedder(), "fast")
    with pytest.raises(ValueError, match="'max'"):
        Engine(loaded, HashEmbedder(), "hybrid", fusion="max")
    with pytest.raises(ValueError, match=r"dim 32.*dim 64"):
        Engine(loaded, HashEmbedder(dim=32), "hybrid")
    with pytest.raises(ValueError, match="needs an embedder"):
        Engine(loaded, None, "dense")
    engine = Engine(loaded, None, "lexical")
    with pytest.raises(QuestionError, match="empty"):
        engine.ask(" \x00\t ", "lasernet").to_dict()
    with pytest.raises(QuestionError, match="got 11"):
        engine.ask("porta", "lasernet", top_k=11).to_dict()
    with pytest.raises(QuestionError, match="'price'"):
        engine.facts("lasernet", "price")


def test_weighted_fusion_answers_too(both_index: Path) -> None:
    engine = engine_of(both_index, "hybrid", fusion="weighted", lexical_weight=0.7)
    body = engine.ask("podemos fazer desbloqueio de confiança", "velocinet").to_dict()
    assert body["status"] == "answered"
    assert 0.0 <= body["passages"][-1]["score"] <= body["passages"][0]["score"] <= 1.0


def test_not_found_says_why(both_index: Path) -> None:
    engine = engine_of(both_index, "lexical")
    blank = engine.ask("qual o dns padrão", "lasernet").to_dict()
    assert blank["status"] == "not_found"
    assert blank["gap"]["kind"] == "blank" and "DNS" in blank["gap"]["question"]
    assert blank["gap"]["lines"][0] > 0
    absent = engine.ask("qual a capital da frança", "lasernet").to_dict()
    assert absent["gap"] == {"kind": "absent", "question": None, "lines": None, "mention": None}
    full = Engine(load_version(both_index), HashEmbedder(), "full")
    entity = full.ask("senha do zx 9000", "lasernet").to_dict()
    assert entity["gap"]["kind"] == "entity" and entity["gap"]["mention"] == "zx 9000"
    speed = full.ask("plano de 700 mega", "lasernet").to_dict()
    assert speed["gap"]["mention"] == "700" and speed["suggestions"]  # the sheet's speeds
    assert full.ask("senha do w5 1200g", "lasernet").to_dict()["gap"] is None


def test_a_rules_source_units_lead_the_passages(both_index: Path) -> None:
    loaded = load_version(both_index)
    source = next(u for u in loaded.units if u.provider == "lasernet" and u.kind == "statement")

    def rules(question: str, facts: list[Fact]) -> RuleAnswer:
        fact = Fact("f1", "lasernet", "fee", "x", "R$ 1,00", source.id, source.lines, {})
        return RuleAnswer("fee", "answered", "x: R$ 1,00", [fact])

    engine = Engine(loaded, HashEmbedder(), "full", rules=rules)
    body = engine.ask("podemos fazer desbloqueio de confiança?", "lasernet", top_k=3).to_dict()
    assert body["passages"][0]["id"] == source.id, "the answer's source is shown first"
    assert len({p["id"] for p in body["passages"]}) == 3


def test_a_situation_finds_the_unit_that_opens_with_it(tmp_path: Path) -> None:
    """A statement "Quando o cliente X, ..." is about X: asked as a situation, it ranks first
    over a shorter unit that only shares the word."""
    from tests.factories import build_index

    sheet = tmp_path / "acme.txt"
    sheet.write_text(
        "Acme\n\nCHAT\n"
        "Quando o cliente solicitar contratação, não devemos transferir. Anotar os dados.\n\n"
        "Informações\n"
        "Login do contrato é o CPF do cliente\n\n"
        "Qual o horário de atendimento?\nR: Das 08h às 18h\n",
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"
    build_index(index_dir, [sheet], HashEmbedder())
    without = engine_of(index_dir, "lexical", heading_weight=0.0).ask("cliente quer contratar")
    weighed = engine_of(index_dir, "lexical").ask("cliente quer contratar")
    assert weighed.to_dict()["answer"].startswith("Quando o cliente solicitar contratação")
    assert without.to_dict()["answer"].startswith("Login"), "the field weight made the change"
