"""Day thresholds of late payment: when the speed is reduced, when it is blocked, the most days
late for a release in trust; and, for a customer N days late, which of them applies."""

from __future__ import annotations

import re

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question, in_groups
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import Word

PARTIAL, TOTAL, RELEASE = "partial_block", "total_block", "max_days_late_release"
LASTS = "release_duration"
# "47 dias", "40d", "1 dia": a count of days in the question.
_DAYS_COUNT = re.compile(r"^(\d{1,3})(?:d)?$")


def block_days(q: Question, found: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    late = days_late(q)
    if late is not None and not q.content(Word.LATE, Word.DAYS):
        # "cliente com 20 dias de atraso", nothing more: where the customer stands.
        return situation(late, found)
    if q.has(Word.RELEASE):
        lasting = _of(found, LASTS)
        if lasting and asks_how_long(q):
            # "desbloqueio de confiança libera por quantos dias": how long it lasts.
            return answered("trust_release_duration", lasting, [line(f) for f in lasting])
        if not q.has(Word.DAYS):
            return None  # how to release, not the limit
        chosen = _of(found, RELEASE)
        if not chosen:
            return None
        if late is not None:
            return answered("trust_release_days", chosen, [release_verdict(late, chosen[0])])
        return answered("trust_release_days", chosen, [line(f) for f in chosen])
    slowed = q.has(Word.SLOW) and q.has(Word.LATE)  # "atrasou, com quantos dias fica lenta?"
    if not (q.has_any(Word.BLOCK, Word.CUT, Word.REDUCE) or slowed):
        return None
    if q.has_any(Word.HOW, Word.PLAN):
        return None
    if q.has(Word.CHARGE) and not q.has(Word.DAYS):
        return None  # "taxa de religação depois do bloqueio total": a fee, not a day count
    blocks = _of(found, PARTIAL) + _of(found, TOTAL)
    if late is not None and blocks:
        # "cliente com 47 dias de atraso tá bloqueado?": which threshold applies, and all.
        return answered("block_days", blocks, [block_verdict(late, blocks)])
    loose = q.has(Word.BLOCK) and not q.content(Word.BLOCK)
    asks_when = q.has_any(Word.DAYS, Word.WHEN, Word.PARTIAL, Word.TOTAL, Word.SPEED)
    if not (asks_when or loose):
        return None
    wanted = set()
    if q.has_any(Word.PARTIAL, Word.REDUCE) or slowed:
        wanted.add(PARTIAL)
    # "com quantos dias reduz e quando bloqueia": the block beside the reduction is the total.
    beside = (
        q.has(Word.REDUCE)
        and q.has(Word.BLOCK)
        and not (q.has(Word.PARTIAL) or q.phrase(Word.BLOCK, Word.REDUCE))  # "bloqueio de redução"
    )
    if q.has_any(Word.TOTAL, Word.CUT) or beside:
        wanted.add(TOTAL)
    chosen = [
        f for kind in (PARTIAL, TOTAL) if kind in (wanted or {PARTIAL}) for f in _of(found, kind)
    ]
    if not wanted or not chosen:
        chosen = blocks
    return answered("block_days", chosen, [line(f) for f in chosen]) if chosen else None


def asks_how_long(q: Question) -> bool:
    """ "libera por quantos dias", "dura quanto", "libera qtos dias": how long a release lasts,
    not how late a payment may be ("até quantos dias de atraso", "limite de dias")."""
    if q.has(Word.DURATION):
        return True
    if q.has(Word.LATE) or q.matching(Word.DAYS) - {"dia", "dias", "quantos"}:
        return False
    tokens = q.tokens
    counted = [k for k, t in enumerate(tokens) if in_groups(t, (Word.HOW_MANY,))]
    return any(
        k > 0 and (tokens[k - 1] == "por" or in_groups(tokens[k - 1], (Word.RELEASE,)))
        for k in counted
    )


def situation(late: int, found: list[Fact]) -> RuleAnswer | None:
    """Every threshold a customer ``late`` days late meets or faces: which block applies, and
    whether a release in trust is still possible."""
    blocks = _of(found, PARTIAL) + _of(found, TOTAL)
    limits = _of(found, RELEASE)
    said = [block_verdict(late, blocks)] if blocks else []
    said += [release_verdict(late, limits[0])] if limits else []
    if not said:
        return None
    return answered("block_days", blocks + limits[:1], said)


def days_late(q: Question) -> int | None:
    """The days a customer is late, when the question gives them ("com 47 dias de atraso")."""
    if not q.has(Word.LATE):
        return None
    tokens = q.tokens
    for i, token in enumerate(tokens):
        match = _DAYS_COUNT.match(token)
        if match is None:
            continue
        unit = token.endswith("d") or (i + 1 < len(tokens) and tokens[i + 1] in {"dia", "dias"})
        if unit:
            return int(match.group(1))
    return None


def _of(found: list[Fact], threshold: str) -> list[Fact]:
    """The sheet's facts of one threshold; a worked case ("cliente com 15 dias: ...") only
    when the sheet states that threshold nowhere else."""
    of_kind = [f for f in found if f.attrs.get("threshold") == threshold]
    stated = [f for f in of_kind if not f.attrs.get("case")]
    return stated or of_kind


def _days(fact: Fact) -> int | None:
    days = fact.attrs.get("days")
    return days if isinstance(days, int) else None


def block_verdict(late: int, blocks: list[Fact]) -> str:
    """Which block applies at ``late`` days, then every block with its days as the sheet says.

    A threshold applies from its day on ("com 30 dias ocorre o bloqueio").
    """
    counted = sorted(
        ((d, f) for f in blocks if (d := _days(f)) is not None),
        key=lambda pair: (pair[0], pair[1].attrs.get("threshold") == TOTAL),
    )
    reached = [(d, f) for d, f in counted if late >= d]
    head = f"Com {late} dias de atraso: "
    if reached:
        _, fact = reached[-1]
        name = "o bloqueio total" if fact.attrs.get("threshold") == TOTAL else "a redução"
        verdict = f"{head}aplica-se {name} ({line(fact)})."
    elif counted:
        _, first = counted[0]
        verdict = f"{head}ainda não há bloqueio; o primeiro é {line(first)}."
    else:
        verdict = f"{head}a planilha não dá os dias de cada bloqueio."
    return "\n".join([verdict, *(line(f) for f in blocks)])


def release_verdict(late: int, limit: Fact) -> str:
    """Whether ``late`` days are within the sheet's limit for a release in trust."""
    days = _days(limit)
    head = f"Com {late} dias de atraso: "
    if days is None:
        verdict = f"{head}a planilha não dá o limite em dias."
    elif late > days:
        verdict = f"{head}passa do limite para o desbloqueio de confiança ({limit.value})."
    elif late == days:
        verdict = f"{head}está no limite ({limit.value}); confira a regra abaixo."
    else:
        verdict = f"{head}dentro do limite para o desbloqueio de confiança ({limit.value})."
    return f"{verdict}\n{line(limit)}"


RULE = Rule(
    name="block_days",
    kind="day_threshold",
    triggers=frozenset({Word.BLOCK, Word.CUT, Word.REDUCE, Word.RELEASE}),
    reads=frozenset(
        {Word.DAYS, Word.WHEN, Word.PARTIAL, Word.TOTAL, Word.SLOW, Word.LATE, Word.DURATION}
    ),
    answer=block_days,
)
