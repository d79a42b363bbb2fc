"""What a line of a sheet looks like: question, answer mark, heading cells, key-value, list item.

Pure predicates over one line's text (no context), plus ``join_wraps`` which turns a sheet's
text into logical lines, joining lines that a narrow PDF page wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ingest.analysis import (
    MONEY_PATTERN,
    SAID_CENTS_PATTERN,
    SPEED_UNITS_GB,
    SPEED_UNITS_MB,
    clean,
    fold,
)
from ingest.parsing.contact_lines import contact_pair, is_value_shaped
from ingest.parsing.markup import is_bullet, strip_bullet
from ingest.parsing.tables import is_framed_row, is_pipe_row, kind_roles, row_cells

# Roles of the columns that name a flattened credential table's header (kind words).
_HEADER_ROLES = {"model", "login", "password", "price", "speed", "plan"}
_MAX_CELL = 40
COPULAS = {"e", "sao", "esta", "estao", "foi", "sera", "deve", "devem", "pode", "podem"}

# A plan is a speed and a price joined by a dash, a colon, "=", dot leaders, "por" or a verb
# ("350 Mega .... R$ 95,00", "Plano 250 Mega por R$ 74,50", "o de 300 mega fica R$ 94,90").
# A bare "m" before "de cabo" is metres ("até 15m de cabo").
SPEED_UNIT = (
    r"(?:mbps|mb/s|mb|megas?|m(?!\s+de\s+(?:cabo|fio|dist|altura))|gbps|gb/s|gb|gigas?|g)\b"
)
SPEED = rf"\d+(?:[.,]\d+)?\s*{SPEED_UNIT}"
# A price: money as ``ingest.analysis.MONEY`` reads it ("44,50", "R$ 50", "50 reais").
PRICE = MONEY_PATTERN
PLAN_SEP = (
    r"(?:\s*(?:-{1,2}>|={1,2}>|[→⇒]|[-–—:=]|\.{2,}|…+)\s*"
    # A record's cells, the price's named: "100MB — preco: 79.90", "300 Mega | valor: 99,90".
    r"|\s+[–—|]\s+(?!obs\b)[^\W\d][^\W\d ]{1,14}(?:\s[^\W\d]{1,14})?:\s*"
    r"|\s+(?:(?:sai|fica|custa|é)(?:\s+por)?|por)\s+"
    r"|,?\s+(?:pelo|por|no)\s+valor(?:\s+mensal)?\s+de\s+)"
)
# What a plan may say after its speed and before its price: "1 GIGA (com Mesh) – R$ 189,90",
# "600 MEGA + IP FIXO – R$ 249,90", a quoted name: '1 GIGA "Turbo" (c/ mesh) = R$ 199,90'.
PLAN_QUALIFIER = (
    r"(?:\s*[\"“][^\"“”\n]{1,30}[\"”])?"
    r"(?:\s*(?:\([^()\n]{1,40}\)|\+\s*[^\d\n–—:()+-]{1,25}?))?"
)
# After a speed, a price may be written with a decimal point ("500MB -> 124.90") or said
# ("200 MEGA ....... 89 e 90").
PLAN_PRICE = rf"(?:{PRICE}|(?<![\d.])\d{{2,4}}\.\d{{2}}(?![\d.])|{SAID_CENTS_PATTERN})"
# Words naming a plan between a price and its speed ("107,90 - ULTRA 450 MB"): capitalised.
PLAN_NAME_WORDS = r"(?:(?-i:[A-ZÀ-Ý])[\wÀ-ÿ]*\s+){0,3}"
PLAN_ITEMS = re.compile(
    rf"(?:{SPEED}{PLAN_QUALIFIER}{PLAN_SEP}{PLAN_PRICE})"
    rf"|(?:{PRICE}{PLAN_SEP}{PLAN_NAME_WORDS}{SPEED})",
    re.IGNORECASE,
)


def is_item(text: str) -> bool:
    return is_bullet(text) or (is_plan_like(text) and len(text) <= 60)


def is_list_label(text: str) -> bool:
    """ "FIBRA:", "PLANOS FIBRA", "Rádio": a short label over list items."""
    if is_question(text) or any(c.isdigit() for c in text) or len(text.split()) > 4:
        return False
    short_name = len(text.split()) <= 2 and plain_heading_shape(text)
    return text.endswith(":") or is_caps_shape(text) or short_name


def is_header_cell(text: str) -> bool:
    """A column label of a table written one cell per line: all caps ("EQUIPAMENTO"), or a
    short label with a kind word ("Plano", "Valor mensal")."""
    if len(cells(text)) != 1 or any(c.isdigit() for c in text) or text.endswith((":", "?")):
        return False
    if is_caps_shape(text) and len(text.split()) <= 2:
        return True
    return len(text.split()) <= 3 and text[:1].isupper() and bool(kind_roles(text))


def has_header_word(text: str) -> bool:
    """A header cell that names a column by a kind word (credentials, prices, speeds)."""
    return bool(kind_roles(text) & _HEADER_ROLES)


_PRICE_CELL = re.compile(rf"^\s*{PRICE}(?:\s*/\s*m[eê]s)?\s*$", re.IGNORECASE)
# A speed opens the cell, a word of its own ("79M!kEk#" is a password, not 79 Mb/s).
_SPEED_CELL = re.compile(rf"^\s*{SPEED}(?![^\s(+])", re.IGNORECASE)
# A plan named by words before its speed ("EMPRESARIAL 600 MEGA + IP FIXO"): capitalised words,
# then the speed with a unit word, then at most a qualifier, nothing else.
_NAMED_SPEED_CELL = re.compile(
    r"^\s*(?:[A-ZÀ-Ý][\wÀ-ÿ-]*\s+){1,3}\d+(?:[.,]\d+)?"
    r"(?:\s*(?i:mbps|mb|megas?|gbps|gb|gigas?)|(?i:m))\b"
    rf"(?i:{PLAN_QUALIFIER})\s*$"
)
_MAX_CELL_WORDS = 4
_MAX_SPEED_CELL_WORDS = 8  # "1 GIGA (roteador wi-fi 6 incluso)"


def cell_shape(text: str) -> str:
    """ "price" or "speed" for a cell that is one, else "" (any text: a model, a password)."""
    if _PRICE_CELL.match(text):
        return "price"
    if _SPEED_CELL.match(text) or _NAMED_SPEED_CELL.match(text):
        return "speed"
    return ""


def is_cell(line: Line | None) -> bool:
    if line is None:
        return False
    text = line.raw.strip()
    return (
        0 < len(text) <= _MAX_CELL
        and len(cells(line.raw)) == 1
        and not is_question(text)
        and not is_answer_start(text)
        and (
            len(text.split()) <= _MAX_CELL_WORDS
            or (len(text.split()) <= _MAX_SPEED_CELL_WORDS and cell_shape(text) == "speed")
        )
    )


# "CLÁUSULA 4 - DAS TAXAS E SERVIÇOS AVULSOS", "CAPÍTULO II – ...", "3 - DO FINANCEIRO": a
# numbered title, in capitals, however many words it has.
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:cl[áa]usula|cap[íi]tulo|se[çc][ãa]o|t[íi]tulo|parte|anexo)\s+[\dIVXLC]+|\d{1,2})"
    r"(?:\.\d{1,2})*\s*[-–—.:)]\s+\S",
    re.IGNORECASE,
)


def is_numbered_title(text: str) -> bool:
    """A numbered title in capitals ("CLÁUSULA 2 - DAS TECNOLOGIAS E DOS PLANOS")."""
    return (
        _NUMBERED_TITLE.match(text) is not None
        and is_caps_shape(text)
        and len(text.split()) <= 12
        and not ends_terminal(text)
    )


def plain_heading_shape(text: str) -> bool:
    """ "Informações da empresa": a short noun phrase without digits or punctuation."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and text[:1].isupper()
        and not any(c.isdigit() for c in text)
        and not re.search(r"[.,:;?!()]| - ", text)
        and not is_verb_start(text)
        and not COPULAS & set(fold(text).split())
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


