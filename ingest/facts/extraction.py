"""Typed facts from parsed units: every kind of the registry tried on every unit.

Nothing here knows a sheet's values: each kind's module finds its facts by general patterns and
Portuguese kind words (``ingest.facts.kinds``). Values are kept exactly as written; normalised
forms go to ``attrs`` (see ``ingest.records``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ingest.facts.amendments import amend
from ingest.facts.kind import Span, UnitContext
from ingest.facts.registry import KINDS, SECRET_KINDS
from ingest.outdated import current_lines
from ingest.parsing.tables import column_roles, row_lines
from ingest.records import AttrValue, Fact, Unit, stable_id


class FactBuilder:
    """Collects facts with unique ids; a fact of a secret kind is marked secret."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.seen: dict[str, int] = {}

    def add(
        self,
        unit: Unit,
        kind: str,
        subject: str,
        value: str,
        lines: Span,
        attrs: Mapping[str, AttrValue],
        caveats: Sequence[str] = (),
    ) -> None:
        base = f"{unit.provider}:{kind}:{stable_id(unit.id, subject, value)}"
        self.seen[base] = self.seen.get(base, 0) + 1
        fid = base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"
        self.facts.append(
            Fact(
                id=fid,
                provider=unit.provider,
                kind=kind,
                subject=subject,
                value=value,
                unit_id=unit.id,
                lines=lines,
                attrs=dict(attrs),
                caveats=tuple(caveats),
                secret=kind in SECRET_KINDS,
            )
        )


def extract_facts(
    units: Sequence[Unit], line_map: Mapping[str, Sequence[Span]] | None = None
) -> list[Fact]:
    """Facts of the units (of one or more sheets), in unit order.

    ``line_map`` (``ParsedSheet.line_map``) gives the span of each answer line, so that a fact
    points at the line its value came from; without it, facts carry their unit's span. Values
    another line corrects are put right (``ingest.facts.amendments``).
    """
    out = FactBuilder()
    for index, unit in enumerate(units):
        texts = unit.answer.split("\n") if unit.answer else []
        spans = list((line_map or {}).get(unit.id, ()))
        if len(spans) != len(texts):
            spans = [unit.lines] * len(texts)
        view, texts, spans = _current(units, index, texts, spans)
        context = UnitContext(units=view, index=index, texts=texts, spans=spans)
        for kind in KINDS:
            kind.extract(out, context)
        if unit.kind == "table" and len(texts) > 1:
            _read_rows(out, view, index, texts, spans)
    return amend(out.facts, units, line_map or {})


def _current(
    units: Sequence[Unit], index: int, texts: list[str], spans: list[Span]
) -> tuple[Sequence[Unit], list[str], list[Span]]:
    """The unit's lines that still hold (``ingest.outdated``): a value the sheet marks as old
    or strikes through gives no fact; the units as extractors see them."""
    held = current_lines(texts)
    if held == texts:
        return units, texts, spans
    kept = [(text, span) for text, span in zip(held, spans, strict=True) if text is not None]
    texts, spans = [t for t, _ in kept], [s for _, s in kept]
    unit = replace(units[index], answer="\n".join(texts))
    return [*units[:index], unit, *units[index + 1 :]], texts, spans


# Tables the kinds read by their columns: router access and plans.
_COLUMN_TABLES = frozenset({"password", "speed"})


def _read_rows(
    out: FactBuilder, units: Sequence[Unit], index: int, texts: list[str], spans: list[Span]
) -> None:
    """A table of services and fees, of situations and days, of cases and deadlines: its rows
    read as the "label: value" lines of an answer by the kinds that read lines."""
    header = texts[0].split(" | ")
    if _COLUMN_TABLES & set(column_roles(header)):
        return
    rows = [(text.split(" | "), span) for text, span in zip(texts[1:], spans[1:], strict=True)]
    fitting = [(row, span) for row, span in rows if len(row) == len(header)]
    said = row_lines(header, [row for row, _ in fitting])
    kept = [(line, span) for line, (_, span) in zip(said, fitting, strict=True) if line]
    if not kept:
        return
    lines = [line for line, _ in kept]
    line_spans = [span for _, span in kept]
    unit = units[index]
    as_answer = replace(unit, kind="qa" if unit.question else "list", answer="\n".join(lines))
    view = [*units[:index], as_answer, *units[index + 1 :]]
    context = UnitContext(units=view, index=index, texts=lines, spans=line_spans)
    for kind in KINDS:
        if kind.reads_rows:
            kind.extract(out, context)
