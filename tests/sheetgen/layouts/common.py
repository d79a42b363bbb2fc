"""What every part writer shares: the template's questions, the sheet's style, Q/A lines."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .mail import quote

TEMPLATE_QUESTIONS: dict[str, str] = {
    "technologies": "Quais as tecnologias oferecidas pela empresa?",
    "plans": "Quais os planos vendidos na empresa?",
    "installation": "Possui taxa de instalação?",
    "coverage": "Quais cidades/bairros de atuação?",
    "repeaters": "Presta Suporte a Repetidores?",
    "port": "Qual a porta de acesso para acesso aos roteadores?",
    "credentials": "Qual usuário e senha padrão para acesso aos equipamentos?",
    "policy": "É possível informar ao cliente a senha do roteador?",
    "reset_os": (
        "Se não tivermos acesso para trocar a senha e seja necessário abrir OS, "
        "é cobrado e qual valor?"
    ),
    "dns": "Qual DNS padrão?",
    "reset": "Quais são as tratativas para reset?",
    "speedtest": "Qual site (padrão da empresa) utilizado para medir velocidade?",
    "deadline": "Qual prazo de atendimento do Suporte, residencial e corporativo?",
    "visit": "Qual o custo da visita técnica caso seja improdutiva?",
    "on_call": "Tem plantão aos finais de semana e feriado?",
    "services": (
        "Mudança de ponto no mesmo local, instalação de novo ponto, a central pode abrir os? "
        "Se sim, quais os valores? Se não, para onde enviar?"
    ),
    "cancellation": "Como prosseguir em casos de cancelamento?",
    "invoice": "Podemos enviar fatura?",
    "trust": "Podemos fazer o desbloqueio de confiança?",
    "blocks": "Com quantos dias ocorre o bloqueio?",
    "inverted": "Qual o procedimento para pagamento invertido?",
    "receipt": "Qual o procedimento para comprovante?",
    "payment": "Qual métodos de pagamentos da fatura?",
    "in_person": "Possui atendimento presencial?",
}
# Questions a sheet may leave without an answer.
OPTIONAL_QUESTIONS: tuple[str, ...] = ("dns", "repeaters", "port", "on_call", "in_person")

FORMATS = ("txt", "md")
ANSWER_STYLES = ("same_line", "next_line", "mixed", "inline", "tabbed", "spaced")
BLANK_LINES = ("none", "between_items")
# How a plain-text author sets a section title apart: as it is, framed ("==== TAXAS ===="), a
# numbered clause, or between rules across the page (an old system's export).
HEADING_STYLES = ("plain", "framed", "numbered", "ruled")
# How plan prices are written after their speed: "R$ 89,90" / "89,90", or said ("89 e 90").
PRICE_STYLES = ("written", "said")
# A Markdown export that escapes punctuation with backslashes ("R\$ 80,00", "Ab\#12").
ESCAPE_STYLES = ("none", "backslashes")
# How a question is set apart: as the template writes it, or after a "Pergunta:" label, its
# "?" left out (a terminal sheet's "Pergunta: cancelamento" / "Resposta: ...").
QUESTION_STYLES = ("plain", "labelled")
# How a plain-text author draws a table: Markdown pipes, or boxes as a database console draws
# them ("+----+----+" borders, long cells wrapped inside their box).
TABLE_STYLES = ("pipes", "boxes")
UNANSWERED_STYLES = ("bare", "blank_r", "placeholder")
# What an author writes where nothing is known (the question is still blank).
PLACEHOLDERS = (
    "não informado",
    "—",
    "-",
    "N/A",
    "a definir",
    "Provedor não informou.",
    "??? (não passaram)",
    "❓ ainda não informado pelo técnico",
)
ANSWER_MARKS = ("R:", "R:", "Resp.:", "Resposta:", "Resp:")


@dataclass(frozen=True)
class Style:
    """How the sheet's author writes: file format, where "R:" goes, blank lines in lists."""

    fmt: str
    answers: str
    blank_lines: str
    unanswered: str
    mark: str = "R:"  # what opens an answer
    headings: str = "plain"  # one of HEADING_STYLES
    prices: str = "written"  # one of PRICE_STYLES
    asks: str = "plain"  # one of QUESTION_STYLES
    envelope: str = "none"  # one of mail.ENVELOPES: "mail" quotes the template's lines


