"""The day-threshold rule: partial and total block days, the release limit."""

from __future__ import annotations

import pytest

from tests.factories import (
    answered,
)

# --- day thresholds ----------------------------------------------------------------------------

THRESHOLD_CASES = [
    ("lasernet", "com quantos dias bloqueia", "block_days", ["30 Dias", "35 Dias"]),
    ("lasernet", "bloqueio", "block_days", ["30 Dias", "35 Dias"]),
    ("lasernet", "bloqueio parcial", "block_days", ["30 Dias"]),
    ("lasernet", "bloqeio total", "block_days", ["35 Dias"]),
    ("lasernet", "quando corta a internet", "block_days", ["35 Dias"]),
    ("lasernet", "quando reduz a velocidade", "block_days", ["30 Dias"]),
    ("lasernet", "quantos dias de atraso pode liberar", "trust_release_days", ["35 DIAS"]),
    ("velocinet", "desbloqueio de confiança limite", "trust_release_days", ["20 DIAS"]),
    ("velocinet", "com qtos dias bloqueia?", "block_days", ["10 Dias", "25 Dias"]),
    ("velocinet", "bloqueio total com quantos dias", "block_days", ["25 Dias"]),
]


@pytest.mark.parametrize(("sheet", "question", "rule", "values"), THRESHOLD_CASES)
def test_day_thresholds(sheet: str, question: str, rule: str, values: list[str]) -> None:
    r = answered(sheet, question, rule)
    assert [f.value for f in r.facts] == values
    for v in values:
        assert v in (r.answer or "")


def test_release_limit_keeps_its_caveat() -> None:
    r = answered("lasernet", "até quantos dias de atraso posso liberar?", "trust_release_days")
    assert any("faturas" in c for c in r.caveats)
