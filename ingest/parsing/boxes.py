"""Tables drawn as boxes, as database consoles and text-mode tools draw them.

    +-----------+--------------+----------------+
    | MODELO    | LOGIN        | SENHA          |
    +===========+==============+================+
    | EX220     | -            | IpC#ex220_Wf6  |
    | (wifi 6)  |              |                |
    +-----------+--------------+----------------+

The borders say nothing. Where borders part the rows, the lines between two borders are one
row whose long cells were wrapped inside their box: each cell is the text of its column on
those lines, read as one pipe row on the record's first line (the others left blank, the row's
span kept). A box of one column is a framed note: its lines are its text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

# "+------+-------+", "+======+=======+", "+:-----+------:+": a box's border line.
_BORDER = re.compile(r"^\s*\+(?:[-=:]{2,}\+)+\s*$")


def is_border(raw: str) -> bool:
    """A box's border line ("+----+----+")."""
    return _BORDER.match(raw) is not None


def _is_boxed(raw: str) -> bool:
    text = raw.strip()
    return len(text) > 1 and text.startswith("|") and text.endswith("|")


class Boxes(NamedTuple):
    """The lines with each box read (same number of lines), and where each row's record ends:
    1-based first line -> last line of a row wrapped over several lines."""

    lines: list[str]
    extents: Mapping[int, int]


def read_boxes(lines: Sequence[str]) -> Boxes:
    """Every box table of the lines as pipe rows of one line each, borders blank."""
    out = list(lines)
    extents: dict[int, int] = {}
    i = 0
    while i < len(out):
        if not is_border(out[i]):
            i += 1
            continue
        end = i
        while end < len(out) and (is_border(out[end]) or _is_boxed(out[end])):
            end += 1
        _read_box(out, i, end, extents)
        i = end
    return Boxes(out, MappingProxyType(extents))


def _read_box(out: list[str], start: int, end: int, extents: dict[int, int]) -> None:
    """Lines ``start``..``end`` (exclusive) of one box, read in place."""
    cuts = [k for k, c in enumerate(out[start]) if c == "+"]
    groups: list[list[int]] = [[]]
    for k in range(start, end):
        if is_border(out[k]):
            out[k] = ""
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(k)
    groups = [g for g in groups if g]
    if len(cuts) == 2:  # one column: a framed note, its lines as text
        for group in groups:
            for k in group:
                out[k] = " | ".join(_cells(out[k], cuts))
        return
    # Borders between the rows part records of several lines; a box bordered only around its
    # header and its end has a row a line.
    width = len(cuts) - 1
    records = groups if len(groups) >= 3 else _rows_of(out, [k for g in groups for k in g], cuts)
    for record in records:
        rows = [_cells(out[k], cuts) for k in record]
        merged = [
            " ".join(r[c] for r in rows if c < len(r) and r[c]).replace("|", "\\|")
            for c in range(max(width, *(len(r) for r in rows)))
        ]
        first = out[record[0]]
        out[record[0]] = (
            first[: len(first) - len(first.lstrip())] + "| " + " | ".join(merged) + " |"
        )
        for k in record[1:]:
            out[k] = ""
        if len(record) > 1:
            extents[record[0] + 1] = record[-1] + 1


def _rows_of(out: list[str], lines: list[int], cuts: Sequence[int]) -> list[list[int]]:
    """The records of a box whose rows no border parts: a line each, but a line with its first
    cell empty and at most half its cells filled goes on the row above (its long cells
    wrapped); one that fills more repeats the row above's first cell (a maker over its
    models)."""
    records: list[list[int]] = []
    for k in lines:
        cells = _cells(out[k], cuts)
        filled = sum(1 for c in cells if c)
        if records and not cells[0] and 2 * filled <= len(cells):
            records[-1].append(k)
        else:
            records.append([k])
    return records


def _cells(raw: str, cuts: Sequence[int]) -> list[str]:
    """A row's cells by the border's columns when its pipes stand there (a "|" inside a cell,
    a password's, stays), else split at its pipes."""
    if all(k < len(raw) and raw[k] == "|" for k in cuts):
        return [raw[a + 1 : b].strip() for a, b in pairwise(cuts)]
    return [p.strip() for p in raw.strip().strip("|").split("|")]
