"""Hours facts: the answer to an hours question, the lines under an hours heading, and the
hours lines of a key-value block ("HORÁRIO: De Segunda a Sábado Das 08h as 18h")."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.parsing.contact_lines import is_value_shaped
from ingest.parsing.lines import short_label

HOUR = re.compile(r"\b\d{1,2}\s*h\b|\b\d{1,2}:\d{2}\b|24/7", re.IGNORECASE)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if unit.kind == "keyvalue":
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            key, _, value = text.partition(": ")
            if HOUR.search(text) and not is_value_shaped(value.strip()):
                out.add(unit, "hours", unit.section, f"{key} {value.strip()}", span, {})
        return
    if unit.kind == "qa" and unit.question and ctx.texts:
        q = fold(unit.question)
        if "horario" in q or "plantao" in q:
            label = short_label(unit.question)
            for text, span in zip(ctx.texts, ctx.spans, strict=True):
                if HOUR.search(text) or "plantao" in q:
                    out.add(unit, "hours", label, text, span, {})
    if unit.kind in ("statement", "list") and ctx.in_section("horario"):
        # Lines under an hours heading ("Seg a Sex: 8h às 18h") are the hours it heads.
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            if HOUR.search(text):
                out.add(unit, "hours", unit.section, text, span, {})


KIND = FactKind(name="hours", label="hours", extract=extract)
