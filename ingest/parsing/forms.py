"""A registration form filled in and printed: values on lines of underscores, boxes ticked.

    Taxa de instalação (fibra): R$ __150,00______	Taxa de instalação (rádio): R$ __250,00__
    (informar valor com impostos)
    Possui atendimento presencial (loja)? ( X ) Sim   (   ) Não
    Tecnologias oferecidas: [x] Fibra óptica (FTTH)    [x] Rádio    [ ] Cabo/UTP
    E-mail: ______________________	Site:	__www.provedor.com.br__

A form's blanks and boxes are how it asks, not what the provider said: in a text with many of
them, the underscores around a value are taken off ("R$ 150,00"), a field left as underscores
is a field left blank ("E-mail:"), a group of boxes reads as the options ticked ("Sim",
"Fibra óptica (FTTH), Rádio"; none ticked: nothing), and a line that is only the form's
instructions in brackets is blank, parting nothing (``asides``). Two fields printed on one
line are two fields: each is its own line of the sheet (``fields``), with the line's number;
a field that names nothing of its own ("Valor: R$ 60,00" after "... é cobrada? Sim") stays
with the question before it. Lines keep their numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

_FILL = re.compile(r"_{2,}")
_AFTER_BLANK = re.compile(r"(?<=: —)\s+(?=[^\W\d][^:\t]{0,40}:)")  # "—" then the next label
_LEFT_BLANK = re.compile(r":\s*(?:R\$\s*)?_{2,}\s*(?=$|[^\W\d][^:_\t]{0,40}:)")
_BOX = r"[(\[]\s*(?P<mark>[xX✓✔●■*])?\s*[)\]]"
# A box and its option: the option's words run to the next box, a tab or a wide gap.
_OPTION = re.compile(
    rf"{_BOX}\s*(?P<option>(?:(?![(\[]\s*[xX✓✔●■*]?\s*[)\]])[^\t])*?)(?=\s*[(\[]\s*[xX✓✔●■*]?\s*[)\]]|\t|\s{{3,}}|$)"
)
_INSTRUCTION = re.compile(r"^\([^()]*(?:\([^()]*\)[^()]*)*\)$")  # "(informar valor com impostos)"
# A field: a label with its colon ("CNPJ: ...", "Obs.:"), or a question and its answer.
_FIELD = re.compile(r"^[^:?]{2,60}(?::|\?)(?:\s|$)")
# A blank to fill in: underscores after a label or around a value, not a rule alone.
_BLANK = re.compile(r"\S\s*_{3,}|_{3,}\s*\S")
_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]")  # a Markdown task list's item
_MIN_FILLED, _MIN_FORM_LINES = 5, 5


class Form(NamedTuple):
    """The lines with the form read, and the fields of each line that holds several."""

    lines: list[str]
    fields: dict[int, tuple[str, ...]]
    # The form's own instructions to whoever fills it ("(informar valor com impostos)"):
    # blank, and no gap between the fields around them.
    asides: frozenset[int]


def read_form(lines: Sequence[str]) -> Form | None:
    """The form's lines in the sheet's shapes, or None when the lines are no filled form."""
    filled = len({line.strip() for line in lines if _BLANK.search(line)})  # a footer's once
    boxed = sum(1 for line in lines if len(_OPTION.findall(line)) >= 2 and not _TASK.match(line))
    if filled < _MIN_FILLED or filled + boxed < _MIN_FORM_LINES:
        return None
    out: list[str] = []
    fields: dict[int, tuple[str, ...]] = {}
    asides: set[int] = set()
    for number, line in enumerate(lines, start=1):
        if _TASK.match(line):
            out.append(line)
            continue
        pieces = [f for p in line.split("\t") for f in _AFTER_BLANK.split(_filled(p))]
        if all(not p or _INSTRUCTION.match(p) for p in pieces):
            if any(pieces):
                asides.add(number)
            out.append("")
            continue
        kept = [p for p in pieces if p]
        if not any(_FIELD.match(p) for p in kept):
            out.append("\t".join(_header_cells(pieces)))  # a grid's row: its cells stay cells
            continue
        merged: list[str] = []
        for piece in kept:
            if merged and not _FIELD.match(piece) and _FIELD.match(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"  # "CEP:" <tab> "57820-000": its value
            elif merged and "?" in merged[-1] and _qualifies(piece):
                # "Visita improdutiva é cobrada? Sim" <tab> "Valor: R$ 60,00": the value of
                # that question, as "É cobrada? Sim R$ 40,00" after "abre OS?" is.
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        if len(merged) >= 2 and all(_FIELD.match(p) for p in merged):
            fields[number] = tuple(merged)
        out.append("\t".join(merged))
    return Form(out, fields, frozenset(asides))


def _qualifies(field: str) -> bool:
    """A field that names nothing of its own: a one-word label ("Valor:", "Obs.:") or a
    question of two words at most ("É cobrada?")."""
    label = re.split(r"[:?]", field, maxsplit=1)[0]
    words = re.findall(r"\w+", label)
    return len(words) <= (2 if "?" in field.split(":")[0] else 1)


def _header_cells(pieces: list[str]) -> list[str]:
    """A grid's cells, empty ones kept; a header printed with its labels centred over their
    columns reads an empty cell between every two ("Nº", "", "Marca", "", "Modelo"): those
    are no cells."""
    apart = len(pieces) >= 5 and all(not p for p in pieces[1::2]) and all(pieces[::2])
    return pieces[::2] if apart else pieces


def _filled(piece: str) -> str:
    """A field's text as filled in: underscores off, boxes read as the options ticked."""
    # "E-mail: ______", "primário: ____ Secundário: ____": a field left blank reads "—".
    text = _LEFT_BLANK.sub(": — ", piece)
    text = _FILL.sub(" ", text)
    text = re.sub(
        rf"(?:{_OPTION.pattern}\s*)+",
        lambda group: _ticked(group.group(0)),
        text,
    )
    # "Multa: R$ ____": a currency sign with no amount is a field left blank.
    text = re.sub(r"R\$\s*(?=$|\s*N/?A\b)", "", text.rstrip())
    return " ".join(text.split())


def _ticked(group: str) -> str:
    """A group of boxes as the options ticked in it, or nothing."""
    chosen = [m["option"].strip() for m in _OPTION.finditer(group) if m["mark"]]
    return f" {', '.join(o for o in chosen if o)} " if chosen else " "
