"""Physical lines into logical lines: a long line a page wrapped (PDF text) joined back.

A wrap is told from the line's width, measured with rough glyph widths of a proportional font,
and from whether the text reads on (``reads_as_wrap``); a TXT sheet's lines stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ingest.analysis import clean
from ingest.parsing.contact_lines import contact_pair, is_value_shaped
from ingest.parsing.lines import (
    Line,
    ends_terminal,
    is_answer_start,
    is_caps_shape,
    is_policy_start,
    is_question,
    kv_pair,
    plain_heading_shape,
    starts_lower,
)
from ingest.parsing.markup import is_bullet
from ingest.parsing.tables import is_framed_row, is_pipe_row, row_cells

# Rough glyph widths (in units of a lower-case letter) of a proportional font.
_WRAP_RATIO = 0.93
# Lines about as wide as the widest that make a text look wrapped by a page.
_MIN_WRAPPED = 3
_JUSTIFIED_GAP = re.compile(r"\S {2,}(?=\S)")
_NARROW = set("iIl.,:;!|'()[]{}jft")
_WIDE = set("mwMW@%")


def join_wraps(
    text: str,
    extents: Mapping[int, int] | None = None,
    headings: frozenset[int] = frozenset(),
    asides: frozenset[int] = frozenset(),
) -> list[Line]:
    """Non-blank logical lines; a long line that was wrapped (PDF text) is joined back.

    A wrap is told from the line's width: it is close to the widest line of the text and
    adding the next line's first word would overflow it. Wrapped text has many lines of
    about that width; text with fewer (a TXT sheet, or PDF text already unwrapped by
    ``read_sheet``) is taken as it is. ``extents`` gives the last line of a row that a box
    table wrapped over several lines, read on its first (``markup.read_boxes``); a line of
    ``headings`` (marked as one) is never a wrap, nor wrapped; a line of ``asides`` is
    passed over as if it were not there (no blank line between its neighbours).
    """
    physical = [raw.rstrip() for raw in text.replace("\r\n", "\n").split("\n")]
    # A drawn table's rows are as wide as their columns, not the page: no measure of a wrap.
    widths = [_width(clean(r)) for r in physical if r.strip() and not is_framed_row(r)]
    widest = max(widths, default=0.0)
    if sum(1 for w in widths if w >= _WRAP_RATIO * widest) < _MIN_WRAPPED:
        widest = 0.0
    out: list[Line] = []
    last_piece = ""
    after_blank = True
    for number, raw in enumerate(physical, start=1):
        if number in asides:
            continue
        if not clean(raw):
            after_blank = True
            continue
        apart = not out or number in headings or out[-1].first in headings
        if (
            not apart
            and not after_blank
            and (_is_wrap(last_piece, raw, widest) or _hangs(last_piece, raw))
        ):
            prev = out[-1]
            glue = "" if is_broken_url(last_piece, raw) else " "
            out[-1] = Line(f"{prev.raw.rstrip()}{glue}{raw.strip()}", prev.first, number)
        else:
            out.append(Line(raw, number, (extents or {}).get(number, number)))
        last_piece = raw
        after_blank = False
    return out


def _hangs(piece: str, nxt_raw: str) -> bool:
    """ "Centro-BA ...... Centro, Sao Jose," over "                 Vila Nova": a value that
    goes on under itself, indented past the line's label, after a comma."""
    indent = len(nxt_raw) - len(nxt_raw.lstrip(" "))
    own = len(piece) - len(piece.lstrip(" "))
    text = nxt_raw.strip()
    return (
        piece.rstrip().endswith(",")
        and indent >= own + 8
        and "\t" not in piece + nxt_raw
        and not (is_bullet(text) or is_pipe_row(text) or kv_pair(text) is not None)
    )


def is_broken_url(piece: str, nxt_raw: str) -> bool:
    """A URL too long for the line is cut inside the word: glue the rest without a space."""
    tail, nxt = clean(piece).split()[-1:], clean(nxt_raw)
    return bool(tail) and ("://" in tail[0] or tail[0].startswith("www.")) and " " not in nxt


def _width(text: str) -> float:
    total = 0.0
    for c in text:
        if c == " ":
            total += 0.55
        elif c in _NARROW:
            total += 0.5
        elif c in _WIDE:
            total += 1.5
        elif c.isupper():
            total += 1.25
        else:
            total += 1.0
    return total


