"""The routers' access ports: the number answering a question about the "porta", the numbers
under a heading about it, a line each ("ONTs: 8443", "roteadores: 8081"), and a port said on a
line of any unit ("Porta de acesso remoto: 8088", "acesso remoto pela porta 8899")."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext
from ingest.parsing.labels import LEADING_LABEL
from ingest.parsing.lines import short_label
from ingest.records import Unit

# The first number of an answer about the port ("R: 8085 (as ONU ...)"), not a part of an IP.
_PORT = re.compile(r"(?<![\d.])\b\d{2,5}\b(?!\d|\.\d)")
# A port alone on a line under a heading about ports ("ONTs: `8443` (HTTPS)"): not a count of
# something ("30 segundos", "50%"): what follows is the line's end, a mark or a bracket.
# A number inside a token ("N0k!a@1425#TL", a password) is none either.
_LONE_PORT = re.compile(
    r"(?<![^\s(\[`'\"])\d{2,5}(?![\d.,/:]|\s*[^\W\d_%])(?!\s*%)(?=$|[\s)\]`'\"!?;])"
)
# "porta de acesso remoto: 8088", "pela porta 8899": the word, at most a few words, the number.
_SAID_PORT = re.compile(
    r"\b(?P<label>porta(?:\s+[^\W\d_]+){0,4}?)\s*[:=]?\s*(?P<port>\d{2,5})\b(?!\d|\.\d)",
    re.IGNORECASE,
)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    asked = unit.kind == "qa" and "porta" in fold(unit.question or "")
    about = asked or "porta" in fold(unit.section)
    label = short_label(unit.question) if asked and unit.question else unit.section
    for k, (text, span) in enumerate(zip(ctx.texts, ctx.spans, strict=True)):
        taken: set[int] = set()
        for said in _SAID_PORT.finditer(text):
            _add(out, unit, _line_label(text, said.start()) or said["label"], said["port"], span)
            taken.add(said.start("port"))
        # "Qual a porta de acesso?" / "R: 8085 ...": the answer's first number is the port; a
        # line after it (or under a heading on ports) gives one only when it stands alone.
        pattern = _PORT if asked and k == 0 else _LONE_PORT
        lone = pattern.search(text) if about else None
        if lone is not None and lone.start() not in taken:
            labelled = LEADING_LABEL.match(text)
            _add(out, unit, labelled["label"] if labelled else label, lone.group(0), span)


def _line_label(text: str, at: int) -> str | None:
    """The line's label when the port is its value ("Acesso local: 192.168.1.1 (porta 80)",
    "Porta de acesso remoto: 8088"), not a word in a longer sentence after it."""
    labelled = LEADING_LABEL.match(text)
    if labelled is None:
        return None
    between = text[labelled.end("label") : at].strip(" :")
    return labelled["label"] if len(between.split()) <= 2 else None


def _add(out: FactSink, unit: Unit, label: str, port: str, span: Span) -> None:
    out.add(unit, "access_port", label.strip("`* "), port, span, {"port": int(port)})


KIND = FactKind(name="access_port", label="port", extract=extract)
