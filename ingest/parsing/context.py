"""What a line of a sheet is given its neighbours: a heading, a table, a list, a key-value line.

The line shapes alone are in ``ingest.parsing.lines``; these need the lines around them
(a heading is followed by questions or key-value lines, a flattened table by rows of cells).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.analysis import clean, fold
from ingest.parsing.chat import NO_TURNS, Turns
from ingest.parsing.contact_lines import (
    contact_pair,
    contact_pairs,
    is_contact_header,
    key_over_value,
    url_in,
)
from ingest.parsing.labels import LEADING_LABEL
from ingest.parsing.lines import (
    COPULAS,
    PLAN_ITEMS,
    Line,
    cell_shape,
    cells,
    ends_terminal,
    has_header_word,
    inline_answer,
    is_answer_start,
    is_bare_verdict,
    is_bullet,
    is_caps_shape,
    is_cell,
    is_colon_label,
    is_header_cell,
    is_item,
    is_list_label,
    is_numbered_title,
    is_parallel,
    is_plan_like,
    is_policy_start,
    is_question,
    is_value_shaped,
    is_verb_start,
    line_pair,
    plain_heading_shape,
    shares_keys,
    starts_lower,
    strip_answer_mark,
)
from ingest.parsing.markup import is_rule, strip_bullet
from ingest.parsing.tables import (
    is_framed_row,
    is_pipe_row,
    kind_roles,
    qa_header,
    row_cells,
    table_extent,
)


def _without_brackets(text: str) -> str:
    """A line without what it says in brackets ("Horário (GMT -3)" -> "Horário ")."""
    return re.sub(r"\([^)]*\)", "", text)


def _list_item(text: str) -> bool:
    """An item of a list; "- Telefone: ..." bullets are contacts (a key-value block) instead."""
    return is_item(text) and not (is_bullet(text) and contact_pair(text) is not None)


def numbered_title_item(text: str) -> bool:
    """ "13) PRAZO DE ATENDIMENTO DO SUPORTE": the template's numbered item as a title in
    capitals, without its "?" (not "1) 100 MEGA - R$ 79,90", an item of a list)."""
    return is_numbered_title(text) and not re.search(r"\d", strip_bullet(text))


class LineContext:
    """The logical lines of a sheet, and what each line is given its neighbours."""

    def __init__(
        self, lines: Sequence[Line], headings: frozenset[int], turns: Turns = NO_TURNS
    ) -> None:
        self.lines = list(lines)
        self.raws = [line.raw for line in self.lines]
        # Physical lines that Markdown marked as headings ("## Financeiro").
        self.headings = headings
        # A chat's questions (each read whole) and replies (an answer's text, never asking).
        self.turns = turns

    def at(self, i: int) -> Line | None:
        return self.lines[i] if 0 <= i < len(self.lines) else None

    def asks(self, i: int) -> bool:
        """Line i is a question (a reply in a chat asking back is no question of the sheet)."""
        line = self.at(i)
        if line is None or line.first in self.turns.replies:
            return False
        return line.first in self.turns.questions or is_question(line.text)

    def inline(self, i: int) -> tuple[str, str] | None:
        """Line i's question and answer on one line; a chat's turn is all one or the other."""
        line = self.lines[i]
        if line.first in self.turns.questions or line.first in self.turns.replies:
            return None
        return inline_answer(line.raw)

    def is_marked_heading(self, i: int) -> bool:
        """A Markdown heading ("## Financeiro"); one that asks something is a question."""
        line = self.at(i)
        return line is not None and line.first in self.headings and not is_question(line.text)

    def table_lines(self, i: int) -> int:
        """Lines of a table of one-line rows starting at i (header and rows), else 0."""
        return 0 if self.is_marked_heading(i) else table_extent(self.raws, i)

    def qa_table_lines(self, i: int) -> int:
        """Lines from i of a spreadsheet of questions: its "Seção<tab>Pergunta<tab>Resposta"
        header (three columns or more) and the tab rows under it (no wider), else 0."""
        if qa_header(self.raws[i]) is None:
            return 0
        width = len(row_cells(self.raws[i]))
        end = i + 1
        while (
            end < len(self.raws)
            and "\t" in self.raws[end]
            and len(self.raws[end].strip().split("\t")) <= width
        ):
            end += 1
        return end - i if end > i + 1 else 0

    def is_noise(self, i: int) -> bool:
        """A row of header-like cells with no values ("SGP\\tUPCHAT\\tSETORES"), a rule."""
        parts = cells(self.lines[i].raw)
        if is_contact_header(row_cells(self.lines[i].raw)):
            return True
        if is_rule(self.lines[i].raw) or len(parts) < 2:
            return is_rule(self.lines[i].raw)
        return self.table_lines(i) == 0 and all(
            is_caps_shape(p) and len(p.split()) == 1 and not any(c.isdigit() for c in p)
            for p in parts
        )

    def says_something(self, i: int) -> bool:
        """A noise line that is text (not a rule, not a contact table's header row)."""
        raw = self.lines[i].raw
        return not is_rule(raw) and not is_contact_header(row_cells(raw))

    def misfit_cells(self, header: int, end: int) -> int:
        """Cells of line ``end`` when it is a row written like the table's (header at
        ``header``) but of another width, else 0."""
        line = self.at(end)
        if line is None or self.is_marked_heading(end) or inline_answer(line.raw) is not None:
            return 0  # a question with its answer after a tab is no row
        head, raw = self.raws[header].strip(), line.raw.strip()
        pipes = is_pipe_row(head)
        if pipes:
            same_style = is_pipe_row(raw)
        elif "\t" in head:
            same_style = "\t" in raw
        else:
            same_style = "\t" not in raw and len(cells(raw)) >= 2
        found = len(row_cells(raw, pipes)) if same_style else 0
        return found if found >= 2 and found != len(row_cells(head, pipes)) else 0

    def short_row_cells(self, end: int, width: int) -> int:
        """Cells right after a one-cell-per-line table, fewer than its ``width``: a row with a
        cell missing (not a short sentence, a label or a line that opens a unit)."""
        count = 0
        while count < width and (line := self.at(end + count)) is not None:
            # A model cell ("YR700") has the shape of a title; a title has no digit.
            titled = self.is_heading(end + count) and any(c.isdigit() for c in line.text)
            if not is_cell(line) or (self.is_structural(end + count) and not titled):
                break
            if ends_terminal(line.text) or is_verb_start(line.text):
                return 0
            count += 1
        if self.header_width(end + count) > 0:
            return 0  # a caption of the next table ("Rádio" over "VELOCIDADE" / "PREÇO")
        return count if 0 < count < width else 0

    def is_key_then_value(self, i: int) -> bool:
        """A key alone on its line with its value on the next: an all-caps key over a URL,
        phone or e-mail, or a key that names a contact ("Telefone fixo", "Endereço") over a
        value of that contact's shape."""
        line, nxt = self.at(i), self.at(i + 1)
        if line is None or nxt is None or len(cells(line.raw)) != 1:
            return False
        if is_caps_shape(line.text) and is_value_shaped(nxt.text):
            return True
        return key_over_value(line.text, nxt.text)

    def is_kv(self, i: int) -> bool:
        line = self.at(i)
        return line is not None and (
            line_pair(line) is not None
            or bool(contact_pairs(line.text))  # "Fone: X, Zap: Y, Email: Z"
            or self.is_key_then_value(i)
        )

    def header_width(self, i: int) -> int:
        """Number of columns when a flattened table starts at i, else 0."""
        run = 0
        while (line := self.at(i + run)) is not None and is_header_cell(line.text):
            if self.is_marked_heading(i + run):
                break
            run += 1
        if run < 2:
            return 0
        named = [k for k in range(run) if has_header_word(self.lines[i + k].text)]
        if named and named[0] > 0:
            return 0  # "RÁDIO" over "Plano" / "Valor": a caption, the table starts below it
        width = named[-1] + 1 if named and named[-1] >= 1 else run
        return width if self.count_rows(i + width, width) >= 1 else 0

    def count_rows(self, start: int, width: int) -> int:
        """Rows of ``width`` cells from ``start``; a row whose cells have another shape than the
        first row's (a price where a price was, a speed where a speed was) ends the table."""
        rows = 0
        first: tuple[str, ...] | None = None
        while all(is_cell(self.at(start + rows * width + c)) for c in range(width)):
            row = [self.lines[start + rows * width + c].text for c in range(width)]
            shape = tuple(cell_shape(cell) for cell in row)
            if any(is_header_cell(cell) and kind_roles(cell) for cell in row):
                break  # the header of the next table ("PLANO", "VALOR")
            if first is None:
                first = shape
            elif any(a != b for a, b in zip(first, shape, strict=True) if a):
                break
            rows += 1
        return rows

    def is_heading(self, i: int) -> bool:
        line = self.lines[i]
        if len(cells(line.raw)) != 1 or self.is_key_then_value(i):
            return False
        nxt = self._next_meaningful(i + 1)
        # A label over a table of one-line rows heads it, however the rows are written (tabs
        # or pipes): the same table gives the same units from a TXT, a Markdown or a DOCX.
        over_table = nxt is not None and self.table_lines(nxt) > 0
        if is_numbered_title(line.text):
            return True
        if is_caps_shape(line.text):
            if is_policy_start(line.text) or len(line.text.split()) > 5:
                return False
            if LEADING_LABEL.match(line.text) and "://" not in line.text.split(":", 1)[0] + ":":
                # "PORTA PADRAO: 8085", "DM985-424: (SEM USUARIO) / x": a label and its value.
                return False
            if is_bullet(line.text) and any(c.isdigit() for c in line.text):
                return False  # "• 150MB: R$74,9": an item of a list, no section's title
            # Two "headings" in a row: the first is a note ("UPSOFT OK"), not a section.
            return (
                nxt is None
                or over_table
                or not (
                    is_caps_shape(self.lines[nxt].text)
                    and len(cells(self.lines[nxt].raw)) == 1
                    and not self.is_key_then_value(nxt)
                    and self.header_width(nxt) == 0
                )
            )
        if not plain_heading_shape(line.text):
            return False
        return nxt is not None and (
            over_table
            or self.is_kv(nxt)
            or self.asks(nxt)
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
        while (line := self.at(j)) is not None and not self.is_marked_heading(j):
            if self.asks(j) or numbered_title_item(line.text):
                break  # "10) Qual DNS padrão?": the template's numbered question, not an item
            if _list_item(line.text):
                items += 1
                j += 1
            elif (
                is_list_label(line.text)
                and not is_answer_start(line.text)
                and (nxt := self.at(j + 1))
                and _list_item(nxt.text)
            ):
                j += 1
            else:
                break
        has_label = j > i and not is_item(self.lines[i].text)
        if items >= 2 or (items >= 1 and has_label):
            return j
        inline = self.at(i)
        if inline is not None and len(PLAN_ITEMS.findall(inline.text)) >= 2:
            return i + 1
        return i

    def is_structural(self, i: int) -> bool:
        """Does line i start a unit of its own (so it cannot continue an answer)?"""
        line = self.lines[i]
        return (
            self.is_marked_heading(i)
            or self.asks(i)
            or self.inline(i) is not None
            or is_answer_start(line.text)
            or self.table_lines(i) > 0
            or self.is_noise(i)
            or self.is_kv(i)
            or self.header_width(i) > 0
            or self.is_heading(i)
        )

    def said(self, k: int) -> str:
        """Line k's text in an answer: a row of pipe cells outside any table reads as its cells
        side by side, as the same row of a Word table (tab-separated) does."""
        line = self.lines[k]
        if is_framed_row(line.raw) and len(cells := row_cells(line.raw)) >= 2:
            return clean(" ".join(c for c in cells if c))
        return line.text

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
                or shares_keys(prev, nxt.text)
                or (is_plan_like(prev) and is_plan_like(nxt.text))
                or is_parallel(prev, nxt.text)
                or self._remark_on_verdict(k)
            )
            if not follows or (is_policy_start(nxt.text) and not prev.endswith(":")):
                break
            k += 1
        return k

    def _remark_on_verdict(self, k: int) -> bool:
        """ "❌ Não" right over "Pode trocar pra uma senha que o cliente escolher.": a sentence
        on the next line under a bare yes or no says on what terms."""
        prev, nxt = self.lines[k - 1], self.lines[k]
        return (
            is_bare_verdict(strip_answer_mark(prev.text))
            and nxt.first == prev.last + 1
            and "\t" not in nxt.raw
            and len(nxt.text.split()) >= 4
            and ends_terminal(nxt.text)
        )

    def asks_unmarked(self, i: int) -> bool:
        """A template question written without its "?", over an answer mark."""
        line, nxt = self.lines[i], self.at(i + 1)
        words = line.text.split()
        return (
            nxt is not None
            and is_answer_start(nxt.text)
            and 1 <= len(words) <= 12
            and not line.text.rstrip().endswith((":", "."))
            and not is_answer_start(line.text)
        )

    def is_label(self, i: int) -> bool:
        """A noun-phrase label whose content follows ("Horário de atendimento (GMT -3)")."""
        line, nxt = self.lines[i], self.at(i + 1)
        if nxt is None or self.is_structural(i + 1) or ends_terminal(line.text):
            return False
        if is_bare_verdict(line.text):
            return False  # "✅ Sim" over its remark: an answer, never a label
        words = fold(line.text).split()
        if len(words) > 10 or is_verb_start(line.text) or COPULAS & set(words):
            return False
        if nxt.text.endswith(":") or nxt.text[:1].isdigit():
            return True
        # A bare noun phrase over a value with a number ("Horário de funcionamento" over "De
        # Segunda a Sábado 09:00 às 17:00"): the label has no number, colon or dash of its own.
        plain = not re.search(r"[\d:]|\s[-–—]\s", _without_brackets(line.text))
        # ... or over a sentence with a web address ("Central do Assinante" over "Fica em
        # https://..."): a label of a contact the template asks for.
        return plain and (
            any(c.isdigit() for c in _without_brackets(nxt.text)) or url_in(nxt.text) is not None
        )