def _is_wrap(piece: str, nxt_raw: str, widest: float) -> bool:
    a, b = clean(piece), clean(nxt_raw)
    if widest <= 0 or not a or not b:
        return False
    # A wrap happens when the next word does not fit: the line plus that word overflow.
    if _width(f"{a} {b.split()[0]}") < _WRAP_RATIO * widest:
        return False
    return reads_as_wrap(piece, nxt_raw)


def _same_row_shape(piece: str, nxt_raw: str) -> bool:
    for is_row in (is_pipe_row, lambda raw: "\t" in raw.strip()):
        if is_row(piece) and is_row(nxt_raw):
            # As many cells, or three cells or more each (a row's empty last cells are lost).
            wide = min(piece.count("\t"), nxt_raw.count("\t")) >= 2
            return len(row_cells(piece)) == len(row_cells(nxt_raw)) > 1 or wide
    return False


def reads_as_wrap(piece: str, nxt_raw: str) -> bool:
    """Given that the next line's first word would not have fitted, does the text continue?"""
    a, b = clean(piece), clean(nxt_raw)
    if not a or not b:
        return False
    if is_answer_start(b) or kv_pair(nxt_raw) is not None or contact_pair(b) is not None:
        return False
    if _same_row_shape(piece, nxt_raw):
        return False  # rows of a table (pipes, or the tabs a PDF's cells are read with)
    if a.endswith((" -", " –", ",")) and not is_question(b):
        return True  # a line never ends on a dash or comma by itself
    if kv_pair(piece) is not None:
        return False
    # Justified text stretches the spaces of every line but a paragraph's last one.
    if len(_JUSTIFIED_GAP.findall(piece.strip())) >= 2 and "\t" not in piece:
        return True
    if is_value_shaped(b) or is_bullet(b):
        return False  # "-> Pode abrir OS": an item (or an arrow's answer), never a wrap
    if starts_lower(b) or b[:1].isdigit() or b[:1] in "(-–,;":
        return True
    if is_caps_shape(b):
        return is_caps_shape(a)
    # Capitalised lines that open a unit by their shape stay apart.
    if is_question(b) and not a.endswith(","):
        return False
    if is_policy_start(b) or (len(b.split()) >= 2 and plain_heading_shape(b)):
        return False
    return not ends_terminal(a)


# A question of the template asked in the middle of a run-on paragraph and answered after it
# ("... no grupo. Possui taxa de instalação? Tem sim, ..."): a sentence that opens with a
# capital after a sentence's end, ends in "?" and is followed by its answer.
_ASKED_INSIDE = re.compile(r"(?<=[.!])\s+(?=[A-ZÀ-Ý][^.?!:\n]{8,160}\?\s+[^\s?])")
# A piece that is only an item's number ("16." before "Mudança de ponto ...?"): no sentence.
_ITEM_NUMBER = re.compile(r"^\W*\d{1,3}(?:\.\d{1,3})*\.$")


def split_asked(
    lines: list[Line],
    whole: frozenset[int] = frozenset(),
    fields: Mapping[int, tuple[str, ...]] | None = None,
) -> list[Line]:
    """Lines with the questions asked inside them split off, each piece with the line's span:
    a dictated sheet asks the template's questions one after another in one paragraph. The
    lines in ``whole`` (by first line) are one question each, as a chat's are; a line of
    ``fields`` is a line per field (a printed form's two fields on one line)."""
    out: list[Line] = []
    for line in lines:
        if fields and line.first in fields and line.first == line.last:
            out.extend(split_asked([Line(f, line.first, line.last) for f in fields[line.first]]))
            continue
        pieces = [line.raw] if line.first in whole else _ASKED_INSIDE.split(line.raw)
        if len(pieces) == 1:
            out.append(line)
            continue
        joined: list[str] = []
        for piece in (p.strip() for p in pieces if p.strip()):
            if joined and _ITEM_NUMBER.match(joined[-1]):
                joined[-1] = f"{joined[-1]} {piece}"
            else:
                joined.append(piece)
        if len(joined) == 1:
            out.append(line)
            continue
        out.extend(Line(piece, line.first, line.last) for piece in joined)
    return out
