"""Markdown markup of a sheet: headings, bold, italics, quotes, table separators, bullets, rules,
and the pictographs chat authors open lines with.

A sheet written in Markdown (or pasted from a chat with Markdown) carries marks that say how
to show the text, not what it says. They are taken off line by line, keeping the number of
lines (spans stay those of the file); what the marks told about structure (a heading) is
kept beside the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from ingest.parsing.boxes import read_boxes
from ingest.parsing.chat import NO_TURNS, Turns, read_chat
from ingest.parsing.forms import read_form
from ingest.parsing.mail import read_mail

# "## Financeiro", "# LaserNet ##": up to three spaces of indent, 1-6 marks, a space.
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*$")
# Marks open after a space, the line's start, a bracket or a quote, and close before a space,
# the end or punctuation: a password such as "Ab**12", "a__b__c" or "Ks@_Kq_" is never touched.
_OPEN = r"(?<![^\s(\[\"'|])"
_CLOSE = r"(?=$|[\s)\].,;:!?\"'|])"
# Bold as "**text**" or "__text__".
_BOLD = re.compile(_OPEN + r"\*\*(?=\S)(?P<a>.+?)(?<=\S)\*\*" + _CLOSE)
_BOLD_UNDERSCORE = re.compile(_OPEN + r"__(?=\S)(?P<a>.+?)(?<=\S)__" + _CLOSE)
# Italics as "*text*" or "_text_": the text opens on a letter or digit and closes on a
# non-space, so "* item" (a bullet), "a*b*c" and a password's "._._" stay.
_ITALIC = re.compile(_OPEN + r"\*(?P<a>[^\W_](?:[^*\n]*?[^\s*])?)\*" + _CLOSE)
_ITALIC_UNDERSCORE = re.compile(_OPEN + r"_(?P<a>[^\W_](?:[^_\n]*?[^\s_])?)_" + _CLOSE)
# "> text", "> > text": a blockquote's marks.
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
# "|---|:---:|", "--- | ---", "|-|-|": the line under a pipe table's header (a pipe, and
# dashes that are not one "-" cell between spaces, which is a row of "no value" cells).
_PIPE_SEPARATOR = re.compile(r"^(?=.*\|)(?=.*(?:--|[|:]-|-[|:]))[\s|:-]+$")
# "---", "***", "___", "- - -": a horizontal rule alone on its line.
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
# "==== EMPRESA ====", "--- Planos ---", "*** TAXAS ***": a title framed by runs of one mark, as
# authors of plain text set a section apart (three marks or more on each side).
_FRAMED_HEADING = re.compile(
    r"^\s*(?P<mark>[=*~#-])(?P=mark){2,}\s*(?P<text>[^=*~#\s][^=*~#]*?)\s*(?P=mark){3,}\s*$"
)
# "visita improdutiva -> R$ 60,00", "cidade base => Caruaru": an arrow between a label and its
# value, where other authors write a colon (a label without a colon before the arrow).
_ARROW = re.compile(r"(?<=\S)\s+(?:-{1,2}>|={1,2}>|→|⇒|➔|➜)\s+(?=\S)")
# "Pergunta: Qual o DNS?": a question's own label (its answer comes after "Resposta:").
_QUESTION_LABEL = re.compile(r"^(?P<indent>\s*)(?:pergunta|quest[aã]o)\s*:\s+(?=\S)", re.IGNORECASE)
# "CPF \+ data", "VENDA \- LISTA", "R\$ 60,00": a mark escaped as a Markdown export escapes
# any ASCII punctuation ("\|" is a pipe inside a table's cell, read with the table).
_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{}~])")
# "- ", "• ", "1. ", "2) ", and the arrows some authors list with ("-> ", "→ ", "=> ").
_BULLET = re.compile(r"^\s*(?:->|=>|[-•*·–→»]|\d{1,2}[.)-])\s+(?=\S)")


class Marked(NamedTuple):
    """A sheet's text without markup (same lines), the 1-based lines that were headings, the
    last line of each row a box table wrapped over several lines (by its first line), and the
    turns of a chat (``ingest.parsing.chat``)."""

    text: str
    headings: frozenset[int]
    extents: Mapping[int, int] = MappingProxyType({})
    turns: Turns = NO_TURNS
    # Whether the first line is the sheet's title (a chat's or an e-mail's first line is not).
    titled: bool = True
    # The fields of each line (1-based) a printed form put several of (``ingest.parsing.forms``).
    fields: Mapping[int, tuple[str, ...]] = MappingProxyType({})
    # Lines that read as nothing and part nothing (a form's instructions).
    asides: frozenset[int] = frozenset()


# Pictographs that open a line as decoration ("✅ 100 MEGA = R$ 79,90", "☎️ SAC: ...", "📌 ..."),
# as chat authors mark lines; arrows are not among them (they list and separate).
_PICTOGRAPHS = re.compile(
    r"^(?P<indent>\s*)(?:[\u2300-\u23ff\u2460-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
    r"[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*\s*)+(?=\S)"
)


def strip_markup(text: str) -> Marked:
    """The text with Markdown marks taken off, line for line, and where its headings are."""
    out: list[str] = []
    headings: set[int] = set()
    raw = text.replace("\r\n", "\n").split("\n")
    form = read_form(raw)
    raw = form.lines if form is not None else raw
    mail = read_mail(raw)
    raw = mail or raw
    chat = read_chat(raw)
    boxes = read_boxes(raw if chat is None else chat.lines)
    for number, line in enumerate(boxes.lines, start=1):
        line = html_as_text(line)
        if _PIPE_SEPARATOR.match(line):
            out.append("")
            continue
        if _RULE.match(line):
            # A rule says nothing: a blank line. A rule typed across the page under a title
            # alone between blank lines or rules ("=====" / "HORÁRIO" / "=====") sets the
            # title apart as a heading.
            if len(line.strip()) >= _PAGE_RULE and _ruled_title(out):
                headings.add(number - 1)
            out.append("")
            continue
        line = _QUOTE.sub("", line, count=1)
        line = _PICTOGRAPHS.sub(r"\g<indent>", line, count=1)
        heading = _HEADING.match(line) or _FRAMED_HEADING.match(line)
        if heading and heading.group("text"):
            line = heading.group("text")
            headings.add(number)
        line = _asked(strip_bold(line))
        line = numbered_label_as_colon(arrow_as_colon(_ESCAPED.sub(r"\1", links_as_text(line))))
        out.append(leader_as_colon(line))
    turns = NO_TURNS if chat is None else chat.turns
    titled = mail is None and chat is None
    fields = MappingProxyType(form.fields if form is not None else {})
    asides = form.asides if form is not None else frozenset()
    return Marked("\n".join(out), frozenset(headings), boxes.extents, turns, titled, fields, asides)


def _asked(line: str) -> str:
    """ "Pergunta: Qual o DNS?" -> "Qual o DNS?": a question without its label; one labelled a
    question without its "?" gets it ("Pergunta: cancelamento" asks about cancellations)."""
    found = _QUESTION_LABEL.match(line)
    if found is None:
        return line
    text = line[found.end() :].rstrip()
    return f"{found['indent']}{text}" + ("" if text.endswith(("?", ":")) else "?")


def _ruled_title(above: list[str]) -> bool:
    """The last line is a title a rule underlines: one cell of text alone in its paragraph,
    no list item and no table's header ("MODELO     LOGIN     SENHA" is set apart too)."""
    if not above or not above[-1].strip() or (len(above) > 1 and above[-2].strip()):
        return False
    title = above[-1]
    return not (_CELL_GAP.search(title.strip()) or "|" in title or _BULLET.match(title))


