"""A question as the rules read it: its words matched against the word groups tolerantly.

Longer words tolerate one typing slip ("bloqeio", "sennha", "whatsap"); words that are real
words one slip away from a group word ("senhor", "cobre") never count as it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.analysis import STOPWORDS, fold, within_one_edit, words
from rag_service.rules.lexicon import FILLER, FUZZY_SHORT, NOT_TYPOS
from rag_service.rules.words import VOCAB, Word


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word the vocabulary, filler and stop words hold: never a typo, never a model."""
    entries = {w.rstrip("*") for group in VOCAB.values() for w in group}
    return frozenset(entries | FILLER | STOPWORDS | NOT_TYPOS)


@lru_cache(maxsize=4096)
def matches_entry(token: str, entry: str) -> bool:
    """Does a question token match a vocabulary entry (word or ``prefix*``), one slip allowed."""
    if entry.endswith("*"):
        prefix = entry[:-1]
        if token.startswith(prefix):
            return True
        if len(prefix) < 5 or token in known_words():
            return False
        n = len(prefix)
        return any(within_one_edit(token[:k], prefix) for k in (n - 1, n, n + 1))
    if token == entry:
        return True
    if token in known_words() or abs(len(token) - len(entry)) > 1:
        return False
    if len(entry) >= 6 or entry in FUZZY_SHORT:
        return len(token) >= 5 and within_one_edit(token, entry)
    return False


def in_groups(token: str, groups: tuple[Word, ...] | frozenset[Word]) -> bool:
    """Whether one word belongs to any of the groups."""
    return any(matches_entry(token, e) for g in groups for e in VOCAB[g])


# "me passa o site", "me manda o pix": asking for something, whatever it is. The verb after
# "me" says nothing of the subject ("passa" alone may be a problem: "não passa de 50 mega").
_REQUEST_VERBS = frozenset(
    {"passa", "passe", "manda", "mande", "fala", "fale", "diz", "diga", "informa", "envia"}
)


def _without_requests(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token in _REQUEST_VERBS and out and out[-1] == "me":
            out.pop()
            continue
        out.append(token)
    return out


@dataclass(frozen=True)
class Question:
    """A question read once: its text, folded words (abbreviations expanded) and raw words."""

    text: str
    tokens: tuple[str, ...]
    raw_tokens: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> Question:
        return cls(
            text=text,
            tokens=tuple(_without_requests(words(text))),
            raw_tokens=tuple(re.findall(r"[a-z0-9]+", fold(text))),
        )

    def has(self, group: Word) -> bool:
        """True when any token of the question matches a word of the group."""
        entries = VOCAB[group]
        return any(matches_entry(t, e) for t in self.tokens for e in entries)

    def has_any(self, *groups: Word) -> bool:
        return any(self.has(g) for g in groups)

    def matching(self, *groups: Word) -> set[str]:
        """The question's tokens that belong to any of the groups."""
        entries = [e for g in groups for e in VOCAB[g]]
        return {t for t in self.tokens if any(matches_entry(t, e) for e in entries)}

    def phrase(self, first: Word, second: Word) -> bool:
        """A word of group ``first`` directly followed (stop words skipped) by one of ``second``."""
        content = [t for t in self.tokens if t not in STOPWORDS or t in {"mais", "nao"}]
        pairs = itertools.pairwise(content)
        return any(
            any(matches_entry(a, e) for e in VOCAB[first])
            and any(matches_entry(b, e) for e in VOCAB[second])
            for a, b in pairs
        )

    def content(self, *ignore_groups: Word, filler: bool = False) -> list[str]:
        """Tokens that are neither stop words, filler (unless ``filler``), numbers, single
        letters ("q" for "que") nor in the ignored groups."""
        ignored = self.matching(*ignore_groups) if ignore_groups else set()
        return [
            t
            for t in self.tokens
            if t not in STOPWORDS
            and (filler or t not in FILLER)
            and t not in ignored
            and not t.isdigit()
            and len(t) > 1
            and t not in {"mb", "gb"}
        ]
