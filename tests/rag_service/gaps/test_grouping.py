"""Gaps on a synthetic audit log: paraphrases grouped, ranked by count, agents counted, the
sheet's closest unit found, dates and providers selected, no secret shown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ingest.records import Unit
from rag_service.gaps import from_audit, from_feedback, group_gaps, parse_since, select, similarity
from rag_service.gaps.grouping import question_stems


def _audit(
    question: str,
    key: str,
    *,
    provider: str = "acme",
    status: str = "not_found",
    day: int = 10,
    unit: str = "acme:u1",
    endpoint: str = "/ask",
) -> dict[str, Any]:
    return {
        "time": f"2024-05-{day:02d}T12:00:00.000+00:00",
        "endpoint": endpoint,
        "key_id": key,
        "role": "agent",
        "question": question,
        "provider": provider,
        "unit_ids": [unit, "acme:u2"],
        "fact_ids": [],
        "status": status,
        "http_status": 200,
    }


# What agents typed, with the topic each is about (the grouping must find these topics).
ASKED: list[tuple[str, str, str]] = [
    ("qual o dns", "a1", "dns"),
    ("qual o dns", "a2", "dns"),
    ("dns padrão?", "a3", "dns"),
    ("qual dns usar", "a1", "dns"),
    ("qual o dsn padrao", "a4", "dns"),
    ("qto custa a instalação", "a1", "install"),
    ("valor da taxa de instalação", "a2", "install"),
    ("tem taxa de instalação?", "a2", "install"),
    ("senha do w5 1200g", "a1", "w5"),
    ("senha do iwr3000", "a2", "iwr"),
]

UNITS = [
    Unit("acme:dns", "acme", "SUPORTE", "qa", "Qual DNS padrão?", "", (112, 112)),
    Unit("acme:fee", "acme", "VENDAS", "statement", None, "Possui taxa de instalação", (36, 36)),
    Unit(
        "acme:pw",
        "acme",
        "SUPORTE",
        "table",
        "Qual a senha?",
        "MODELO | SENHA\nW4 | Xy@12",
        (49, 60),
    ),
]


@pytest.fixture
def groups() -> list:
    records = [_audit(q, k) for q, k, _ in ASKED]
    records.append(_audit("qual o dns", "a9", status="answered"))
    records.append(_audit("dns", "a9", endpoint="/search"))
    return group_gaps(from_audit(records), UNITS)


def test_paraphrases_group_together_and_the_most_asked_comes_first(groups: list) -> None:
    topics = {topic for _, _, topic in ASKED}
    assert len(groups) == len(topics)
    dns, install = groups[0], groups[1]
    assert (dns.count, dns.agents, dns.topic) == (5, 4, "dns")
    assert set(dns.examples) <= {q for q, _, t in ASKED if t == "dns"} and len(dns.examples) == 3
    assert dns.examples[0] == "qual o dns"  # the most asked wording first
    assert (install.count, install.agents) == (3, 2)
    assert "instalação" in install.topic
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    # Two questions about two routers are two gaps, not one "senha" gap.
    assert sorted(g.topic for g in groups[2:]) == ["senha iwr3000", "senha w5 1200g"]


def test_only_not_found_asks_count_and_the_closest_unit_is_named(groups: list) -> None:
    dns = groups[0]
    assert dns.not_found == 5 and dns.nao_resolveu == 0
    assert dns.top_unit == "acme:u1"
    assert dns.closest is not None
    assert (dns.closest.id, dns.closest.lines, dns.closest.blank) == ("acme:dns", (112, 112), True)
    assert groups[1].closest is not None and groups[1].closest.id == "acme:fee"
    # Nothing of the sheet is about one router's password: no closest unit, not a weak one.
    (w5,) = [g for g in groups if "w5" in g.topic]
    assert w5.closest is None


def test_feedback_marked_nao_resolveu_joins_the_same_topic() -> None:
    said = {"time": "2024-05-11T09:00:00+00:00", "question": "dns padrão", "provider": "acme"}
    feedback = [
        {**said, "verdict": "nao_resolveu", "key_id": "a7", "unit_ids": ["acme:dns"]},
        {**said, "verdict": "resolveu", "key_id": "a8", "unit_ids": []},
    ]
    asked = from_audit([_audit("qual o dns", "a1")]) + from_feedback(feedback)
    (group,) = group_gaps(asked)
    assert (group.count, group.agents, group.not_found, group.nao_resolveu) == (2, 2, 1, 1)


def test_since_and_provider_select_what_is_counted() -> None:
    records = [_audit("qual o dns", "a1", day=1), _audit("qual o dns", "a2", day=20)]
    records.append(_audit("qual o dns", "b1", provider="other", day=20))
    asked = from_audit(records)
    assert len(select(asked, parse_since("2024-05-15"))) == 2
    assert [a.key_id for a in select(asked, parse_since("2024-05-15"), "acme")] == ["a2"]
    assert len(select(asked, parse_since("2024-05-01T00:00:00+00:00"))) == 3
    assert parse_since("2024-05-15") == datetime(2024, 5, 15, tzinfo=UTC)
    with pytest.raises(ValueError, match="since must be a date"):
        parse_since("semana passada")


def test_a_number_does_not_make_another_topic() -> None:
    records = [_audit("tem fidelidade?", "a1"), _audit("fidelidade 12 meses?", "a2")]
    (group,) = group_gaps(from_audit(records))
    assert (group.count, group.topic) == (2, "fidelidade")


def test_providers_are_grouped_apart() -> None:
    records = [_audit("qual o dns", "a1"), _audit("qual o dns", "b1", provider="other")]
    groups = group_gaps(from_audit(records))
    assert sorted((g.provider, g.count) for g in groups) == [("acme", 1), ("other", 1)]


def test_a_secret_left_in_a_question_is_masked_in_everything_shown() -> None:
    records = [_audit("a senha Xy@12 não entra no w4", "a1")]

    def mask(text: str) -> str:
        return text.replace("Xy@12", "[segredo]")

    (group,) = group_gaps(from_audit(records), UNITS, mask=mask)
    shown = " ".join([group.topic, *group.examples, str(group.closest)])
    assert "Xy@12" not in shown and "[segredo]" in group.examples[0]
    assert "segredo" not in group.topic  # the mark is not a word of the topic


def test_stems_and_similarity_read_questions_as_the_service_does() -> None:
    assert question_stems("Qual o DNS padrão?") == question_stems("dns padrao")
    cost, fee = question_stems("qto custa a instalação"), question_stems("valor da taxa instalação")
    assert similarity(cost, fee) >= 0.6
    assert similarity(question_stems("prazo do suporte"), question_stems("visita técnica")) < 0.6
    assert similarity(question_stems("qual o dns"), frozenset()) == 0.0
