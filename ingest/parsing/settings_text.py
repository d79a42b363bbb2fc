"""A sheet kept as a settings file: "[section]" lines, "key = value" lines, "#" or ";" comments.

Technicians keep notes the way they write configuration files:

    [taxas]
    visita_improdutiva = 60,00    ; so se o problema for do cliente
    multa_fidelidade = ?
    [roteadores]
    # formato: marca.modelo = usuario | senha | obs
    tplink.archer_c6 = admin | Xy!c6.Adm-22 | mais comum

Such a text is read line for line (the number of lines stays, so spans stay those of the file)
as the template's own shapes: a section is a heading, a key is a label before a colon (its
underscores are spaces: "visita improdutiva: 60,00"; a key with nothing after it reads "—"),
a comment after a value is its note
("60,00 — so se o problema for do cliente"), a comment line is a statement, and a comment that
names the cells of the rows below it ("marca.modelo = usuario | senha | obs") labels each
cell of those rows ("tplink.archer_c6 — usuario: admin — senha: Xy!c6.Adm-22 — obs: mais
comum"). Only a text with several sections and many keys is read so: "a = b" in a sheet
of another shape is left as it is.
"""

from __future__ import annotations

import re

from ingest.parsing.markup import Marked

# "[planos_fibra]", "[ Roteadores ]": a section alone on its line.
_SECTION = re.compile(r"^\s*\[\s*(?P<name>[^\[\]\n]{2,60}?)\s*\]\s*$")
# "taxa_instalacao = 150,00", "tplink.archer_c6 = admin | x", "dns =": a key without spaces.
_KEY = re.compile(r"^\s*(?P<key>[^\W_][\w.\-/]{0,60}?)\s*=(?!=)\s*(?P<value>.*?)\s*$")
# "# comentario", "; obs": a comment line; "# =====" is a rule.
_COMMENT = re.compile(r"^\s*[#;]+\s?(?P<text>.*?)\s*$")
# A comment after a value: a "#" or ";" with spaces around it ("60,00   ; so se ...").
_NOTE = re.compile(r"\s+[;#]\s+(?P<note>\S.*)$")
# "formato: marca.modelo = usuario | senha | obs": a comment naming a row's cells.
_CELL_NAMES = re.compile(
    r"^(?:[^:=|]{1,20}:\s*)?(?P<key>[^=|]{1,40}?)\s*=\s*(?P<cells>[^=]+\|[^=]+)$"
)

_MIN_SECTIONS, _MIN_KEYS = 2, 8


def is_settings_text(text: str) -> bool:
    """Whether a sheet is written as a settings file: sections, and keys for most lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    sections = sum(1 for line in lines if _SECTION.match(line))
    comments = sum(1 for line in lines if _COMMENT.match(line))
    keys = sum(1 for line in lines if not _COMMENT.match(line) and _KEY.match(line))
    rest = len(lines) - sections - comments
    return sections >= _MIN_SECTIONS and keys >= _MIN_KEYS and keys * 2 >= rest


def read_settings(text: str) -> Marked:
    """The text in the template's shapes, line for line, and where its sections are."""
    out: list[str] = []
    headings: set[int] = set()
    cell_names: list[str] | None = None
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        section = _SECTION.match(line)
        comment = _COMMENT.match(line)
        key = None if comment else _KEY.match(line)
        if section:
            out.append(section["name"].replace("_", " ").strip())
            headings.add(number)
            cell_names = None
        elif comment:
            said = comment["text"]
            named = _CELL_NAMES.match(said)
            if named:
                cell_names = [c.strip() for c in named["cells"].split("|")]
            out.append("" if set(said) <= set("=-*#~_ ") else said)
        elif key:
            out.append(_key_line(key["key"], key["value"], cell_names))
        else:
            out.append(line)
    return Marked(text="\n".join(out), headings=frozenset(headings))


def _key_line(key: str, value: str, cell_names: list[str] | None) -> str:
    """ "visita_improdutiva = 60,00 ; nota" -> "visita improdutiva: 60,00 — nota"; a row of
    named cells -> "key — name: cell — name: cell" (empty cells left out)."""
    cells = [c.strip() for c in value.split("|")]
    if cell_names is not None and "|" in value and len(cells) == len(cell_names):
        named = [f"{name}: {cell}" for name, cell in zip(cell_names, cells, strict=True) if cell]
        return " — ".join([key, *named])
    note = _NOTE.search(value)
    if note:
        value = f"{value[: note.start()]} — {note['note']}"
    # "dns =": the key written with nothing after it, as a blank answer reads ("—").
    return f"{key.replace('_', ' ')}: {value or '—'}"
