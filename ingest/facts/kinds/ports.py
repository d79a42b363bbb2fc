"""The routers' access port: the number answering a question about the "porta"."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.parsing.lines import short_label

_PORT = re.compile(r"\b\d{2,5}\b")


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if unit.kind != "qa" or not unit.question or not ctx.texts:
        return
    if "porta" in fold(unit.question) and (m := _PORT.search(ctx.answer)):
        label = short_label(unit.question)
        out.add(unit, "access_port", label, m.group(0), ctx.spans[0], {"port": int(m[0])})


KIND = FactKind(name="access_port", label="port", extract=extract)
