"""Parsing a sheet's text into units: questions with answers, statements, lists, tables, blocks.

The template is read by the shape of its lines, not by values: questions end in "?", answers
start with "R:", headings are short all-caps (or short noun-phrase) lines or Markdown "#"
lines, tables are a run of all-caps header cells followed by rows of one cell per line, or a
header of kind words and rows of one line each (pipes, tabs or wide gaps:
``ingest.parsing.tables``), key-value lines are split by a tab (or a wide gap, as in PDF text).
Markdown marks are taken off first (``ingest.parsing.markup``), and a sheet kept as a
settings file is read in the template's shapes (``ingest.parsing.settings_text``). Blank
lines are ignored for structure so that the PDF export of a sheet (which loses them and
wraps long lines) gives the same units as its TXT.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from ingest.analysis import clean
from ingest.parsing.chat import NO_TURNS, Turns
from ingest.parsing.contact_lines import (
    contact_pair,
    contact_pairs,
    has_contact,
    key_type,
    url_in,
)
from ingest.parsing.context import LineContext, numbered_title_item
from ingest.parsing.drafts import Draft
from ingest.parsing.labels import label_pieces, label_value
from ingest.parsing.lines import (
    Line,
    flat_table,
    is_answer_start,
    is_bullet,
    line_pair,
    strip_answer_mark,
)
from ingest.parsing.markup import strip_bullet, strip_markup
from ingest.parsing.settings_text import is_settings_text, read_settings
from ingest.parsing.tables import (
    cell_below,
    column_roles,
    continued_value,
    csv_rows,
    is_no_value,
    is_pipe_row,
    qa_header,
    row_cells,
    table_rows,
)
from ingest.parsing.wraps import join_wraps, split_asked
from ingest.parsing.yaml_text import read_yaml
from ingest.placeholders import is_placeholder
from ingest.records import Unit, stable_id

logger = logging.getLogger(__name__)


class ParseNote(NamedTuple):
    """A line the parser read as no unit's text, or a table row that did not fit its table.

    ``reason``: "heading" (a section title), "unread" (text that went into no unit),
    "row_width" (a row after a one-line-row table with ``found`` cells where its header, on line
    ``table_line``, has ``expected``), "row_short" (the last ``found`` cells of a one-cell-per-
    line table, fewer than its ``expected`` columns), "row_padded" (a row of a one-line-row table
    with ``found`` of ``expected`` cells, read with its last cells empty as Word's text export
    writes them). Texts may hold secrets: never print them without a check.
    """

    line: int
    text: str
    reason: str
    table_line: int = 0
    expected: int = 0
    found: int = 0


class ParsedSheet(NamedTuple):
    title: str | None
    units: list[Unit]
    # Per unit id: the 1-based line span of each answer line ("\n"-separated), in order.
    line_map: Mapping[str, tuple[tuple[int, int], ...]] = MappingProxyType({})
    # What the parser read as no unit's text and the rows that did not fit (ingest.lint).
    notes: tuple[ParseNote, ...] = ()


# A label alone on its line, its colon last ("WhatsApp:", "Sistema (URL de acesso):").
_LABEL_ALONE = re.compile(r"^[^:?]{2,60}:\s*$")


def _is_contact_label(label: str, said: str) -> bool:
    """A contact's label alone on its line ("WhatsApp:") over a value: a number, a link or an
    e-mail address ("Obrigado." under "E-mail:" is none)."""
    if not _LABEL_ALONE.match(label) or key_type(label) is None:
        return False
    return any(c.isdigit() for c in said) or url_in(said) is not None or "@" in said


def _is_item(raw: str) -> bool:
    """A list item, one left empty among them ("    - ") too."""
    return is_bullet(raw) or _EMPTY_ITEM.match(raw) is not None


_EMPTY_ITEM = re.compile(r"^\s*[-*•]\s*$")


def _indent(raw: str) -> int:
    """How far a line is indented (a tab as four spaces)."""
    return len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())


def parse_sheet(text: str, provider: str) -> ParsedSheet:
    """Units of a sheet in sheet order; the first line is the title (provider's name)."""
    if not provider:
        raise ValueError(f"provider must be a non-empty id, got {provider!r}")
    structured = read_yaml(text)
    if structured is not None:
        # A YAML file: its structure gives the units; no title line (its name is a key's).
        return _sheet(structured, provider, title="", notes=())
    marked = read_settings(text) if is_settings_text(text) else strip_markup(text)
    joined = join_wraps(csv_rows(marked.text), marked.extents, marked.headings, marked.asides)
    lines = split_asked(joined, whole=marked.turns.questions, fields=marked.fields)
    if not lines:
        return ParsedSheet(title=None, units=[], line_map={})
    if qa_header(lines[0].raw) is not None or not marked.titled:
        # A spreadsheet of questions (its header is its first line), a chat, an e-mail thread:
        # no title line.
        title, body = "", lines
    else:
        title, body = clean(lines[0].raw), lines[1:]
    parser = _Parser(body, section=title, headings=marked.headings, turns=marked.turns)
    drafts = parser.run()
    return _sheet(drafts, provider, title=title, notes=tuple(sorted(parser.notes)))


def _sheet(
    drafts: Sequence[Draft], provider: str, *, title: str, notes: tuple[ParseNote, ...]
) -> ParsedSheet:
    """The drafts as units with ids (stable for the same text, numbered when repeated)."""
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
    return ParsedSheet(title=title or None, units=units, line_map=line_map, notes=notes)


class _Parser(LineContext):
    """A cursor over the logical lines that emits unit drafts."""

    def __init__(
        self,
        lines: Sequence[Line],
        section: str,
        headings: frozenset[int],
        turns: Turns = NO_TURNS,
    ) -> None:
        super().__init__(lines, headings, turns)
        self.section = section
        # The section a numbered item's title ("13) PRAZO DE ATENDIMENTO") stands in, back
        # at the next numbered question ("14) Custo da visita?"): the item is no section.
        self.outer: str | None = None
        self.out: list[Draft] = []
        self.notes: list[ParseNote] = []

    # --- the walk ---------------------------------------------------------------------

    def run(self) -> list[Draft]:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        return self.out

    def step(self, i: int) -> int:
        line = self.lines[i]
        if self.is_marked_heading(i):
            return self.heading(i)
        if (inline := self.inline(i)) is not None:
            return self.inline_qa(i, *inline)  # "Qual o custo? R: R$ 60" / "...?<tab>answer"
        if (count := self.qa_table_lines(i)) > 0:
            return self.qa_rows(i, count)  # "Seção<tab>Pergunta<tab>Resposta<tab>Obs."
        if (count := self.table_lines(i)) > 0:
            return self.row_table(i, i, count, question=None)
        if self.is_noise(i):
            logger.debug("line %d: header-like cells without values skipped", line.first)
            if self.says_something(i):
                self.notes.append(ParseNote(line.first, line.text, "unread"))
            return i + 1
        if (width := self.header_width(i)) > 0:
            return self.table(i, i, width, question=None)
        if (end := self.toggle_end(i)) > i + 1:
            return self.toggle(i, end)
        if is_bullet(line.text) and contact_pair(line.text) is not None:
            return self.kv_block(i)  # "- Telefone: ...": contacts, not a list
        if (end := self.list_end(i)) > i:
            return self.emit_list(i, i, end, question=None)
        if self.is_kv(i):
            return self.kv_block(i)
        if self.is_heading(i):
            return self.heading(i)
        if self.asks(i):
            return self.question(i)
        if is_answer_start(line.text):
            return self.answer(i, i, question=None, kind="statement")
        if self.asks_unmarked(i):
            return self.question(i)  # "Possui taxa de instalação" over "R: ...": a question
        if self.is_label(i):
            return self.labelled(i)
        return self.statement(i)

    def heading(self, i: int) -> int:
        titled = numbered_title_item(self.lines[i].text)
        self.outer = (self.outer if self.outer is not None else self.section) if titled else None
        self.section = clean(self.lines[i].raw)
        self.notes.append(ParseNote(self.lines[i].first, self.section, "heading"))
        return i + 1

    def question(self, i: int) -> int:
        # "10) Qual DNS padrão?": the template's numbering (or a bullet) is not the question's.
        q = strip_bullet(self.lines[i].text)
        if self.outer is not None and q != self.lines[i].text.strip():
            self.section, self.outer = self.outer, None
        j = i + 1
        nxt = self.at(j)
        if nxt is not None and is_answer_start(nxt.text):
            if not is_no_value(strip_answer_mark(nxt.text)):
                return self.answer(i, j, question=q, kind="qa")
            j += 1  # a bare "R:" (or "R: —": nothing said) introduces what follows
            nxt = self.at(j)
        if nxt is None or self.asks(j) or self.inline(j) is not None:
            # Nothing, or the next question ("11) Quais ...?"): the author left it blank.
            return self.emit(i, j - 1, "qa", q, [], [])
        if (count := self.table_lines(j)) > 0:
            return self.row_table(i, j, count, question=q)
        if (width := self.header_width(j)) > 0:
            return self.table(i, j, width, question=q)
        if is_bullet(nxt.text) and contact_pair(nxt.text) is not None:
            # "- Telefone: ..." after a blank answer: the contacts of the sheet, not this answer.
            return self.emit(i, j - 1, "qa", q, [], [])
        if (end := self.list_end(j)) > j:
            return self.emit_list(i, j, end, question=q)
        if self.is_kv(j):
            texts, spans, end = self.kv_lines(j)
            if not has_contact(texts):
                # "Residencial<tab>até 24 horas" / "Corporativo<tab>6 horas" under the question:
                # its answer, a line per case.
                return self.emit(i, end - 1, "qa", q, texts, spans)
        if self.is_structural(j):
            return self.emit(i, j - 1, "qa", q, [], [])
        return self.answer(i, j, question=q, kind="qa")

    def inline_qa(self, i: int, question: str, first: str) -> int:
        """ "Qual o custo da visita? R: R$ 60,00": a question and its answer on one line."""
        if is_no_value(first):
            return self.emit(i, i, "qa", strip_bullet(question), [], [])  # "...? R:" left blank
        texts, spans = [first], [self.lines[i].span]
        end = self.continuation(i)
        for k in range(i + 1, end):
            texts.append(self.said(k))
            spans.append(self.lines[k].span)
        # The answer cell's further paragraphs, read as rows with an empty first cell.
        while (nxt := self.at(end)) is not None and (more := cell_below(nxt.raw)) is not None:
            texts.append(more)
            spans.append(nxt.span)
            end += 1
        if is_placeholder(first) and len(texts) > 1:
            texts, spans = texts[1:], spans[1:]  # "| Q? | — |" over the cell's real paragraphs
        return self.emit(i, end - 1, "qa", strip_bullet(question), texts, spans)

    def answer(self, start: int, j: int, question: str | None, kind: str) -> int:
        """An answer from line j on (its "R:" mark removed), with its continuation lines."""
        texts = [strip_answer_mark(self.said(j))]
        spans = [self.lines[j].span]
        end = self.continuation(j)
        for k in range(j + 1, end):
            texts.append(self.said(k))
            spans.append(self.lines[k].span)
        return self.emit(start, end - 1, kind, question, texts, spans)

    def toggle_end(self, i: int) -> int:
        """End (exclusive) of the items nested under line i's bullet, i + 1 when none are.

        A page exported with its toggles as nested bullets ("- Qual DNS padrão?" over
        "    - 8.8.8.8") writes each toggle's title as an item and its content as items
        indented under it: the title asks, the items under it answer. An item ending in a
        colon over its own items is a category of one list, no toggle.
        """
        line, nxt = self.lines[i], self.at(i + 1)
        if nxt is None or not is_bullet(line.raw) or not _is_item(nxt.raw):
            return i + 1
        if line.text.endswith(":"):
            return i + 1  # "- Fibra — Teófilo Otoni:" over its towns: one list's category
        depth = _indent(line.raw)
        end = i + 1
        while (more := self.at(end)) is not None and _indent(more.raw) > depth:
            end += 1
        return end if _indent(nxt.raw) > depth else i + 1

    def toggle(self, i: int, end: int) -> int:
        texts = [self.said(k) for k in range(i + 1, end)]
        spans = [self.lines[k].span for k in range(i + 1, end)]
        return self.emit(i, end - 1, "qa", strip_bullet(self.lines[i].text), texts, spans)

    def labelled(self, i: int) -> int:
        first = self.lines[i + 1]
        texts, spans = [first.text], [first.span]
        end = i + 2
        if (list_end := self.list_end(i + 1)) > i + 1:
            end = list_end  # a label over a list: the whole list is its content
        elif first.text.endswith(":"):
            end = self.continuation(i + 1)
        if end > i + 2:
            for k in range(i + 2, end):
                texts.append(self.said(k))
                spans.append(self.lines[k].span)
        return self.emit(i, end - 1, "qa", self.lines[i].text, texts, spans)

    def statement(self, i: int) -> int:
        """A statement; one written as "label: value" lines is an answer per label."""
        end = self.continuation(i)
        texts = [strip_answer_mark(self.said(i)), *(self.said(k) for k in range(i + 1, end))]
        if end > i + 1 and _is_contact_label(texts[0], " ".join(texts[1:])):
            # "Central do assinante:" over "central.x.com.br login é o cpf", "WhatsApp:" over
            # "suporte (37) ... / financeiro (37) ...": a contact's label and its answer.
            spans = [self.lines[k].span for k in range(i + 1, end)]
            return self.emit(i, end - 1, "qa", texts[0].rstrip(": "), texts[1:], spans)
        pieces = label_pieces(texts)
        if pieces is None:
            labelled = label_value(texts[0]) if end == i + 1 else None
            if labelled is not None and is_placeholder(labelled[1]):
                # "Debito automatico: ???": the sheet asks it and leaves it blank.
                return self.emit(i, i, "qa", labelled[0], [labelled[1]], [self.lines[i].span])
            return self.answer(i, i, question=None, kind="statement")
        for label, value, taken in pieces:
            said = [value if label else texts[taken[0]], *(texts[k] for k in taken[1:])]
            spans = [self.lines[i + k].span for k in taken]
            kind = "qa" if label else "statement"
            self.emit(i + taken[0], i + taken[-1], kind, label, said, spans)
        return end

    def table(self, start: int, header: int, width: int, question: str | None) -> int:
        rows = self.count_rows(header + width, width)
        texts, spans = flat_table(self.lines[header : header + width * (rows + 1)], width)
        end = header + width * (rows + 1)
        self.note_short_row(header, end, width)
        return self.emit(start, end - 1, "table", question, texts, spans)

    def row_table(self, start: int, header: int, count: int, question: str | None) -> int:
        """A table written a row per line (pipes, tabs or wide gaps); cells kept exactly."""
        rows = table_rows(self.raws, header, count)
        texts = [" | ".join(row) for row in rows]
        spans = [self.lines[header + k].span for k in range(count)]
        self.note_misfit_row(header, header + count, len(rows[0]))
        self.note_padded_rows(header, count)
        return self.emit(start, header + count - 1, "table", question, texts, spans)

    def qa_rows(self, header: int, count: int) -> int:
        """A spreadsheet of questions: a row each, its answer and notes under its section."""
        roles = qa_header(self.raws[header]) or {}
        cells = row_cells(self.raws[header])
        notes = [k for k in range(len(cells)) if k not in roles.values()]
        for k in range(header + 1, header + count):
            row = [clean(c) for c in self.raws[k].split("\t")] + [""] * len(cells)
            self.section = row[roles.get("section", len(cells))] or self.section
            said = " — ".join(c for c in [row[roles["answer"]], *(row[n] for n in notes)] if c)
            if row[roles["question"]]:
                span = [self.lines[k].span] if said else []
                self.emit(k, k, "qa", row[roles["question"]], [said] if said else [], span)
        return header + count

    # --- what did not fit (ParseNote); the units are the same with or without these -------

    def note_misfit_row(self, header: int, end: int, width: int) -> None:
        """The line after a one-line-row table, when it is a row of other width."""
        found = self.misfit_cells(header, end)
        if found:
            after = self.lines[end]
            table = self.lines[header].first
            self.notes.append(ParseNote(after.first, after.text, "row_width", table, width, found))

    def note_padded_rows(self, header: int, count: int) -> None:
        """Rows of a one-line-row table with fewer cells than its header, read with their last
        cells empty: noted when a column that holds a value (a password, a price) is among the
        empty ones, since a cell may be missing in the middle. An empty remark is not noted."""
        pipes = is_pipe_row(self.raws[header])
        head = row_cells(self.raws[header], pipes)
        valued = set(column_roles(head).values())
        table = self.lines[header].first
        for k in range(header + 1, header + count):
            found = len(row_cells(self.raws[k], pipes))
            if found < len(head) and valued & set(range(found, len(head))):
                line = self.lines[k]
                note = ParseNote(line.first, line.text, "row_padded", table, len(head), found)
                self.notes.append(note)

    def note_short_row(self, header: int, end: int, width: int) -> None:
        """Cells left after a one-cell-per-line table, fewer than a row: a cell is missing."""
        count = self.short_row_cells(end, width)
        if count:
            first = self.lines[end]
            text = " | ".join(self.lines[end + k].text for k in range(count))
            table = self.lines[header].first
            self.notes.append(ParseNote(first.first, text, "row_short", table, width, count))

    def emit_list(self, start: int, first: int, end: int, question: str | None) -> int:
        texts = [self.lines[k].text for k in range(first, end)]
        spans = [self.lines[k].span for k in range(first, end)]
        return self.emit(start, end - 1, "list", question, texts, spans)

    def kv_block(self, i: int) -> int:
        texts, spans, k = self.kv_lines(i)
        return self.emit(i, k - 1, "keyvalue", None, texts, spans)

    def kv_lines(self, i: int) -> tuple[list[str], list[tuple[int, int]], int]:
        """The "key: value" texts and spans of the key-value lines from i, and where they end."""
        texts: list[str] = []
        spans: list[tuple[int, int]] = []
        k = i
        while (line := self.at(k)) is not None:
            pair = line_pair(line)
            if pair is not None:
                texts.append(f"{clean(pair[0])}: {clean(pair[1])}")
                spans.append(line.span)
                k += 1
            elif contact_pairs(line.text):
                texts.append(clean(line.text))  # several contacts on one line
                spans.append(line.span)
                k += 1
            elif texts and (more := continued_value(line.raw)) is not None:
                # "\t(93) 99102-7788 (financeiro)" under "WHATSAPP\t(93) ...": the key's cell
                # merged down (as a Word table exports it), a second value of the same key.
                texts.append(f"{texts[-1].split(': ', 1)[0]}: {more}")
                spans.append(line.span)
                k += 1
            elif self.is_key_then_value(k):
                value = self.lines[k + 1]
                texts.append(f"{clean(line.raw).rstrip(': ')}: {value.text}")  # "Telefone:" over it
                spans.append((line.first, value.last))
                k += 2
            else:
                break
        return texts, spans, k

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
        if question is not None and texts and all(is_placeholder(t) for t in texts):
            texts, spans = [], []  # "R: não informado": the question is left blank
        self.out.append(
            Draft(
                section=self.section,
                kind=kind,
                question=clean(question) if question is not None else None,
                # Bullets are list markup, not words of the answer.
                answer_lines=[clean(strip_bullet(t)) if kind != "table" else t for t in texts],
                spans=spans,
                lines=(self.lines[start].first, self.lines[end].last),
            )
        )
        return end + 1
