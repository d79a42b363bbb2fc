"""Line shapes: question labels, parallel items, plan items, and when text counts as wrapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parsing import parse_sheet
from ingest.parsing.lines import is_parallel, is_plan_like, is_question, short_label
from ingest.parsing.wraps import join_wraps


@pytest.mark.parametrize(
    ("question", "label"),
    [
        (
            "Qual a porta de acesso para acesso aos roteadores?",
            "Porta de acesso para acesso aos roteadores",
        ),
        ("Quais são as tratativas para reset?", "Tratativas para reset"),
        ("Tem plantão aos finais de semana e feriado?", "Plantão aos finais de semana e feriado"),
        ("Possui taxa de instalação?", "Taxa de instalação"),
        ("Quanto custa a visita técnica?", "Visita técnica"),
        ("Presta Suporte a Repetidores?", "Presta Suporte a Repetidores"),
        ("Qual DNS?", "Qual DNS"),  # one word left: the question stays as it is
    ],
)
def test_short_label(question: str, label: str) -> None:
    assert short_label(question) == label


def test_parallel_and_plan_lines() -> None:
    assert is_parallel("Bloqueio parcial com 15 dias", "Bloqueio total com 45 dias")
    assert not is_parallel("Bloqueio parcial com 15 dias.", "Bloqueio total com 45 dias")
    assert not is_parallel("Não soma os dias", "Não liberar com 35 dias")  # no number in the first
    assert is_plan_like("Plano 400 Mega ........ R$ 99,90")
    assert is_plan_like("49,90 - 50MB") and not is_plan_like("Das 08h às 18h")


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_sheet_without_blank_lines_parses_the_same(
    sheet: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(f"{sheet}_path")
    text = path.read_text(encoding="utf-8")
    dense = "\n".join(line for line in text.split("\n") if line.strip())

    def shape(t: str) -> list[tuple[str, str, str | None, str]]:
        return [(u.section, u.kind, u.question, u.answer) for u in parse_sheet(t, sheet).units]

    assert shape(dense) == shape(text)


def test_wrapped_text_is_joined() -> None:
    lines = [
        "Caso o cliente solicite a troca de senha do roteador, devemos abrir uma",
        "ocorrência e informar que o setor responsável vai entrar em contato com",
        "o cliente no mesmo dia, sem custo nenhum para a troca de senha pedida.",
        "Registrar no sistema.",
    ]
    joined = join_wraps("\n".join(lines))
    assert [line.span for line in joined] == [(1, 3), (4, 4)]
    assert joined[0].raw.endswith("troca de senha pedida.")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("xiDGLET.?", False),  # a password cell ending in "?"
        ("Tcn:f670?L#?", False),
        ("TX2?", False),
        ("Valor?", True),
        ("Endereço?", True),
        ("Tem plantão?", True),
        ("Qual a senha do roteador?", True),
    ],
)
def test_a_value_ending_in_a_question_mark_is_not_a_question(text: str, asks: bool) -> None:
    assert is_question(text) is asks
