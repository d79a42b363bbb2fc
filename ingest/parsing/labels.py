"""Lines that are a label and its value ("DNS padrão: não informado", "taxa: 120 reais").

A statement written as such lines, one after another, is several answers: each label asks
what its value answers, as the template's question would ("Qual DNS padrão?"). A line whose
label holds a number ("12 dias de atraso: redução") is an item of a list, not a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ingest.analysis import fold

_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:?\d]{0,48}?)\s*:\s+(?P<value>\S.*)$")
_MAX_LABEL_WORDS = 6
# A line that opens with a label, whatever follows it ("Porta de acesso remoto: 8088", "- IP:
# x", "Acesso local: 192.168.1.1 (porta 80)"): where a value said on the line gets its label.
LEADING_LABEL = re.compile(r"^[-•*·\s]*(?P<label>[^:]{2,60}?)\s*:\s*\S")
# Labels of a note about what surrounds it, never a question ("OBS: ...", "ATUALIZADO: ...").
_NOTE_LABELS = re.compile(
    r"^(?:obs\w*|observa\w*|nota|notas|atencao|aten\w+|importante|atualizado|atualizacao|aviso)"
    r"(?:\s*\d+)?$",
    re.IGNORECASE,
)
# Keys of a record's lines (a router's, a portal's access): the lines are one record together.
_RECORD_KEYS = frozenset({"login", "senha", "usuario", "usuário", "user", "password"})


def label_value(text: str) -> tuple[str, str] | None:
    """(label, value) of a "label: value" line, else None ("http://x", "Obs.: ...": none)."""
    found = _LABEL.match(text.strip())
    if found is None or found["value"].startswith("//"):
        return None
    label = found["label"].strip()
    if len(label.split()) > _MAX_LABEL_WORDS or label.endswith("."):
        return None
    return label, found["value"].strip()


def is_note_label(label: str) -> bool:
    """ "OBS", "OBS 2", "Importante", "ATUALIZADO": a note's mark, not what it is about."""
    return _NOTE_LABELS.match(fold(label).strip()) is not None


class Piece(NamedTuple):
    """One label of a run: its label (None for a note: a statement), its value, its lines."""

    label: str | None
    value: str
    lines: list[int]


def label_pieces(texts: Sequence[str]) -> list[Piece] | None:
    """Each label of a run of "label: value" lines with its value and the indices of its lines
    (a line that is no such line goes on the label above, lines before the first label are a
    statement); None when the run holds one label only or a record's keys ("login: x" over
    "senha: y").
    """
    pieces: list[Piece] = []
    lead: Piece | None = None
    for k, text in enumerate(texts):
        found = label_value(text)
        if found is not None and found[0].lower() in _RECORD_KEYS:
            return None
        if found is not None:
            label, value = found
            pieces.append(Piece(None if is_note_label(label) else label, value, [k]))
        elif pieces:
            pieces[-1].lines.append(k)
        else:
            lead = Piece(None, text, [k])  # lines before the labels: a statement
            pieces.append(lead)
    if lead is not None:
        return pieces if sum(1 for p in pieces if p.label is not None) >= 2 else None
    return pieces if len(pieces) >= 2 else None
