"""Values a sheet corrects as it goes: "a taxa é 80, aliás, corrigindo, 90 reais".

A sheet dictated or typed in one go corrects itself in place: a value, a correction mark
("aliás", "corrigindo", "ou melhor", "digo", "na verdade") and the right value of the same
kind a few words on. The value before the mark is not the sheet's; the one after it is.
"""

from __future__ import annotations

import re

# The mark, with the words that may follow it before the right value ("aliás, corrigindo, o
# final é 2217, então (81) 99634-2217").
_MARK = re.compile(
    r"[\s,;.]*(?:\b(?:ali[aá]s|corrigindo|digo|ou\s+melhor|na\s+verdade|quer\s+dizer|"
    r"perd[aã]o|errei)\b[\s,;:]*)+",
    re.IGNORECASE,
)
# How far after the mark the right value may be (a few words: "o final é 2217, então").
_REACH = 48


def corrected(text: str, found: re.Match[str], pattern: re.Pattern[str]) -> re.Match[str]:
    """The match of ``pattern`` that corrects ``found`` in ``text``, else ``found`` itself.

    ``found`` is corrected when a correction mark follows it at once and a value of the same
    pattern comes within a few words of the mark; a value corrected twice gives the last one.
    """
    while True:
        mark = _MARK.match(text, found.end())
        if mark is None:
            return found
        later = pattern.search(text, mark.end(), min(len(text), mark.end() + _REACH + 40))
        if later is None or later.start() - mark.end() > _REACH:
            return found
        found = later
