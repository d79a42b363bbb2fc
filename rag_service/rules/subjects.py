"""Comparing a question's words with a fact's subject: stems, prefixes and synonyms."""

from __future__ import annotations

from typing import NamedTuple

from ingest.analysis import analyze
from rag_service.rules.lexicon import SYNONYMS
from rag_service.rules.question import matches_entry


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


def expanded(word: str) -> set[str]:
    """The stems of a question word and of the sheet words it is a synonym of."""
    targets = [key for key, ws in SYNONYMS.items() if any(matches_entry(word, e) for e in ws)]
    return stems([word, *targets])


class SubjectMatch(NamedTuple):
    """How well a question's content words meet a fact's subject."""

    question_hits: int  # question words that meet the subject (directly or by a synonym)
    subject_hits: int  # subject stems met by the question
    question_words: int  # question words compared
    subject_words: int  # the subject's stems

    @property
    def precision(self) -> float:
        """Share of the subject the question met: "Taxa de instalação" is met more fully than
        "Instalação de novo ponto" by "valor da instalação"."""
        return self.subject_hits / self.subject_words if self.subject_words else 0.0


def match_subject(question_words: list[str], subject: str) -> SubjectMatch:
    """Compare a question's content words with a fact's subject, synonyms included."""
    subject_stems = stems(subject)
    per_word = {w: expanded(w) for w in dict.fromkeys(question_words)}
    per_word = {w: ss for w, ss in per_word.items() if ss}
    question_hits = sum(1 for ss in per_word.values() if stem_overlap(ss, subject_stems))
    every = set().union(*per_word.values()) if per_word else set()
    hits = len(stem_overlap(subject_stems, every))
    return SubjectMatch(question_hits, hits, len(per_word), len(subject_stems))