def cells(raw: str) -> list[str]:
    """Parts of a line split by tabs or wide gaps."""
    return [c for c in _CELL_SPLIT.split(raw.strip()) if c]


_PHONE_PREFIX = re.compile(r"0[38]00|400\d")


# Dot leaders between a key and its value ("SITE ........ www.x.com", "LOJA ... seg a sex"):
# four dots or more, or two or more between spaces (an ellipsis clings to its word). Sheet text
# has them made a colon already (``markup.leader_as_colon``); a settings file's text is not
# read through the markup, and its lines come here as they are.
_DOT_LEADER = re.compile(r"\s*\.{4,}\s*|\s+\.{2,}\s+")


def kv_pair(raw: str) -> tuple[str, str] | None:
    """(key, value) of a "KEY<tab>value" line (or a wide gap, as PDF text has it, or dot
    leaders, as a typed index has them)."""
    parts = cells(raw)
    if len(parts) < 2 and len(led := _DOT_LEADER.split(raw.strip(), maxsplit=1)) == 2:
        # A speed's unit is no key: "1000" / "Mbps ..... R$ 107,90" is a plan a page wrapped.
        if fold(led[0]) in SPEED_UNITS_MB | SPEED_UNITS_GB:
            return None
        parts = [p for p in led if p]
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
    # A key opens with a capital, or is a phone prefix the sheet uses as one ("0800").
    if not key or len(words) > 5 or len(key) > 40:
        return None
    if not (key[:1].isupper() or _PHONE_PREFIX.fullmatch(key)):
        return None
    if re.search(r"[.,;?!]$", key) or is_answer_start(key):
        return None
    return key, value


