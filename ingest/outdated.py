"""Values a sheet keeps but says are no longer valid.

An author updating a sheet often leaves the old value beside the new one and marks it: "taxa
inst. R$ 150 - desatualizado", 'Huawei senha "x" - ANTIGO - NÃO USAR (trocaram em nov)', a value
struck through ("~~R$ 94,90~~ **R$ 87,90**", "<del>x</del>"), or a caption so marked over the
lines it heads ("tabela 2023 - ANTIGO - NÃO USAR:"). Such a value is no fact of the sheet: the
unit's text keeps it, so the agent still reads what the sheet says, but no rule answers with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.analysis import fold

# A part of a line that only says the line is outdated ("ANTIGO", "não usar mais", "valor
# antigo", "desatualizado"); a line is cut into parts at " - ", brackets, ", ", ";" and " | ".
# A "plano antigo" is a plan still served to those who have it: its price holds.
_MARK = re.compile(
    r"(?:(?:tabela|valor(?:es)?|pre[cç]os?|senha|taxa)\s+antig[oa]s?"
    r"|desatualizad[oa]s?|obsolet[oa]s?|revogad[oa]s?|vencid[oa]s?"
    r"|n[aã]o\s+(?:usar|vale|valem|utilizar)(?:\s+mais)?|sem\s+validade|fora\s+de\s+uso)"
)
# "antigos" alone may say who ("clientes antigos" in an Observação cell); in capitals it marks.
_OLD = re.compile(r"ANTIG[OA]S?")
_PARTS = re.compile(r"\s+[-–—]\s+|[()\[\]]|[,;]\s+|\s+\|\s+|:\s*$")
# Text struck through: Markdown "~~x~~", HTML "<del>x</del>" / "<s>x</s>" / "<strike>".
_STRUCK = re.compile(r"~~[^~\n]+~~\s*|<(del|s|strike)>.*?</\1>\s*", re.IGNORECASE)


def is_outdated(text: str) -> bool:
    """Whether a line says of itself that it is no longer valid."""
    parts = [p.strip(" .!:*_\"'") for p in _PARTS.split(text)]
    return any(p and (_MARK.fullmatch(fold(p)) or _OLD.fullmatch(p)) for p in parts)


def without_struck(text: str) -> str:
    """The line without its struck-through text ("~~R$ 94,90~~ R$ 87,90" -> "R$ 87,90")."""
    kept = _STRUCK.sub("", text)
    return kept.rstrip() if kept != text else text


def current_lines(texts: Sequence[str]) -> list[str | None]:
    """Each line as it still holds, None for a line that is outdated.

    A caption marked outdated ("tabela 2023 - ANTIGO - NÃO USAR:") takes the lines under it,
    up to the next caption (a line ending in ":").
    """
    out: list[str | None] = []
    stale_block = False
    for text in texts:
        caption = text.rstrip().endswith(":")
        if caption:
            stale_block = False
        if is_outdated(text):
            out.append(None)
            stale_block = stale_block or caption
            continue
        out.append(None if stale_block else without_struck(text))
    return out
