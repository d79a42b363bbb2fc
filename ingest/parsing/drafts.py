"""A unit as a reader of a sheet's shape finds it, before it is given its id."""

from __future__ import annotations

from typing import NamedTuple


class Draft(NamedTuple):
    """A unit's section, kind, question, answer lines with the 1-based lines each came from,
    and the first and last line of the whole unit."""

    section: str
    kind: str
    question: str | None
    answer_lines: list[str]
    spans: list[tuple[int, int]]
    lines: tuple[int, int]