def question(text: str, style: Style, *, blank: bool = False) -> str:
    """A template question line: bold in Markdown; after "Pergunta:", an answered one without
    its "?" (with its answer on a line of its own: one on the answer's line keeps it)."""
    if style.asks == "labelled" and style.answers not in ("inline", "tabbed", "spaced"):
        once = text.count("?") == 1 and text.endswith("?") and not blank
        text = f"Pergunta: {text[:-1] if once else text}"
    return _quoted(f"**{text}**" if style.fmt == "md" else text, style)


def _quoted(text: str, style: Style) -> str:
    """The call centre's own line as an e-mail reply quotes it ("> Qual o DNS?")."""
    if style.envelope != "mail":
        return text
    return "\n".join(quote(line) for line in text.split("\n"))


def heading(text: str, style: Style, level: int = 2, number: int = 1) -> str:
    """A section title: a Markdown heading, the text as the word processor exports it,
    framed by marks as typed in a plain editor, or a formal manual's numbered clause
    ("CLÁUSULA 3 - FINANCEIRO E COMERCIAL", however many words it has)."""
    if style.fmt == "md":
        return f"{'#' * level} {text}"
    if style.headings == "numbered":
        return _quoted(f"CLÁUSULA {number} - {text.upper()}", style)
    if style.headings == "ruled":
        rule = "=" * 70
        return _quoted(f"{rule}\n {text.upper()}\n{rule}", style)
    return _quoted(f"==== {text} ====" if style.headings == "framed" else text, style)


def items(lines: Sequence[str], style: Style) -> list[str]:
    """List lines, with a blank line between them where the author double-spaces."""
    if style.blank_lines == "none":
        return list(lines)
    out: list[str] = []
    for line in lines:
        if out:
            out.append("")
        out.append(line)
    return out


def answer(
    lines: Sequence[str], style: Style, rng: random.Random, *, block: bool = False
) -> list[str]:
    """Answer lines with "R:" on the first line, alone before them, or absent.

    A block (a table, a list) never starts on the "R:" line: "R:" stands alone or is left out.
    """
    mode = "next_line" if style.answers in ("inline", "tabbed", "spaced") else style.answers
    if mode == "mixed":
        mode = rng.choice(("same_line", "same_line", "next_line", "none"))
    if block and mode == "same_line":
        mode = "next_line"
    if mode == "same_line":
        return [f"{style.mark} {lines[0]}", *lines[1:]]
    if mode == "next_line":
        return [style.mark, *lines]
    return list(lines)


def qa(
    key: str, lines: Sequence[str], style: Style, rng: random.Random, *, block: bool = False
) -> list[str]:
    """A template question, its answer and the blank line after it; "inline": the answer on
    the question's line ("Qual o custo? R: R$ 60,00"), but for a block; "tabbed": after a tab
    (TXT only)."""
    asked = question(TEMPLATE_QUESTIONS[key], style)
    if style.answers == "inline" and not block:
        return [f"{asked} {style.mark} {lines[0]}", *lines[1:], ""]
    if style.answers == "tabbed" and not block and style.fmt == "txt":
        # A spreadsheet's question and answer columns, exported with a tab between them.
        return [f"{asked}\t{lines[0]}", *lines[1:], ""]
    asked_once = TEMPLATE_QUESTIONS[key].count("?") == 1 and "?" not in lines[0]
    if style.answers == "spaced" and not block and asked_once:
        # "Repetidor? sim": the answer after one space, no mark (a chat author's habit); a
        # question that asks twice, or an answer with a "?", keeps its line.
        return [f"{asked} {lines[0]}", *lines[1:], ""]
    return [asked, *answer(lines, style, rng, block=block), ""]