_CELL_GAP = re.compile(r"\t| {2,}")
_PAGE_RULE = 10  # marks of a rule typed across the page (Markdown's "---" is shorter)


# A web page's export keeps some HTML: "<tr><td>Modelo</td><td>Senha</td></tr>" rows, "<br>"
# inside cells, "<b>", "&nbsp;", "&amp;". Only the tags of text and tables are read; a line
# without them is left as it is.
_HTML_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|p|div|font|small|mark|sup|sub)\b[^>]*>", re.I)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_PARAGRAPHS = re.compile(r"</(?:p|div)>\s*<(?:p|div)\b[^>]*>", re.I)  # one cell's paragraphs
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(?P<cell>.*?)</t[dh]>", re.I | re.S)
_HTML_ROW = re.compile(r"^\s*<tr\b[^>]*>.*</tr>\s*$", re.I)
_HTML_FRAME = re.compile(r"^\s*(?:</?(?:table|thead|tbody|tfoot|tr)\b[^>]*>\s*)+$", re.I)
_HTML_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,5}|#x[0-9a-f]{2,4});", re.I)


def html_as_text(line: str) -> str:
    """A line's HTML remnants as the text they show: a table row as a pipe row ("| a | b |"),
    a break inside a cell or a paragraph as " / ", entities as their characters, tags of
    emphasis gone; the table's own tags an empty line."""
    if "<" not in line and "&" not in line:
        return line
    if _HTML_FRAME.match(line):
        return ""
    if _HTML_ROW.match(line):
        cells = [_html_text(c["cell"]) for c in _HTML_CELL.finditer(line)]
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    if "<" in line and (_HTML_TAG.search(line) or _HTML_BREAK.search(line)):
        line = _html_text(line)
    elif _HTML_ENTITY.search(line):
        line = html.unescape(line).replace("\xa0", " ")
    return line


def _html_text(fragment: str) -> str:
    text = _HTML_PARAGRAPHS.sub(" / ", _HTML_BREAK.sub(" / ", fragment))
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return " ".join(text.split()).strip(" /") if text.strip(" /") else ""


# "[www.x.com.br](https://www.x.com.br)", "[e-mail](mailto:a@x.com)", "<https://x.com>": a link
# as Markdown writes it.
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?://|mailto:)[^<>\s]+)>")


