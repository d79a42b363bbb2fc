"""A sheet kept as a YAML file: mappings, lists of records, quoted values, comments.

A developer keeps the sheet the way a repository keeps configuration:

    taxa_instalacao:
      valor: 150.00   # era 100.00 ate fev
      parcelamento: "até 3x no boleto"
    roteadores:
      - modelo: TP-Link Archer C6
        usuario: admin
        senha: 'Bcr@C6#2024!'
    cancelamento: >
      Não transferir. Abrir ocorrência tipo "Cancelamento".

Such a text is read by a YAML parser, not line by line: its structure is the sheet's. A
top-level key is a section; a key over scalars is a question answered by "key: value" lines
("taxa instalacao" / "valor: 150.00"); a key over a block of text a question and its text; a
list of records a table (its keys the header, a row per record); a list of scalars a list; a
key over keys each of those, named with the key over it ("suporte visita improdutiva"). Values
read as YAML reads them (quotes off, a password keeps every other character as written, a
number as written: "99.90"), booleans "sim"/"não", null nothing (a question left blank), an
alias what its anchor holds. Comments are the developer's notes, old values among them
("# era 89.90"): none is read. Each unit keeps the lines it came from.

A text that is no YAML (it does not parse, or its top is no mapping of several sections over
indented keys) is left to the plain-text parser.
"""

from __future__ import annotations

import re

import yaml

from ingest.parsing.drafts import Draft

# "planos:", "opening_hours: &horario" at column 0: a section over indented lines.
_TOP = re.compile(r"^[^\W\d][\w\-]{0,60}:\s*(?:&[\w\-]+)?\s*(?:#.*)?$")
_NESTED = re.compile(r"^\s+(?:-\s+)?(?:[^\W\d][\w\-.]{0,60}:(?:\s|$)|\S)")
_COMMENT = re.compile(r"^\s*#")
_MIN_SECTIONS = 3
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TRUE = {"true", "yes", "on", "sim", "y"}


def read_yaml(text: str) -> list[Draft] | None:
    """The sheet's units when the text is a YAML document of sections, else None."""
    if not _looks_like_yaml(text):
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or len(root.value) < _MIN_SECTIONS:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    drafts: list[Draft] = []
    for key, value in root.value:
        drafts += _units(_words(key.value), [key], value, lines)
    return drafts


def _looks_like_yaml(text: str) -> bool:
    """Several top-level keys over indented keys or items, and little else."""
    body = [x for x in text.split("\n") if x.strip() and not _COMMENT.match(x)]
    sections = sum(1 for x in body if _TOP.match(x))
    nested = sum(1 for x in body if _NESTED.match(x))
    return sections >= _MIN_SECTIONS and nested * 2 >= len(body)


def _units(section: str, path: list[yaml.Node], node: yaml.Node, lines: list[str]) -> list[Draft]:
    """The units a node under the keys of path holds."""
    question = _label(path)
    head = path[-1].start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if _is_block(node):
            return [_block(section, question, head, node, lines)]
        value = _scalar(node)
        answer, where = ([value], [_span(node)]) if value else ([], [])
        return [Draft(section, "qa", question, answer, where, _lines(path, node))]
    if isinstance(node, yaml.SequenceNode):
        return _sequence(section, question, path, node, lines)
    assert isinstance(node, yaml.MappingNode)
    if len(node.value) >= 2 and all(_is_leaf(v) or _is_block(v) for _, v in node.value):
        # "visita_improdutiva:" over "cobra: sim" / "valor: R$ 60,00" / "obs: >" and its
        # text: one question, answered a key a line (a block's text goes on under its key).
        said: list[str] = []
        spans: list[tuple[int, int]] = []
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode) and _is_block(value):
                block = _block(section, "", head, value, lines)
                if block.answer_lines:
                    said += [f"{_words(key.value)}: {block.answer_lines[0]}"]
                    said += block.answer_lines[1:]
                    spans += block.spans
                continue
            said.append(f"{_words(key.value)}: {_scalar(value) or '—'}")
            spans.append((key.start_mark.line + 1, _span(value)[1]))
        return [Draft(section, "qa", question, said, spans, _lines(path, node))]
    out: list[Draft] = []
    for key, value in node.value:
        out += _units(section, [*path, key], value, lines)
    return out


