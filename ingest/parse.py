"""Parsing a sheet's text into units: questions with answers, statements, lists, tables, blocks.

The template is read by the shape of its lines, not by values: questions end in "?", answers
start with "R:", headings are short all-caps (or short noun-phrase) lines, tables are a run of
all-caps header cells followed by rows of one cell per line, key-value lines are split by a
tab (or a wide gap, as in PDF text). Blank lines are ignored for structure so that the PDF
export of a sheet (which loses them and wraps long lines) gives the same units as its TXT.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from ingest.model import Unit, stable_id
from ingest.text import clean, fold

logger = logging.getLogger(__name__)

# Column names of a flattened table header (kind words, not values).
_HEADER_WORDS = (
    "equipamento",
    "modelo",
    "roteador",
    "aparelho",
    "login",
    "usuario",
    "user",
    "senha",
    "password",
)
_MAX_CELL = 40
_COPULAS = {"e", "sao", "esta", "estao", "foi", "sera", "deve", "devem", "pode", "podem"}


class ParsedSheet(NamedTuple):
    title: str | None
    units: list[Unit]
    # Per unit id: the 1-based line span of each answer line ("\n"-separated), in order.
    line_map: Mapping[str, tuple[tuple[int, int], ...]] = MappingProxyType({})


class _Draft(NamedTuple):
    section: str
    kind: str
    question: str | None
    answer_lines: list[str]
    spans: list[tuple[int, int]]
    lines: tuple[int, int]


def parse_sheet(text: str, provider: str) -> ParsedSheet:
    """Units of a sheet in sheet order; the first line is the title (provider's name)."""
    if not provider:
        raise ValueError(f"provider must be a non-empty id, got {provider!r}")
    lines = join_wraps(text)
    if not lines:
        return ParsedSheet(title=None, units=[], line_map={})
    title = clean(lines[0].raw)
    drafts = _Parser(lines[1:], section=title).run()
    units: list[Unit] = []
    line_map: dict[str, tuple[tuple[int, int], ...]] = {}
    seen: dict[str, int] = {}
    for d in drafts:
        answer = "\n".join(d.answer_lines)
        base = f"{provider}:{stable_id(d.section, d.question or '', answer)}"
        seen[base] = seen.get(base, 0) + 1
        uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        units.append(
            Unit(
                id=uid,
                provider=provider,
                section=d.section,
                kind=d.kind,
                question=d.question,
                answer=answer,
                lines=d.lines,
            )
        )
        line_map[uid] = tuple(d.spans)
    return ParsedSheet(title=title or None, units=units, line_map=line_map)


class _Parser:
    """A cursor over the logical lines that emits unit drafts."""

    def __init__(self, lines: Sequence[Line], section: str) -> None:
        self.lines = list(lines)
        self.section = section
        self.out: list[_Draft] = []

    def at(self, i: int) -> Line | None:
        return self.lines[i] if 0 <= i < len(self.lines) else None

    # --- line kinds that need context -------------------------------------------------

    def is_noise(self, i: int) -> bool:
        """A row of header-like cells with no values ("SGP\\tUPCHAT\\tSETORES")."""
        parts = cells(self.lines[i].raw)
        return len(parts) >= 2 and all(
            is_caps_shape(p) and len(p.split()) == 1 and not any(c.isdigit() for c in p)
            for p in parts
        )

    def is_key_then_value(self, i: int) -> bool:
        """An all-caps key alone on its line with a URL/phone/e-mail on the next line."""
        line, nxt = self.at(i), self.at(i + 1)
        if line is None or nxt is None or len(cells(line.raw)) != 1:
            return False
        return is_caps_shape(line.text) and is_value_shaped(nxt.text)

    def is_kv(self, i: int) -> bool:
        line = self.at(i)
        return line is not None and (kv_pair(line.raw) is not None or self.is_key_then_value(i))

    def header_width(self, i: int) -> int:
        """Number of columns when a flattened table starts at i, else 0."""
        run = 0
        while (line := self.at(i + run)) is not None and _is_header_cell(line.text):
            run += 1
        if run < 2:
            return 0
        named = [k for k in range(run) if _has_header_word(self.lines[i + k].text)]
        width = named[-1] + 1 if named and named[-1] >= 1 else run
        return width if self.count_rows(i + width, width) >= 1 else 0

    def count_rows(self, start: int, width: int) -> int:
        rows = 0
        while all(_is_cell(self.at(start + rows * width + c)) for c in range(width)):
            rows += 1
        return rows

    def is_heading(self, i: int) -> bool:
        line = self.lines[i]
        if len(cells(line.raw)) != 1 or self.is_key_then_value(i):
            return False
        nxt = self._next_meaningful(i + 1)
        if is_caps_shape(line.text):
            if is_policy_start(line.text) or len(line.text.split()) > 5:
                return False
            # Two "headings" in a row: the first is a note ("UPSOFT OK"), not a section.
            return nxt is None or not (
                is_caps_shape(self.lines[nxt].text)
                and len(cells(self.lines[nxt].raw)) == 1
                and not self.is_key_then_value(nxt)
                and self.header_width(nxt) == 0
            )
        if not _plain_heading_shape(line.text):
            return False
        return nxt is not None and (
            self.is_kv(nxt)
            or is_question(self.lines[nxt].text)
            or (is_caps_shape(self.lines[nxt].text) and self.header_width(nxt) == 0)
        )

    def _next_meaningful(self, i: int) -> int | None:
        while i < len(self.lines) and self.is_noise(i):
            i += 1
        return i if i < len(self.lines) else None

    def list_end(self, i: int) -> int:
        """End (exclusive) of a list starting at i; i when no list starts there."""
        j = i
        items = 0
        while (line := self.at(j)) is not None:
            if _is_item(line.text):
                items += 1
                j += 1
            elif _is_list_label(line.text) and (nxt := self.at(j + 1)) and _is_item(nxt.text):
                j += 1
            else:
                break
        has_label = j > i and not _is_item(self.lines[i].text)
        if items >= 2 or (items >= 1 and has_label):
            return j
        inline = self.at(i)
        if inline is not None and len(_PLAN_ITEMS.findall(inline.text)) >= 2:
            return i + 1
        return i

    def is_structural(self, i: int) -> bool:
        """Does line i start a unit of its own (so it cannot continue an answer)?"""
        line = self.lines[i]
        return (
            is_question(line.text)
            or is_answer_start(line.text)
            or self.is_noise(i)
            or self.is_kv(i)
            or self.header_width(i) > 0
            or self.is_heading(i)
        )

    # --- the walk ---------------------------------------------------------------------

    def run(self) -> list[_Draft]:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        return self.out

    def step(self, i: int) -> int:
        line = self.lines[i]
        if self.is_noise(i):
            logger.debug("line %d: header-like cells without values skipped", line.first)
            return i + 1
        if (width := self.header_width(i)) > 0:
            return self.table(i, i, width, question=None)
        if (end := self.list_end(i)) > i:
            return self.emit_list(i, i, end, question=None)
        if self.is_kv(i):
            return self.kv_block(i)
        if self.is_heading(i):
            self.section = clean(line.raw)
            return i + 1
        if is_question(line.text):
            return self.question(i)
        if is_answer_start(line.text):
            return self.answer(i, i, question=None, kind="statement")
        if self.is_label(i):
            return self.labelled(i)
        return self.statement(i)

    def question(self, i: int) -> int:
        q = self.lines[i].text
        j = i + 1
        nxt = self.at(j)
        if nxt is not None and is_answer_start(nxt.text):
            if strip_answer_mark(nxt.text):
                return self.answer(i, j, question=q, kind="qa")
            j += 1  # a bare "R:" introduces what follows
            nxt = self.at(j)
        if nxt is None:
            return self.emit(i, j - 1, "qa", q, [], [])
        if (width := self.header_width(j)) > 0:
            return self.table(i, j, width, question=q)
        if (end := self.list_end(j)) > j:
            return self.emit_list(i, j, end, question=q)
        if self.is_structural(j):
            return self.emit(i, j - 1, "qa", q, [], [])
        return self.answer(i, j, question=q, kind="qa")

    def answer(self, start: int, j: int, question: str | None, kind: str) -> int:
        """An answer from line j on (its "R:" mark removed), with its continuation lines."""
        texts = [strip_answer_mark(self.lines[j].text)]
        spans = [self.lines[j].span]
        end = self.continuation(j)
        for k in range(j + 1, end):
            texts.append(self.lines[k].text)
            spans.append(self.lines[k].span)
        return self.emit(start, end - 1, kind, question, texts, spans)

    def continuation(self, j: int) -> int:
        """End (exclusive) of the lines that continue line j's text."""
        k = j + 1
        while (nxt := self.at(k)) is not None and not self.is_structural(k):
            prev = strip_answer_mark(self.lines[k - 1].text)
            follows = (
                prev.endswith(":")
                or starts_lower(nxt.text)
                or is_bullet(nxt.text)
                or (is_colon_label(prev) and is_colon_label(nxt.text))
                or (is_plan_like(prev) and is_plan_like(nxt.text))
            )
            if not follows or (is_policy_start(nxt.text) and not prev.endswith(":")):
                break
            k += 1
        return k

    def is_label(self, i: int) -> bool:
        """A noun-phrase label whose content follows ("Horário de atendimento (GMT -3)")."""
        line, nxt = self.lines[i], self.at(i + 1)
        if nxt is None or self.is_structural(i + 1) or ends_terminal(line.text):
            return False
        words = fold(line.text).split()
        if len(words) > 10 or is_verb_start(line.text) or _COPULAS & set(words):
            return False
        return nxt.text.endswith(":") or nxt.text[:1].isdigit()

    def labelled(self, i: int) -> int:
        first = self.lines[i + 1]
        texts, spans = [first.text], [first.span]
        end = i + 2
        if first.text.endswith(":"):
            end = self.continuation(i + 1)
            for k in range(i + 2, end):
                texts.append(self.lines[k].text)
                spans.append(self.lines[k].span)
        return self.emit(i, end - 1, "qa", self.lines[i].text, texts, spans)

    def statement(self, i: int) -> int:
        return self.answer(i, i, question=None, kind="statement")

    def table(self, start: int, header: int, width: int, question: str | None) -> int:
        head = [self.lines[header + c].raw.strip() for c in range(width)]
        rows = self.count_rows(header + width, width)
        texts = [" | ".join(head)]
        spans = [(self.lines[header].first, self.lines[header + width - 1].last)]
        for r in range(rows):
            first = header + width * (r + 1)
            row = [self.lines[first + c].raw.strip() for c in range(width)]
            texts.append(" | ".join(row))
            spans.append((self.lines[first].first, self.lines[first + width - 1].last))
        end = header + width * (rows + 1)
        return self.emit(start, end - 1, "table", question, texts, spans)

    def emit_list(self, start: int, first: int, end: int, question: str | None) -> int:
        texts = [self.lines[k].text for k in range(first, end)]
        spans = [self.lines[k].span for k in range(first, end)]
        return self.emit(start, end - 1, "list", question, texts, spans)

    def kv_block(self, i: int) -> int:
        texts: list[str] = []
        spans: list[tuple[int, int]] = []
        k = i
        while (line := self.at(k)) is not None:
            pair = kv_pair(line.raw)
            if pair is not None:
                texts.append(f"{clean(pair[0])}: {clean(pair[1])}")
                spans.append(line.span)
                k += 1
            elif self.is_key_then_value(k):
                value = self.lines[k + 1]
                texts.append(f"{clean(line.raw)}: {value.text}")
                spans.append((line.first, value.last))
                k += 2
            else:
                break
        return self.emit(i, k - 1, "keyvalue", None, texts, spans)

    def emit(
        self,
        start: int,
        end: int,
        kind: str,
        question: str | None,
        texts: list[str],
        spans: list[tuple[int, int]],
    ) -> int:
        end = max(start, end)
        self.out.append(
            _Draft(
                section=self.section,
                kind=kind,
                question=clean(question) if question is not None else None,
                answer_lines=[clean(t) if kind != "table" else t for t in texts],
                spans=spans,
                lines=(self.lines[start].first, self.lines[end].last),
            )
        )
        return end + 1


_PLAN_ITEMS = re.compile(
    r"(?:\d+(?:[.,]\d+)?\s*(?:mbps|mb|megas?|m|gb|gigas?|g)\b\s*[-–—:]\s*(?:R\$\s*)?\d+,\d{2})"
    r"|(?:(?:R\$\s*)?\d+,\d{2}\s*[-–—:]\s*\d+(?:[.,]\d+)?\s*(?:mbps|mb|megas?|m|gb|gigas?|g)\b)",
    re.IGNORECASE,
)


def _is_item(text: str) -> bool:
    return is_bullet(text) or (is_plan_like(text) and len(text) <= 60)


def _is_list_label(text: str) -> bool:
    """ "FIBRA:", "PLANOS FIBRA": a short label over list items."""
    if is_question(text) or any(c.isdigit() for c in text) or len(text.split()) > 4:
        return False
    return text.endswith(":") or is_caps_shape(text)


def _is_header_cell(text: str) -> bool:
    return (
        is_caps_shape(text)
        and len(text.split()) <= 2
        and len(cells(text)) == 1
        and not any(c.isdigit() for c in text)
        and not text.endswith(":")
    )


def _has_header_word(text: str) -> bool:
    folded = fold(text)
    return any(w in folded for w in _HEADER_WORDS)


def _is_cell(line: Line | None) -> bool:
    if line is None:
        return False
    text = line.raw.strip()
    return (
        0 < len(text) <= _MAX_CELL
        and len(cells(line.raw)) == 1
        and not is_question(text)
        and not is_answer_start(text)
        and len(text.split()) <= 4
    )


def _plain_heading_shape(text: str) -> bool:
    """ "Informações da empresa": a short noun phrase without digits or punctuation."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and text[:1].isupper()
        and not any(c.isdigit() for c in text)
        and not re.search(r"[.,:;?!()]| - ", text)
        and not is_verb_start(text)
        and not _COPULAS & set(fold(text).split())
    )


# --- line shapes ------------------------------------------------------------------------


class Line(NamedTuple):
    """A logical line: wrapped pieces joined, with its 1-based physical line span."""

    raw: str
    first: int
    last: int

    @property
    def text(self) -> str:
        return clean(self.raw)

    @property
    def span(self) -> tuple[int, int]:
        return (self.first, self.last)


# Words that open a policy sentence: negations and restrictions (folded).
_POLICY_WORDS = {"nao", "nunca", "somente", "apenas", "sempre", "jamais", "proibido", "evitar"}
# Words that open a sentence rather than a label (folded).
_VERB_WORDS = _POLICY_WORDS | {
    "possui",
    "possuem",
    "tem",
    "temos",
    "pode",
    "podemos",
    "deve",
    "devemos",
    "e",
    "sao",
    "esta",
    "ha",
    "caso",
    "se",
    "quando",
    "o",
    "a",
    "os",
    "as",
    "um",
    "uma",
}
_CELL_SPLIT = re.compile(r"\s*\t\s*| {2,}")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_PHONE = re.compile(r"^\+?(?:\(?\d{2,3}\)?\s*)?\d{4,5}[-\s]?\d{4}$")
# Rough glyph widths (in units of a lower-case letter) of a proportional font.
_WRAP_RATIO = 0.93
_JUSTIFIED_GAP = re.compile(r"\S {2,}(?=\S)")
_NARROW = set("iIl.,:;!|'()[]{}jft")
_WIDE = set("mwMW@%")


def join_wraps(text: str) -> list[Line]:
    """Non-blank logical lines; a long line that was wrapped (PDF text) is joined back.

    A wrap is told from the line's width: it is close to the widest line of the text and
    adding the next line's first word would overflow it. In a TXT sheet only very long
    lines qualify, and those are followed by a blank line, so nothing is joined there.
    """
    physical = [raw.rstrip() for raw in text.replace("\r\n", "\n").split("\n")]
    widest = max((_width(clean(r)) for r in physical if r.strip()), default=0.0)
    out: list[Line] = []
    last_piece = ""
    after_blank = True
    for number, raw in enumerate(physical, start=1):
        if not clean(raw):
            after_blank = True
            continue
        if out and not after_blank and _is_wrap(last_piece, raw, widest):
            prev = out[-1]
            glue = "" if _is_broken_url(last_piece, raw) else " "
            out[-1] = Line(f"{prev.raw.rstrip()}{glue}{raw.strip()}", prev.first, number)
        else:
            out.append(Line(raw, number, number))
        last_piece = raw
        after_blank = False
    return out


def _is_broken_url(piece: str, nxt_raw: str) -> bool:
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
    if is_answer_start(b) or kv_pair(nxt_raw) is not None:
        return False
    if a.endswith((" -", " –", ",")) and not is_question(b):
        return True  # a line never ends on a dash or comma by itself
    if kv_pair(piece) is not None:
        return False
    # Justified text stretches the spaces of every line but a paragraph's last one.
    if len(_JUSTIFIED_GAP.findall(piece.strip())) >= 2 and "\t" not in piece:
        return True
    if is_value_shaped(b):
        return False
    if starts_lower(b) or b[:1].isdigit() or b[:1] in "(-–,;":
        return True
    if is_caps_shape(b):
        return is_caps_shape(a)
    # Capitalised lines that open a unit by their shape stay apart.
    if is_question(b) and not a.endswith(","):
        return False
    if is_policy_start(b) or (len(b.split()) >= 2 and _plain_heading_shape(b)):
        return False
    return not ends_terminal(a)


def cells(raw: str) -> list[str]:
    """Parts of a line split by tabs or wide gaps."""
    return [c for c in _CELL_SPLIT.split(raw.strip()) if c]


def kv_pair(raw: str) -> tuple[str, str] | None:
    """(key, value) of a "KEY<tab>value" line (or a wide gap, as PDF text has it)."""
    parts = cells(raw)
    if len(parts) < 2 or is_plan_like(raw):
        return None
    if len(parts) > 2:
        # Justified PDF text has wide gaps everywhere: only an all-caps key before the
        # widest gap, with a value that is not all caps, still reads as key and value.
        gaps = [len(g) for g in re.findall(r"\t|\s{2,}", raw.strip())]
        key = parts[0]
        if "\t" in raw or not is_caps_shape(key) or gaps[0] < max(gaps):
            return None
        value = clean(raw.strip()[len(key) :])
        if is_caps_shape(value) or is_policy_start(key):
            return None
        parts = [key, value]
    key, value = parts
    key = key.rstrip(":").strip()
    words = key.split()
    if not key or len(words) > 5 or len(key) > 40 or not key[:1].isupper():
        return None
    if re.search(r"[.,;?!]$", key) or is_answer_start(key):
        return None
    return key, value


def is_question(text: str) -> bool:
    text = text.rstrip()
    return text.endswith("?") and not re.search(r"://\S*\?$", text)


def is_answer_start(text: str) -> bool:
    return re.match(r"^R\s*:", text.strip()) is not None


def strip_answer_mark(text: str) -> str:
    return re.sub(r"^\s*R\s*:\s*", "", text)


def is_caps_shape(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and not is_value_shaped(text)


def is_value_shaped(text: str) -> bool:
    """A URL, an e-mail address or a phone number alone."""
    text = text.strip()
    return bool(_URL.match(text) or _EMAIL.match(text) or _PHONE.match(text))


def is_policy_start(text: str) -> bool:
    """Does the sentence open with a negation/restriction or an imperative (infinitive)?"""
    text = text.strip()
    if not text[:1].isupper():
        return False
    first = fold(text.split()[0]).strip(",.:;")
    return first in _POLICY_WORDS or (len(first) >= 5 and first.endswith(("ar", "er", "ir")))


def is_verb_start(text: str) -> bool:
    words = text.split()
    return bool(words) and (is_policy_start(text) or fold(words[0]).strip(",.:;") in _VERB_WORDS)


def is_colon_label(text: str) -> bool:
    """ "Bloqueio Total: 35 Dias": a short label, a colon and a value."""
    match = re.match(r"^([^:?]{2,40}):\s*(\S)", text)
    if not match or text[match.end(1) :].startswith("://"):
        return False
    return len(match.group(1).split()) <= 5


def is_plan_like(text: str) -> bool:
    return _PLAN_ITEMS.search(text) is not None


def is_bullet(text: str) -> bool:
    return re.match(r"^[-•*·–]\s+\S", text.strip()) is not None


def starts_lower(text: str) -> bool:
    first = text.strip()[:1]
    return first.isalpha() and first.islower()


def ends_terminal(text: str) -> bool:
    return text.rstrip()[-1:] in {".", "?", "!", ":", ";"}
