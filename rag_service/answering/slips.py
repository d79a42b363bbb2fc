"""Typing slips in a question, fixed before it is answered ("qaul a txa de religacao?").

Pure logic. A word is fixed only when nothing knows it (not the provider's sheet, not the rules'
word groups, not a stop or filler word, not a router brand) and exactly one known word is one
slip away from it: a letter more, less, changed, or two letters swapped. Short words (four
letters or fewer) must also keep their first letter, so "pora" can be "porta" but not "hora".
Words with digits, and the words of numbers, are never touched: they are models, speeds and
amounts, matched exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ingest.analysis import (
    ABBREVIATIONS,
    ROUTER_BRANDS,
    STOPWORDS,
    fold,
    number_words,
    within_one_edit,
)
from rag_service.answering.confidence import GENERIC_WORDS, SheetVocabulary
from rag_service.rules.lexicon import NOT_TYPOS
from rag_service.rules.question import known_words

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Below this length a word is too short to tell a slip from another word.
MIN_LENGTH = 3
SHORT = 4
# Question words agents slip on most ("ql", "qaul", "quual").
QUESTION_WORDS = frozenset({"qual", "quais", "quanto", "quanta", "como", "onde", "quando"})


@lru_cache(maxsize=1)
def _rule_words() -> frozenset[str]:
    """The words the rules read, and the question words: targets a slip may be fixed to (never
    a stop word: a slip into "para" or "que" changes nothing)."""
    words = (known_words() - STOPWORDS - NOT_TYPOS) | QUESTION_WORDS
    return frozenset(w for w in words if len(w) >= MIN_LENGTH)


@lru_cache(maxsize=1)
def _never_slips() -> frozenset[str]:
    return frozenset(
        known_words()
        | GENERIC_WORDS
        | set(ABBREVIATIONS)
        | ROUTER_BRANDS
        | QUESTION_WORDS
        | number_words()
        | {"mega", "megas", "giga", "gigas"}
    )


def fix_slips(text: str, vocabulary: SheetVocabulary) -> str:
    """The question with each slipped word replaced by the one known word it slipped from.

    The rules' words are looked at first, then the sheet's, then the words of any call: "valr"
    is "valor" (a rule's word) though "vale" is one slip away too.
    """
    tiers: list[set[str]] | None = None
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        word = fold(match.group())
        if len(word) < MIN_LENGTH or _known(word, vocabulary):
            continue
        if tiers is None:
            sheet = {w for w in vocabulary.words if len(w) >= SHORT and w not in STOPWORDS}
            generic = {w for w in GENERIC_WORDS if len(w) >= MIN_LENGTH}
            tiers = [set(_rule_words()), sheet, generic]
        fixed = _first_tier(word, tiers)
        if fixed is not None:
            out.append(text[last : match.start()])
            out.append(fixed)
            last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _first_tier(word: str, tiers: list[set[str]]) -> str | None:
    """The slip's word in the first tier that has any one slip away; when that tier has
    several, the one of them a later tier holds too ("rual": "rural", not "real", on a sheet
    that says "zona rural"); None when still ambiguous or no tier has one."""
    for k, targets in enumerate(tiers):
        if any(_one_slip(word, t) for t in targets):
            fixed = slipped_from(word, targets)
            for later in tiers[k + 1 :]:
                if fixed is None:
                    fixed = slipped_from(word, targets & later)
            return fixed
    return None


def _one_slip(word: str, target: str) -> bool:
    return (
        target != word
        and abs(len(target) - len(word)) <= 1
        and (len(word) > SHORT or target[0] == word[0])
        and within_one_edit(word, target, transpose=True)
    )


def _known(word: str, vocabulary: SheetVocabulary) -> bool:
    if word in _never_slips() or word in vocabulary.words:
        return True
    return vocabulary.knows_exactly(word)


def slipped_from(word: str, targets: Iterable[str]) -> str | None:
    """The one target one slip away from ``word``; None when none or several are."""
    found = {t for t in targets if _one_slip(word, t)}
    # A group's prefix ("port" of "port*") and the word it starts ("porta") are one target.
    found = {t for t in found if not any(o != t and o.startswith(t) for o in found)}
    return found.pop() if len(found) == 1 else None