def line_pair(line: Line) -> tuple[str, str] | None:
    """Key and value of a tab, wide-gap, colon or two-cell pipe line ("Site | x.com")."""
    if is_pipe_row(line.raw) and len(parts := row_cells(line.raw)) == 2:
        # A two-cell pipe row reads as the same row with a tab (as a DOCX table row is read).
        pair = contact_pair(f"{parts[0]}: {parts[1]}")
        return pair or (kv_pair(f"{parts[0]}\t{parts[1]}") if is_framed_row(line.raw) else None)
    if is_framed_row(line.raw) and len(parts := row_cells(line.raw)) == 3:
        # "| WHATSAPP SUPORTE | (33) 99914-3307 | Somente suporte técnico |": a contact and its
        # note, the note kept with the key.
        pair = contact_pair(f"{parts[0]}: {parts[1]}")
        if pair is not None:
            return (f"{pair[0]} ({parts[2]})" if parts[2] else pair[0]), pair[1]
    return kv_pair(line.raw) or contact_pair(line.text)


def flat_table(lines: Sequence[Line], width: int) -> tuple[list[str], list[tuple[int, int]]]:
    """Rows (" | "-joined) and spans of a table flattened to one cell per line."""
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for first in range(0, len(lines) - width + 1, width):
        texts.append(" | ".join(lines[first + c].raw.strip() for c in range(width)))
        spans.append((lines[first].first, lines[first + width - 1].last))
    return texts, spans