def links_as_text(line: str) -> str:
    """A link as its address when the text shows that address ("[x.com](https://x.com)" ->
    "https://x.com", "[a@x.com](mailto:a@x.com)" -> "a@x.com"), else its text with the address
    after it ("[site](https://x.com)" -> "site (https://x.com)")."""
    if "](" not in line and "<" not in line:
        return line
    line = _AUTOLINK.sub(lambda m: m["url"].removeprefix("mailto:"), line)
    return _LINK.sub(_link_text, line)


def _link_text(found: re.Match[str]) -> str:
    text, url = found["text"].strip(), found["url"].removeprefix("mailto:")
    shown = _fold_link(text)
    return url if shown and shown in _fold_link(url) else f"{text} ({url})"


def _fold_link(text: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", text.lower()).rstrip("/")


def strip_bold(text: str) -> str:
    """ "**R:** Sim" -> "R: Sim", "*Plano*" -> "Plano": bold and italic marks."""
    if "**" in text:
        text = _BOLD.sub(r"\g<a>", text)
    if "__" in text:
        text = _BOLD_UNDERSCORE.sub(r"\g<a>", text)
    if "*" in text:
        text = _ITALIC.sub(r"\g<a>", text)
    if "_" in text:
        text = _ITALIC_UNDERSCORE.sub(r"\g<a>", text)
    return text


def arrow_as_colon(text: str) -> str:
    """ "taxa -> 120 reais" -> "taxa: 120 reais" ("tem loja? => sim" -> "tem loja? sim"): the
    first arrow after a label, when no colon comes before it ("ver luz: LOS => rompimento"
    keeps its arrow; so does a line that opens with one, a list item)."""
    found = _ARROW.search(text)
    if found is None or ":" in text[: found.start()].replace("://", ""):
        return text
    if text[: found.start()].endswith("?"):
        return f"{text[: found.start()]} {text[found.end() :]}"  # a question, then its answer
    return f"{text[: found.start()]}: {text[found.end() :]}"


# "SITE................: www.x.com", "PORTA HUAWEI (ONU)..: 8443", "WHATSAPP FINANCEIRO.: (86) ...",
# "200 MEGA ............ 89 e 90": dot leaders between a label and its value, as a typed form or
# an old system's export has them (four dots or more, two or three between spaces, or dots
# against the colon; an ellipsis clings to its word and has no colon).
_LEADER = re.compile(
    r"^(?P<label>\s*[^\s.:|\t][^:|\t]{0,60}?)"
    r"(?:\s*\.{4,}\s*:?|\s+\.{2,3}(?:\s*:)?(?=\s|$)|(?<=[\w)])\.{1,3}\s*:(?=\s|$))"
    r"\s*(?P<value>.*)$"
)


def leader_as_colon(text: str) -> str:
    """ "SITE..........: www.x.com" -> "SITE: www.x.com": dot leaders are a colon."""
    if "." not in text:
        return text
    found = _LEADER.match(text)
    if found is None:
        return text
    value = found["value"].strip()
    return f"{found['label'].rstrip()}: {value}" if value else f"{found['label'].rstrip()}:"


# "4.4 MUDANCA DE ENDERECO - R$80,00", "10.2 WHATS SUPORTE .. (37) 99874-2015", "2.3 TV = NAO
# TEM": a numbered item, its label, then its value after a dash, an equals sign or two dots.
# The label may open with a count ("5.5.2 12 DIAS DE ATRASO .. REDUCAO P/ 2 MEGA").
_NUMBERED_LABEL = re.compile(
    r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?P<label>(?:\d{1,4}\s+)?[^\W\d_][^:?=]{1,60}?)"
    r"\s+(?:-|–|=|\.\.)\s+"
    r"(?P<value>\S.*)$"
)


def numbered_label_as_colon(text: str) -> str:
    """ "4.4 MUDANCA DE ENDERECO - R$80,00" -> "MUDANCA DE ENDERECO: R$80,00": a numbered
    item written as its label and its value, as others write "label: value" (the number is
    the item's place, kept by the line's span)."""
    found = _NUMBERED_LABEL.match(text)
    if found is None or ":" in found["label"]:
        return text
    return f"{found['label'].strip()}: {found['value']}"


def is_rule(text: str) -> bool:
    """A horizontal rule ("---", "***"): a line that says nothing."""
    return _RULE.match(text) is not None


def is_bullet(text: str) -> bool:
    """ "- item", "• item", "1. item", "2) item", "-> item"."""
    return _BULLET.match(text) is not None


def strip_bullet(text: str) -> str:
    """ "- 35 Mega: R$ 44,50" -> "35 Mega: R$ 44,50" (a lone "-" stays: it is a value)."""
    return _BULLET.sub("", text, count=1)


def strip_code(cell: str) -> str:
    """ "`Lnt@1`" -> "Lnt@1": a whole cell or value in a code span."""
    if len(cell) >= 3 and cell.startswith("`") and cell.endswith("`") and "`" not in cell[1:-1]:
        return cell[1:-1]
    return cell