def unanswered(key: str, style: Style) -> list[str]:
    """A template question the author left blank: nothing after it, or an empty "R:"."""
    tail = [style.mark] if style.unanswered == "blank_r" else []
    if style.unanswered == "placeholder":
        # "R: não informado": written that nothing is known, still no answer.
        tail = [f"{style.mark} {PLACEHOLDERS[len(key) % len(PLACEHOLDERS)]}"]
    return [question(TEMPLATE_QUESTIONS[key], style, blank=True), *tail, ""]


def cells_per_line(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table exported one cell per line, header first."""
    return [cell for row in (header, *rows) for cell in row]


def tab_rows(header: Sequence[str] | None, rows: Sequence[Sequence[str]]) -> list[str]:
    """A table as tab-separated rows."""
    table = [header, *rows] if header is not None else list(rows)
    return ["\t".join(row) for row in table]


def pipe_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], rng: random.Random
) -> list[str]:
    """A Markdown pipe table, padded or not, with or without outer pipes."""
    padded = rng.random() < 0.5
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        if padded:
            cells = [c.ljust(w) for c, w in zip(cells, widths, strict=True)]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join(rng.choice(("---", " --- ", ":---")) for _ in header) + "|"
    return [line(header), rule, *(line(r) for r in rows)]


def wide_gap(
    header: Sequence[str] | None, rows: Sequence[Sequence[str]], rng: random.Random
) -> list[str]:
    """Rows whose cells are separated by runs of three or more spaces."""
    table = [header, *rows] if header is not None else list(rows)
    gap = rng.randint(3, 6)
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return [
        "".join(c.ljust(w + gap) for c, w in zip(r[:-1], widths, strict=False)) + r[-1]
        for r in table
    ]


_ESCAPED_MARKS = re.compile(r"(?<![\s\\|*])([$_#!+])")


def escape_markdown(text: str) -> str:
    """The text as a Markdown export escapes it: a mark after a character gets a backslash
    ("R$" -> "R\\$"); headings' marks and table separators stay."""
    lines = []
    for line in text.split("\n"):
        heading = re.match(r"^#{1,6} ", line)
        head, body = (line[: heading.end()], line[heading.end() :]) if heading else ("", line)
        lines.append(head + _ESCAPED_MARKS.sub(r"\\\1", body))
    return "\n".join(lines)


_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_PIPE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")


def draw_boxes(text: str, rng: random.Random) -> str:
    """Every pipe table of the text drawn as a box table: borders of "+---+", "+===+" under
    the header; with borders between the rows or not, and where there are, a long cell of
    several words wrapped onto the next lines inside its box."""
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        if k + 1 < len(lines) and lines[k].startswith("|") and _PIPE_RULE.match(lines[k + 1]):
            end = k + 2
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            rows = [_pipe_cells(lines[i]) for i in range(k, end) if i != k + 1]
            out += _box(rows, rng)
            k = end
        else:
            out.append(lines[k])
            k += 1
    return "\n".join(out)


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [c.strip().replace("\\|", "|").strip("`") for c in _PIPE_SPLIT.split(inner)]


def _box(rows: list[list[str]], rng: random.Random) -> list[str]:
    parted = rng.random() < 0.7  # a border between every two rows
    wrap = rng.randint(10, 16)
    records = [
        [_wrapped(c, wrap) if parted and n else [c] for c in row] for n, row in enumerate(rows)
    ]
    widths = [max(len(p) for rec in records for p in rec[c]) for c in range(len(rows[0]))]
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [border]
    for n, rec in enumerate(records):
        for i in range(max(len(c) for c in rec)):
            cells = [c[i] if i < len(c) else "" for c in rec]
            out.append(
                "| " + " | ".join(p.ljust(w) for p, w in zip(cells, widths, strict=True)) + " |"
            )
        if n == 0:
            out.append(border.replace("-", "="))
        elif parted or n == len(records) - 1:
            out.append(border)
    return out


def _wrapped(cell: str, width: int) -> list[str]:
    """A cell's words in pieces of about ``width`` characters (a word is never cut)."""
    pieces: list[str] = []
    for word in cell.split(" "):
        if pieces and len(pieces[-1]) + 1 + len(word) <= width:
            pieces[-1] += " " + word
        else:
            pieces.append(word)
    return pieces or [""]
