"""Hours facts: the answer to an hours question, the lines under an hours heading, and the
hours lines of a key-value block ("HORÁRIO: De Segunda a Sábado Das 08h as 18h")."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext
from ingest.parsing.contact_lines import is_value_shaped
from ingest.parsing.lines import short_label

HOUR = re.compile(r"\b\d{1,2}\s*h(?:\d{2})?\b|\b\d{1,2}:\d{2}\b|24/7|24\s*horas", re.IGNORECASE)
# "Horário de funcionamento: Todos os dias das 8h às 21h" on any line of any unit.
_HOURS_LABEL = re.compile(r"^(?:[-•*·]\s*)?(?P<label>[^:]{3,60}?)\s*:\s*(?P<value>\S.*)$")
_HOURS_WORDS = ("horario", "expediente", "funcionamento", "atendimento", "plantao")


# "das 08h às 17h", "08h-18h", "9:00 até 12:00": a range of hours, what opening hours say.
_RANGE = re.compile(
    rf"(?:{HOUR.pattern})\s*(?:às|as|a|-|–|até|ate)\s*(?:{HOUR.pattern})", re.IGNORECASE
)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    for subject, value, span in _hours(ctx) or _ranges(ctx):
        out.add(unit, "hours", subject, value, span, {})


Found = list[tuple[str, str, Span]]  # (subject, value, lines) of each hours fact


def _ranges(ctx: UnitContext) -> Found:
    """A range of hours anywhere else ("Possui atendimento presencial?" over "Seg a Sex das 08h
    às 17h, Sábado das 08h às 11h30"): the hours of what its label or question names."""
    if ctx.unit.kind not in ("qa", "statement", "list"):
        return []
    found: Found = []
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        if _RANGE.search(text):
            label, value = _labelled(text)
            subject = label or short_label(ctx.unit.question or "") or ctx.unit.section
            found.append((subject, value, span))
    return found


def _labelled(text: str) -> tuple[str | None, str]:
    """(label, value) of a "label: value" line, (None, the line) of any other, or of one whose
    "label" tells the hours ("Seg a sex 08h–18h: só transbordo")."""
    found = _HOURS_LABEL.match(text.strip())
    if found is None or HOUR.search(found["label"]):
        return None, text
    return found["label"].strip(), found["value"].strip()


def _hours(ctx: UnitContext) -> Found:
    unit = ctx.unit
    found: Found = []
    if unit.kind == "keyvalue":
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            key, _, value = text.partition(": ")
            if HOUR.search(text) and not is_value_shaped(value.strip()):
                found.append((unit.section, f"{key} {value.strip()}", span))
        return found
    if unit.kind == "qa" and unit.question and ctx.texts:
        q = fold(unit.question)
        if "horario" in q or "plantao" in q or ctx.in_section("horario"):
            label = short_label(unit.question)
            for text, span in zip(ctx.texts, ctx.spans, strict=True):
                if HOUR.search(text) or "plantao" in q:
                    found.append((label, text, span))
    if unit.kind in ("statement", "list") and ctx.in_section("horario"):
        # Lines under an hours heading ("Seg a Sex: 8h às 18h") are the hours it heads.
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            if HOUR.search(text):
                found.append((unit.section, text, span))
    elif unit.kind == "list" and ctx.texts and _names_hours(ctx.texts[0]):
        # A list under an hours label ("HORÁRIO" over "Seg a Sex: 8h às 18h" bullets).
        for text, span in zip(ctx.texts[1:], ctx.spans[1:], strict=True):
            if HOUR.search(text):
                found.append((ctx.texts[0].rstrip(":"), text, span))
    elif unit.kind in ("statement", "list"):
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            named, said = _labelled(text)
            if named and HOUR.search(said) and any(w in fold(named) for w in _HOURS_WORDS):
                found.append((named, said, span))
    return found


def _names_hours(label: str) -> bool:
    """A short label that names hours ("HORÁRIO", "Horário de funcionamento:")."""
    return len(label.split()) <= 5 and any(w in fold(label) for w in _HOURS_WORDS)


KIND = FactKind(name="hours", label="hours", extract=extract, reads_rows=True)