def _sequence(
    section: str, question: str, path: list[yaml.Node], node: yaml.SequenceNode, lines: list[str]
) -> list[Draft]:
    """A list of scalars is a list; of records, a table (keys in order of first use)."""
    items = node.value
    if items and all(_is_leaf(i) for i in items):
        said = [_scalar(i) for i in items]
        spans = [_span(i) for i in items]
        kept = [(s, p) for s, p in zip(said, spans, strict=True) if s]
        return [
            Draft(
                section,
                "list",
                question,
                [s for s, _ in kept],
                [p for _, p in kept],
                _lines(path, node),
            )
        ]
    if items and all(isinstance(i, yaml.MappingNode) for i in items):
        header: list[str] = []
        for item in items:
            for key, _ in item.value:
                if key.value not in header:
                    header.append(key.value)
        rows = [" | ".join(_words(h) for h in header)]
        head = path[-1].start_mark.line + 1
        spans = [(head, head)]
        for item in items:
            cells = {k.value: _flat(v) for k, v in item.value}
            rows.append(" | ".join(cells.get(h, "") for h in header))
            spans.append(_span(item))
        return [Draft(section, "table", question, rows, spans, _lines(path, node))]
    out: list[Draft] = []
    for item in items:
        out += _units(section, path, item, lines)
    return out


def _block(
    section: str, question: str, head: int, node: yaml.ScalarNode, lines: list[str]
) -> Draft:
    """A key over a block of text ("cancelamento: >"): the block's lines as written."""
    first, last = node.start_mark.line + 1, _span(node)[1]
    said, spans = [], []
    for number in range(first + 1, last + 1):
        text = lines[number - 1].strip() if number - 1 < len(lines) else ""
        if text:
            said.append(text)
            spans.append((number, number))
    return Draft(section, "qa", question, said, spans, (head, max(head, last)))


def _is_block(node: yaml.Node) -> bool:
    """A block of text ("obs: >" over its lines)."""
    return isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")


def _is_leaf(node: yaml.Node) -> bool:
    """A value read in one line: a scalar (no block of text) or a flow list of scalars."""
    if isinstance(node, yaml.ScalarNode):
        return not _is_block(node)
    if isinstance(node, yaml.SequenceNode):
        return node.flow_style is True and all(isinstance(i, yaml.ScalarNode) for i in node.value)
    return False


def _scalar(node: yaml.Node) -> str:
    """A leaf as it reads: its text, "sim"/"não" for a boolean, "" for null."""
    if isinstance(node, yaml.SequenceNode):
        return ", ".join(s for s in (_scalar(i) for i in node.value) if s)
    assert isinstance(node, yaml.ScalarNode)
    if node.tag == _NULL:
        return ""
    if node.tag == _BOOL:
        return "sim" if node.value.lower() in _TRUE else "não"
    return " ".join(node.value.split()) if node.style == ">" else node.value.strip()


def _flat(node: yaml.Node) -> str:
    """Any value in one cell: a mapping's pairs and a list's items after each other."""
    if isinstance(node, yaml.ScalarNode):
        return " ".join(_scalar(node).split())
    if isinstance(node, yaml.SequenceNode):
        return ", ".join(s for s in (_flat(i) for i in node.value) if s)
    assert isinstance(node, yaml.MappingNode)
    return "; ".join(f"{_words(k.value)}: {_flat(v)}" for k, v in node.value if _flat(v))


def _span(node: yaml.Node) -> tuple[int, int]:
    """The 1-based lines a node is written on: a mapping's or a list's to its last value's
    (the parser's end is where the next item begins), a scalar's to its own end."""
    first = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode) and node.value:
        return first, max(_span(v)[1] for _, v in node.value)
    if isinstance(node, yaml.SequenceNode) and node.value:
        return first, max(_span(v)[1] for v in node.value)
    last = node.end_mark.line + 1
    if node.end_mark.column == 0 and last > first:
        last -= 1
    return first, last


def _lines(path: list[yaml.Node], node: yaml.Node) -> tuple[int, int]:
    return path[-1].start_mark.line + 1, max(path[-1].start_mark.line + 1, _span(node)[1])


def _label(path: list[yaml.Node]) -> str:
    """A key named with the key over it, if any ("visita_improdutiva" under "suporte" is
    "suporte visita improdutiva")."""
    return " ".join(_words(k.value) for k in path[-2:])


def _words(key: object) -> str:
    """A key as words ("taxa_instalacao" -> "taxa instalacao")."""
    return " ".join(str(key).replace("_", " ").split())
