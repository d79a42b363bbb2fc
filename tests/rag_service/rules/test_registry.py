"""The rule registry: typed word groups, exclusions derived from the other rules, answers chosen
by evidence so that the registry's order does not matter, and two kinds asked at once."""

from __future__ import annotations

import json
import random

import pytest

from ingest.facts import KIND_NAMES
from rag_service.rules import REGISTRY, Registry, answer_by_rules
from rag_service.rules.catalog import credentials, fees, port
from rag_service.rules.words import VOCAB, Word
from tests.factories import ROOT, SHEETS, contact, fee, made_up_facts


def test_a_misspelt_word_group_fails_at_once() -> None:
    with pytest.raises(AttributeError):
        Word.PASWORD  # type: ignore[attr-defined]  # noqa: B018
    assert set(VOCAB) == set(Word), "every group has its words"


def test_rule_names_are_unique() -> None:
    rule = credentials.RULE
    with pytest.raises(ValueError, match="unique"):
        Registry([rule, rule])


def test_the_rules_answer_kinds_that_ingest_extracts() -> None:
    assert REGISTRY.kinds <= set(KIND_NAMES)


def test_exclusions_come_from_the_other_rules() -> None:
    context = REGISTRY.context(credentials.RULE)
    # Another rule's trigger rules a model-only credential answer out...
    assert Word.PORT in context.other_triggers and Word.CHARGE in context.other_triggers
    # ... but never its own.
    assert Word.PASSWORD not in context.other_triggers
    # No word that names a kind of fact is read as part of a model name.
    assert {Word.PASSWORD, Word.PORT, Word.CHARGE, Word.PROCEDURE} <= set(context.not_entity)
    assert Word.CHARGE in REGISTRY.context(port.RULE).other_triggers


def _questions() -> list[tuple[str, str]]:
    out = []
    for name in ("gold.jsonl", "gold_velocinet.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            out.append((item["provider"], item["q"]))
    return out


def test_the_order_of_the_registry_does_not_matter() -> None:
    questions = _questions()
    facts = {**SHEETS, "zeta": made_up_facts()}
    expected = [REGISTRY.answer(q, facts[p]) for p, q in questions]
    for seed in range(3):
        rules = list(REGISTRY.rules)
        random.Random(seed).shuffle(rules)
        shuffled = Registry(rules)
        got = [shuffled.answer(q, facts[p]) for p, q in questions]
        assert got == expected, f"order {[r.name for r in rules]}"


def test_port_question_is_not_a_credential_question() -> None:
    answer = answer_by_rules("qual a porta pra acessar o equipamento remoto", SHEETS["lasernet"])
    assert answer is not None and answer.rule == "access_port" and answer.value == "9020"


def test_two_kinds_asked_at_once_answer_both() -> None:
    answer = answer_by_rules("qual o valor da mudança de endereço e o horario", SHEETS["lasernet"])
    assert answer is not None and answer.status == "answered"
    assert set(answer.rule.split("+")) == {"fee", "hours"}
    assert "20 reais" in (answer.answer or "") and "08h" in (answer.answer or "")
    assert {f.kind for f in answer.facts} == {"fee", "hours"}
    assert answer.value is None, "two facts: no single value to copy"


def test_the_rule_that_explains_more_of_the_question_wins() -> None:
    answer = answer_by_rules("cliente mudou de endereço", SHEETS["lasernet"])
    assert answer is not None and answer.rule == fees.RULE.name


TWO_OF_A_KIND = [
    contact("zeta", "Telefone fixo", "(11) 4000-1000", "phone"),
    contact("zeta", "Endereço", "Rua Um, 10 - Centro", "address"),
    contact("zeta", "Site para medir velocidade", "https://speed.example", "speedtest_site"),
    contact("zeta", "SITE", "https://zeta.example", "site"),
    contact("zeta", "E-MAIL", "sac@zeta.example", "email"),
    fee("zeta", "Taxa de instalação", "R$ 280,00 em 4x", True),
    fee("zeta", "Custo da visita técnica improdutiva", "Cobrado o valor de 110 reais", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("me passa o telefone e o endereco", {"(11) 4000-1000", "Rua Um, 10 - Centro"}),
        ("qual o telefone e tambem o endereco?", {"(11) 4000-1000", "Rua Um, 10 - Centro"}),
        ("me passa o site e o email", {"https://zeta.example", "sac@zeta.example"}),
        ("preco da instalacao e da visita improdutiva",
         {"R$ 280,00 em 4x", "Cobrado o valor de 110 reais"}),
    ],
)  # fmt: skip
def test_two_facts_of_one_kind_asked_at_once_answer_both(question: str, values: set[str]) -> None:
    """A word of the rule's groups that names another fact ("endereço" beside the phone) is not
    explained by the first answer; a part whose own fact explains a new word joins it."""
    answer = answer_by_rules(question, TWO_OF_A_KIND)
    assert answer is not None and answer.status == "answered", question
    assert {f.value for f in answer.facts} == values


def test_one_thing_asked_is_answered_with_one_fact() -> None:
    for question in ("qual o telefone", "qual o valor da instalação", "me passa o site"):
        answer = answer_by_rules(question, TWO_OF_A_KIND)
        assert answer is not None and len(answer.facts) == 1, (question, answer)