# A "?" right after a token with a symbol ends a value (a password "Ab3@?"), not a question:
# questions end on a word ("... atuação?", "abrir os?", "100MB?"). After a key ("senha: X?")
# a letters-and-digits token is a value too.
_SYMBOL_END = re.compile(r"(?:^|\s)\S*(?:[@#$%&*=/\\|!_+:;<>~^]|\w\.\w|\w\?\w)\S*\?$")
# "Cidades/bairros?": words joined by a slash, a question, not a value ending in "?".
_SLASHED_WORDS = re.compile(r"(?:^|\s)[^\W\d_]{2,}(?:/[^\W\d_]{2,})+\?$")
# "a senha é X?": a value said with "é" ends the line.
_SAID_VALUE_END = re.compile(r"\b(?:senha|password|login|usu[aá]rio)\s+(?:é|e|eh)\s+\S+\?$", re.I)
# One token with a case change inside a word, a digit or a mark before its "?": a value.
_VALUE_TOKEN = re.compile(r"(?=\S*(?:[a-z][A-Z]|\d|[^\w\s?]\?$))\S+\?")
# "cnpj: ?", "multa = ???", "obs: Coivaras ñ atende ainda, previsão ???": a label, then marks
# that say its value is not known.
_UNKNOWN_VALUE = re.compile(r"\S\s*[:=]\s*\?+$|^[^:?]{1,40}:\s.*\s\?{2,}$")
_KEYED_VALUE_END = re.compile(
    r"(?:senha|password|pass|login|usu[aá]rio|user)\s*[:=]?\s*\S+\?$"
    # "MR68G: admin / GSU-tMV5W?": a model's login and password, the last one ending in "?".
    r"|^[^:?\s][^:?]{0,40}:\s*\S+\s+/\s+\S+\?$",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A line that asks: it ends in "?" after a word, not after a URL or a value."""
    text = text.rstrip()
    if not text.endswith("?") or re.search(r"://\S*\?$", text):
        return False
    if _UNKNOWN_VALUE.search(text):
        return False  # "cnpj: ?", "DNS: ???": a label whose value is not known
    if _VALUE_TOKEN.fullmatch(text.strip()):
        return False  # "xiDGLET.?": one token shaped like a password, not a word asked
    if _SAID_VALUE_END.search(text) and _VALUE_TOKEN.fullmatch(text.split()[-1]):
        return False  # "... a senha é maRg??": the password ends the line, not a question
    if _SLASHED_WORDS.search(text) and not _KEYED_VALUE_END.search(text):
        return True
    return not (_SYMBOL_END.search(text) or _KEYED_VALUE_END.search(text))


# "R:", "Resp.:", "Resposta:", "Res:" open an answer (any case).
_MARK = r"(?:R|Resp|Res|Resposta)\s*\.?\s*:"
_ANSWER_MARK = re.compile(rf"^\s*{_MARK}\s*", re.IGNORECASE)


def is_answer_start(text: str) -> bool:
    return _ANSWER_MARK.match(text) is not None


# "? R: answer", or "?<tab>answer" (a spreadsheet's question and answer columns; a PDF or a
# fixed-width export shows the column gap as three spaces or more).
_INLINE_ANSWER = re.compile(rf"\?(?:\s+{_MARK}(?:\s+|$)|(?:\t+| {{3,}})(?=\S))", re.IGNORECASE)


def inline_answer(text: str) -> tuple[str, str] | None:
    """(question, answer) of "Qual o custo? R: R$ 60,00" ("" after a bare "R:"), of a table
    row "| Qual o custo? | R$ 60,00 |" (a "Pergunta | Resposta" table), else None."""
    if is_framed_row(text) and len(parts := row_cells(text)) == 2 and parts[0].endswith("?"):
        return clean(parts[0]), clean(parts[1])
    match = _INLINE_ANSWER.search(text)
    if match is None:
        return _short_question_answer(text) or _titled_clause(text)
    return clean(text[: match.start() + 1]), clean(text[match.end() :])


# "4.2 - Da taxa de religação. Nos casos em que ...", "Cláusula 3.1 – Do prazo: ...": a
# numbered clause of a formal manual, its title ("Da", "Do", "Das", "Dos") then its text.
_TITLED_CLAUSE = re.compile(
    r"^\s*(?i:cl[áa]usula\s+)?\d{1,2}(?:\.\d{1,2}){1,3}\s*[-–—.)]?\s+"
    r"(?P<title>D[aeo]s?\s+[^.:;?!\n]{2,80}?)\s*[.:]\s+(?P<body>\S.*)$"
)


def _titled_clause(text: str) -> tuple[str, str] | None:
    found = _TITLED_CLAUSE.match(clean(text))
    if found is None:
        return None
    return found["title"], found["body"]


# "Sim", "Não.": an answer that is only a verdict, the remark under it says on what terms.
_BARE_VERDICT = re.compile(r"^(?:sim|n[aã]o)\s*[.!]?$", re.IGNORECASE)


def is_bare_verdict(text: str) -> bool:
    """An answer that is only "Sim" or "Não"."""
    return _BARE_VERDICT.match(text.strip()) is not None


# "Repetidor? sim", "Prazo do suporte? residencial 24h": a short question and its answer
# after one space, as a chat author writes a template's questions.
# The template asks some things in several sentences ("... pode abrir os? Se sim, quais os
# valores? Se não, para onde enviar?"); a "?" inside an answer's token is a password's.
_SHORT_QA = re.compile(
    r"^(?P<q>[A-Za-zÀ-ÿ][^?:\n]{1,160}\?(?:\s+[A-ZÀ-Ý][^?:\n]{1,80}\?){0,3})"
    r"\s+(?P<a>[^?\s](?:[^?]|\?(?=\S))*)$"
)


def _short_question_answer(text: str) -> tuple[str, str] | None:
    found = _SHORT_QA.match(text.strip())
    if found is None or len(found["q"].split()) > 25:
        return None
    return clean(found["q"]), clean(found["a"])


def strip_answer_mark(text: str) -> str:
    return _ANSWER_MARK.sub("", text, count=1)


def is_caps_shape(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and not is_value_shaped(text)


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


_KEY = re.compile(r"([a-z]{3,})\s*:\s*\S")


def shares_keys(prev: str, nxt: str) -> bool:
    """Two lines of one record list: both give values under a key word they share ("Archer C6
    – login: admin – senha: X" / "F680 – sem login – senha: Y")."""
    a = {k for k in _KEY.findall(fold(prev)) if k != "http" and k != "https"}
    b = {k for k in _KEY.findall(fold(nxt)) if k != "http" and k != "https"}
    return bool(a & b)


def is_plan_like(text: str) -> bool:
    return PLAN_ITEMS.search(text) is not None


def starts_lower(text: str) -> bool:
    first = text.strip()[:1]
    return first.isalpha() and first.islower()


def ends_terminal(text: str) -> bool:
    return text.rstrip()[-1:] in {".", "?", "!", ":", ";"}


def is_parallel(prev: str, nxt: str) -> bool:
    """Two short lines opening with the same word and holding a number: items of one answer.

    ("Bloqueio parcial com 15 dias" / "Bloqueio total com 45 dias").
    """
    a, b = fold(prev).split(), fold(nxt).split()
    return (
        bool(a and b)
        and a[0] == b[0]
        and len(a[0]) >= 4
        and a[0].isalpha()
        and max(len(a), len(b)) <= 8
        and any(c.isdigit() for c in prev)
        and any(c.isdigit() for c in nxt)
        and not ends_terminal(prev)
    )


# The interrogative head of a question, with the verb and article that follow it.
_QUESTION_HEAD = re.compile(
    r"^(?:qual|quais|quanto|quantos|quanta|quantas|como|onde|quando|tem|possui|existe|h[aá])"
    r"(?:\s+(?:é|e|são|sao|seria|será|sera|custa|custam))?"
    r"(?:\s+(?:o|a|os|as|um|uma))?\s+",
    re.IGNORECASE,
)


def short_label(question: str) -> str:
    """A question read as a label: "Qual a porta de acesso?" -> "Porta de acesso".

    Only the interrogative head and the "?" go; every other word stays (rules match on them).
    A question that does not open with such a head keeps its words, without the "?".
    """
    text = strip_bullet(clean(question)).rstrip("?").rstrip()  # "13) Qual ...": no number
    match = _QUESTION_HEAD.match(text)
    if match:
        rest = text[match.end() :]
        if len(rest.split()) >= 2 and rest[:1].isalpha():
            text = rest[:1].upper() + rest[1:]
    return text
