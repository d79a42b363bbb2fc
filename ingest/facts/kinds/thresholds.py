"""Day thresholds of late payment: "Bloqueio Parcial (Redução): 30 Dias", "bloqueio total com
45 dias", and the most days late for a release in trust ("NÃO LIBERAR COM MAIS DE 35 DIAS")."""

from __future__ import annotations

import re
from collections.abc import Hashable

from ingest.analysis import clean, fold
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext, subject_identity
from ingest.records import AttrValue, Fact, Unit

_DAYS = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<value>(?P<days>\d{1,3})\s*dias?)\b", re.I)
MAX_LATE = re.compile(r"mais\s+de\s+(?P<value>(?P<days>\d{1,3})\s*dias?)", re.IGNORECASE)
# "Bloqueio parcial com 15 dias": a block named, then when it happens.
_DAYS_INLINE = re.compile(
    r"(?P<label>\b(?:bloqueio|suspens[ãa]o|redu[çc][ãa]o|corte)\b[^,.;:]{0,40}?)\s+"
    r"(?:com|ap[óo]s|em|a\s+partir\s+de|depois\s+de)\s+(?P<value>(?P<days>\d{1,3})\s*dias?)\b",
    re.IGNORECASE,
)


def extract(out: FactSink, ctx: UnitContext) -> None:
    if ctx.unit.kind not in ("qa", "statement"):
        return
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        if m := _DAYS.search(text):
            _threshold(out, ctx.unit, m, span)
        elif (m := MAX_LATE.search(text)) and "liber" in fold(text) and "atraso" in fold(text):
            attrs: dict[str, AttrValue] = {
                "days": int(m.group("days")),
                "threshold": "max_days_late_release",
            }
            out.add(ctx.unit, "day_threshold", clean(text), m.group("value"), span, attrs, [text])
        else:
            for m in _DAYS_INLINE.finditer(text):
                _threshold(out, ctx.unit, m, span)


def _threshold(out: FactSink, unit: Unit, m: re.Match[str], span: Span) -> None:
    label = m.group("label").strip()
    folded = fold(label)
    kind = (
        "partial_block"
        if "parcial" in folded or "reducao" in folded
        else "total_block"
        if "total" in folded
        else "other"
    )
    attrs: dict[str, AttrValue] = {"days": int(m.group("days")), "threshold": kind}
    out.add(unit, "day_threshold", label, m.group("value"), span, attrs)


def identity(fact: Fact) -> Hashable:
    """A threshold is the same when it is the same kind of block (or release limit)."""
    if fact.attrs.get("threshold") not in (None, "other"):
        return ("day_threshold", fact.attrs.get("threshold"))
    return subject_identity(fact)


KIND = FactKind(name="day_threshold", label="threshold", extract=extract, identity=identity)
