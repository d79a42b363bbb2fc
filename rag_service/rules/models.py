"""Finding the equipment model a question names, tolerant of how agents type.

Models are compared by ``model_key`` (letters and digits only): exact first, then containment
(a partial name: "xr5" for "XR5-800G"), then one edit. Only LETTERS are tolerated: the numbers
of a model must be the same ("xr1500" is not "XR1200", "abc 5000" is not "ABC3000").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingest.analysis import STOPWORDS, fold, model_key, within_one_edit, words
from ingest.records import Fact
from rag_service.rules.lexicon import FILLER
from rag_service.rules.question import Question, in_groups
from rag_service.rules.words import Word

# Keys shorter than this are too generic to compare loosely (two letters, three digits).
_MIN_LOOSE_KEY = 4


class ModelMatch(NamedTuple):
    """What the question's model mention resolved to."""

    tier: str  # "exact" | "contains" | "near" | "ambiguous" | "unknown" | "none"
    facts: list[Fact]  # matched facts ("exact"/"contains"/"near") or candidates ("ambiguous")
    mention: str | None  # the question's words read as the model


def _is_model_word(token: str, not_entity: tuple[Word, ...]) -> bool:
    # The raw token and what words() reads it as ("modem" is a router word, "qto" is "quanto").
    for word in {token, *words(token)}:
        if word in STOPWORDS or word in FILLER or in_groups(word, not_entity):
            return False
    return True


def model_spans(question: Question, not_entity: tuple[Word, ...]) -> list[str]:
    """Runs of consecutive words that may name a model (letters and digits, split or not).

    ``not_entity``: the word groups whose words never name a model (the rules' kind words).
    """
    spans: list[list[str]] = [[]]
    for token in question.raw_tokens:
        if _is_model_word(token, not_entity):
            spans[-1].append(token)
        elif spans[-1]:
            spans.append([])
    return [" ".join(s) for s in spans if s]


def _has_digit_and_letter(key: str) -> bool:
    return any(c.isdigit() for c in key) and any(c.isalpha() for c in key)


def _canonical(key: str) -> str:
    """A letter O typed right after a digit is a zero ("rf120o" -> "rf1200")."""
    return re.sub(r"(?<=\d)o", "0", key)


def _number_runs(name: str) -> list[list[str]]:
    """The numbers of a name, read with its separators ("XR5-800G": 5, 800) and without (5800)."""
    spaced = re.findall(r"[a-z0-9]+", fold(name))
    with_gaps = [n for part in spaced for n in re.findall(r"\d+", _canonical(part))]
    joined = re.findall(r"\d+", _canonical("".join(spaced)))
    return [with_gaps, joined]


def _is_run(short: list[str], long_: list[str]) -> bool:
    """``short`` appears in ``long_`` as consecutive whole numbers."""
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _same_numbers(part: str, whole: str) -> bool:
    """Every number of ``part`` is a whole number of ``whole``, in order: no digit changed."""
    return any(_is_run(a, b) for a in _number_runs(part) for b in _number_runs(whole))


def _contains(key: str, span: str, model: str, subject: str) -> bool:
    """Is the mention a part of the model's name (or the name a part of the mention)?"""
    has_digit = any(c.isdigit() for c in key)
    if key in model:
        if has_digit:
            long_enough = len(key) >= 3 or (_has_digit_and_letter(key) and model.startswith(key))
        else:
            long_enough = len(key) >= 5 or (len(key) >= _MIN_LOOSE_KEY and model.startswith(key))
        return long_enough and _same_numbers(span, subject)
    if len(model) >= _MIN_LOOSE_KEY and model in key and _same_numbers(subject, span):
        return True
    return _parts_in_order(span, model) and _same_numbers(span, subject)


def _parts_in_order(span: str, model: str) -> bool:
    """Brand and a part of the model, a piece left out ("marca 1234" for "Marca AB1234C").

    Every word of the mention must be in the model's key, in order; the numbered part must be
    3+ characters, so one digit or two cannot pick a model.
    """
    parts = [model_key(p) for p in span.split()]
    if len(parts) < 2 or not any(len(p) >= 3 and any(c.isdigit() for c in p) for p in parts):
        return False
    at = 0
    for part in parts:
        found = model.find(_canonical(part), at)
        if not part or found < 0:
            return False
        at = found + len(part)
    return True


def _digits(key: str) -> str:
    return re.sub(r"\D", "", key)


def match_model(
    question: Question, credentials: list[Fact], not_entity: tuple[Word, ...]
) -> ModelMatch:
    """Resolve the model a question names against the credential facts' ``model_key``."""
    by_key: dict[str, list[Fact]] = {}
    subjects: dict[str, str] = {}
    for fact in credentials:
        key = _canonical(str(fact.attrs.get("model_key") or model_key(fact.subject)))
        by_key.setdefault(key, []).append(fact)
        subjects.setdefault(key, fact.subject)
    spans = sorted(model_spans(question, not_entity), key=lambda s: -len(model_key(s)))
    keys = [(span, _canonical(model_key(span))) for span in spans]

    exact = [f for _, k in keys for f in by_key.get(k, [])]
    if exact:
        return ModelMatch("exact", exact, None)
    for span, key in keys:
        has_digit = any(c.isdigit() for c in key)
        if len(key) < (2 if _has_digit_and_letter(key) else 3 if has_digit else _MIN_LOOSE_KEY):
            continue
        hits = [k for k in by_key if _contains(key, span, k, subjects[k])]
        if len(hits) == 1:
            return ModelMatch("contains", by_key[hits[0]], span)
        if len(hits) > 1:
            return ModelMatch("ambiguous", [f for k in hits for f in by_key[k]], span)
        # One slip of a LETTER only: a changed digit is another model.
        near = [
            k
            for k in by_key
            if len(k) >= _MIN_LOOSE_KEY
            and len(key) >= 3
            and _digits(k) == _digits(key)
            and key != k
            and within_one_edit(key, k)
        ]
        if len(near) == 1:
            return ModelMatch("near", by_key[near[0]], span)
        if len(near) > 1:
            return ModelMatch("ambiguous", [f for k in near for f in by_key[k]], span)
    for span, key in keys:
        # A bare number of 3+ digits names a model too ("senha do 1234"): one the sheet lacks.
        if _has_digit_and_letter(key) or len(key) >= (3 if key.isdigit() else 4):
            return ModelMatch("unknown", [], span)
    return ModelMatch("none", [], None)
