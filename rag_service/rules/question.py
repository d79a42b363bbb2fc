"""Reading an agent's question for the rules: its words matched against ``vocab`` tolerantly.

Longer words tolerate one typing slip (Damerau-Levenshtein 1: "bloqeio", "sennha", "whatsap").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ingest.analysis import STOPWORDS, analyze, fold, words
from rag_service.rules.words import FILLER, FUZZY_SHORT, NOT_TYPOS, SYNONYMS, VOCAB


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


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
        return any(damerau_levenshtein(token[:k], prefix) <= 1 for k in (n - 1, n, n + 1))
    if token == entry:
        return True
    if token in known_words() or abs(len(token) - len(entry)) > 1:
        return False
    if len(entry) >= 6 or entry in FUZZY_SHORT:
        return len(token) >= 5 and damerau_levenshtein(token, entry) <= 1
    return False


@dataclass(frozen=True)
class Question:
    """A question read once: its text, folded words and analysed stems."""

    text: str
    tokens: tuple[str, ...]
    raw_tokens: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> Question:
        return cls(
            text=text,
            tokens=tuple(words(text)),
            raw_tokens=tuple(re.findall(r"[a-z0-9]+", fold(text))),
        )

    def has(self, group: str) -> bool:
        """True when any token of the question matches a word of the group."""
        entries = VOCAB[group]
        return any(matches_entry(t, e) for t in self.tokens for e in entries)

    def has_any(self, *groups: str) -> bool:
        return any(self.has(g) for g in groups)

    def matching(self, *groups: str) -> set[str]:
        """The question's tokens that belong to any of the groups."""
        entries = [e for g in groups for e in VOCAB[g]]
        return {t for t in self.tokens if any(matches_entry(t, e) for e in entries)}

    def phrase(self, first: str, second: str) -> bool:
        """A word of group ``first`` directly followed (stop words skipped) by one of ``second``."""
        content = [t for t in self.tokens if t not in STOPWORDS or t in {"mais", "nao"}]
        pairs = itertools.pairwise(content)
        return any(
            any(matches_entry(a, e) for e in VOCAB[first])
            and any(matches_entry(b, e) for e in VOCAB[second])
            for a, b in pairs
        )

    def content(self, *ignore_groups: str) -> list[str]:
        """Tokens that are neither stop words, filler, numbers, single letters ("q" for "que")
        nor in the ignored groups."""
        ignored = self.matching(*ignore_groups) if ignore_groups else set()
        return [
            t
            for t in self.tokens
            if t not in STOPWORDS
            and t not in FILLER
            and t not in ignored
            and not t.isdigit()
            and len(t) > 1
            and t not in {"mb", "gb"}
        ]


def stems(tokens: list[str] | str) -> set[str]:
    """Stems of some words (or a text), for comparing a question with a fact's subject."""
    text = tokens if isinstance(tokens, str) else " ".join(tokens)
    return {s for s in analyze(text) if len(s) >= 2 and not s.isdigit()}


def stem_overlap(a: set[str], b: set[str]) -> set[str]:
    """Stems of ``a`` that meet ``b``, equal or one the prefix of the other ("mud"/"mudanc").

    The prefix must be at least half of the longer stem: "fin" (finais) is not "financeir".
    """
    hits = set()
    for x in a:
        for y in b:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            prefix = len(short) >= 3 and 2 * len(short) >= len(long_) and long_.startswith(short)
            if x == y or prefix:
                hits.add(x)
    return hits


def _expanded(word: str) -> set[str]:
    """The stems of a question word and of the sheet words it is a synonym of."""
    targets = [key for key, ws in SYNONYMS.items() if any(matches_entry(word, e) for e in ws)]
    return stems([word, *targets])


class SubjectMatch(NamedTuple):
    """How well a question's content words meet a fact's subject."""

    question_hits: int  # question words that meet the subject (directly or by a synonym)
    subject_hits: int  # subject stems met by the question
    question_words: int  # question words compared


def match_subject(question_words: list[str], subject: str) -> SubjectMatch:
    """Compare a question's content words with a fact's subject, synonyms included."""
    subject_stems = stems(subject)
    per_word = {w: _expanded(w) for w in dict.fromkeys(question_words)}
    per_word = {w: ss for w, ss in per_word.items() if ss}
    question_hits = sum(1 for ss in per_word.values() if stem_overlap(ss, subject_stems))
    every = set().union(*per_word.values()) if per_word else set()
    return SubjectMatch(question_hits, len(stem_overlap(subject_stems, every)), len(per_word))
