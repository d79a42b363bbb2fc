"""Finding the equipment model and the plan speed a question names, tolerant of how agents type.

Models are compared by ``model_key`` (letters and digits only): exact first, then containment,
then one edit. Speeds come from ``words`` (number words as digits, giga as 1000 mega).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingest.model import Fact
from ingest.text import STOPWORDS, model_key, words
from rag_service.intent import FILLER, VOCAB, Question, damerau_levenshtein, matches_entry

# Keys shorter than this are too generic to compare loosely (two letters, three digits).
_MIN_LOOSE_KEY = 4
# Words right after a number that make it not a speed ("N dias", "N reais", "Nx").
_NOT_SPEED_AFTER = frozenset(
    {"dia", "dias", "reais", "real", "hora", "horas", "h", "x", "vezes", "mes", "meses", "anos"}
)
_MONEY = re.compile(r"r\$\s*\d[\d.]*(?:,\d{1,2})?|\d+,\d{1,2}", re.IGNORECASE)
# Groups whose words cannot be part of a model name.
_NOT_MODEL_GROUPS = (
    "password",
    "access",
    "equipment",
    "not_router",
    "change",
    "policy",
    "customer",
    "procedure",
    "how",
    "port",
    "charge",
)


class ModelMatch(NamedTuple):
    """What the question's model mention resolved to."""

    tier: str  # "exact" | "contains" | "near" | "ambiguous" | "unknown" | "none"
    facts: list[Fact]  # matched facts ("exact"/"contains"/"near") or candidates ("ambiguous")
    mention: str | None  # the question's words read as the model


def _is_model_word(token: str) -> bool:
    if token in STOPWORDS or token in FILLER:
        return False
    return not any(matches_entry(token, e) for g in _NOT_MODEL_GROUPS for e in VOCAB[g])


def model_spans(question: Question) -> list[str]:
    """Runs of consecutive words that may name a model (letters and digits, split or not)."""
    spans: list[list[str]] = [[]]
    for token in question.raw_tokens:
        if _is_model_word(token):
            spans[-1].append(token)
        elif spans[-1]:
            spans.append([])
    return [" ".join(s) for s in spans if s]


def _has_digit_and_letter(key: str) -> bool:
    return any(c.isdigit() for c in key) and any(c.isalpha() for c in key)


def match_model(question: Question, credentials: list[Fact]) -> ModelMatch:
    """Resolve the model a question names against the credential facts' ``model_key``."""
    by_key: dict[str, list[Fact]] = {}
    for fact in credentials:
        key = str(fact.attrs.get("model_key") or model_key(fact.subject))
        by_key.setdefault(key, []).append(fact)
    spans = sorted(model_spans(question), key=lambda s: -len(model_key(s)))
    keys = [(span, model_key(span)) for span in spans]

    exact = [f for _, k in keys for f in by_key.get(k, [])]
    if exact:
        return ModelMatch("exact", exact, None)
    for span, key in keys:
        has_digit = any(c.isdigit() for c in key)
        if len(key) < (3 if has_digit else _MIN_LOOSE_KEY):
            continue
        hits = [
            k
            for k in by_key
            if (key in k and (has_digit or len(key) >= 5))
            or (len(k) >= _MIN_LOOSE_KEY and k in key)
        ]
        if len(hits) == 1:
            return ModelMatch("contains", by_key[hits[0]], span)
        if len(hits) > 1:
            return ModelMatch("ambiguous", [f for k in hits for f in by_key[k]], span)
        near = [k for k in by_key if len(k) >= _MIN_LOOSE_KEY and damerau_levenshtein(key, k) == 1]
        if len(near) == 1:
            return ModelMatch("near", by_key[near[0]], span)
        if len(near) > 1:
            return ModelMatch("ambiguous", [f for k in near for f in by_key[k]], span)
    for span, key in keys:
        if len(key) >= 3 and (_has_digit_and_letter(key) or (key.isalpha() and len(key) >= 4)):
            return ModelMatch("unknown", [], span)
    return ModelMatch("none", [], None)


def question_speeds(question: Question, technology_words: set[str]) -> list[float]:
    """Speeds in Mb/s the question names: "N megas", "N giga", or a bare number by a plan word.

    A bare number counts only next to a technology or plan word ("rádio N", "plano de N"),
    never before "dias"/"reais" or as money ("R$ N", "N,NN").
    """
    tokens = words(_MONEY.sub(" ", question.text))
    anchors = technology_words | {"plano", "planos"}
    speeds: list[float] = []
    for i, token in enumerate(tokens):
        if not token.isdigit():
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after in {"mb", "gb"}:
            speeds.append(float(token) * (1000 if after == "gb" else 1))
            continue
        if after in _NOT_SPEED_AFTER or (i and tokens[i - 1] == "r"):
            continue
        window = [t for t in tokens[max(0, i - 3) : i] if t not in STOPWORDS] + [after]
        if any(t in anchors for t in window):
            speeds.append(float(token))
    return speeds


def technology_words(plans: list[Fact]) -> dict[str, set[str]]:
    """Each plan technology label with the words that name it in a question."""
    out: dict[str, set[str]] = {}
    for fact in plans:
        label = str(fact.attrs.get("technology") or "")
        if label:
            out[label] = {w for w in words(label) if len(w) >= 3 and w not in STOPWORDS}
    return out
