"""Which router model a question names, by the evidence it gives, tolerant of how agents type.

A model is its letter and digit groups ("HG8145V5": hg 8145 v 5; "Archer C6 V2": archer c 6 v
2). A question names a model when its own groups appear in the model's, in order, each number
whole and unchanged: "huawei 8145" is EG8145V5, "f673" is F673AV9 (a suffix left out), "8546m"
is HG8546M (a prefix left out), "W5-1200-G" is W5-1200G (spacing, case and hyphens do not
count). A brand (from the sheet, or a general list of router brands) may come with it; a brand
that differs from the model's rules the model out. A slip in typing a word (two letters
swapped, one doubled or left out) is still the model; a CHANGED letter or digit is another
model, never guessed: the sheet's models one letter away are suggestions, not answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ingest.analysis import STOPWORDS, fold, model_key, within_one_edit, words
from ingest.records import Fact
from rag_service.rules.lexicon import FILLER, ROUTER_BRANDS
from rag_service.rules.question import Question, in_groups
from rag_service.rules.words import Word

Group = tuple[str, str]  # ("a", letters) or ("d", digits)


class ModelMatch(NamedTuple):
    """What the question's model mention resolved to.

    ``tier``: "exact" / "evidence" (``facts`` are the model's), "ambiguous" (several models fit:
    ``facts`` are their rows), "near" (a model one letter away: a suggestion), "unknown" (no
    model fits), "none" (the question names no model).
    """

    tier: str
    facts: list[Fact]
    mention: str | None
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Model:
    """One model of the sheet as matching reads it."""

    subject: str
    key: str
    groups: tuple[Group, ...]  # without the brand's words
    brand: str | None
    facts: tuple[Fact, ...]


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


def _canonical(text: str) -> str:
    """A letter O typed right after a digit is a zero ("rf120o" -> "rf1200")."""
    return re.sub(r"(?<=\d)o", "0", text)


def groups_of(text: str) -> list[Group]:
    """The letter and digit groups of a name, folded ("G-1425G-A" -> g 1425 g a)."""
    return [
        ("d" if part.isdigit() else "a", part)
        for part in re.findall(r"[a-z]+|\d+", _canonical(fold(text)))
    ]


def _split_brand(groups: list[Group]) -> tuple[str | None, list[Group]]:
    """The router brand among the groups (one word or two: "tp link"), and the rest."""
    for size in (2, 1):
        for i in range(len(groups) - size + 1):
            window = groups[i : i + size]
            if all(kind == "a" for kind, _ in window):
                name = "".join(text for _, text in window)
                if name in ROUTER_BRANDS:
                    return name, groups[:i] + groups[i + size :]
    return None, groups


def _models(credentials: list[Fact]) -> list[_Model]:
    by_key: dict[str, list[Fact]] = {}
    for fact in credentials:
        key = _canonical(str(fact.attrs.get("model_key") or model_key(fact.subject)))
        by_key.setdefault(key, []).append(fact)
    out = []
    for key, facts in by_key.items():
        brand, groups = _split_brand(groups_of(facts[0].subject))
        out.append(_Model(facts[0].subject, key, tuple(groups), brand, tuple(facts)))
    return out


def _letters_fit(asked: str, written: str) -> str | None:
    """ "same", "slip" (two letters swapped, one doubled or left out) or "changed" (one letter
    other than the model's)."""
    if asked == written:
        return "same"
    if not within_one_edit(asked, written):
        return None
    if len(asked) != len(written):
        # A letter more or less: a slip, when the word is more than that letter.
        return "slip" if max(len(asked), len(written)) >= 2 else None
    return "slip" if _swapped(asked, written) else "changed"


def _swapped(a: str, b: str) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1


_QUALITY = {"same": 0, "slip": 1, "changed": 2}
_WORST = ("fits", "slip", "changed")


def _fit(asked: list[Group], model: tuple[Group, ...]) -> tuple[str, int] | None:
    """How the question's groups sit in the model's, in order: ("fits" | "slip" | "changed",
    groups of the model left over); None when they do not. A number must be one of the
    model's, whole and unchanged; groups of the model may be left out around them."""
    worst = 0
    at = 0
    for kind, text in asked:
        best: tuple[int, int] | None = None  # (quality, index)
        for index in range(at, len(model)):
            m_kind, m_text = model[index]
            if m_kind != kind:
                continue
            if kind == "d":
                if m_text == text:
                    best = (0, index)
                    break
                continue
            how = _letters_fit(text, m_text)
            if how is not None and (best is None or _QUALITY[how] < best[0]):
                best = (_QUALITY[how], index)
                if how == "same":
                    break
        if best is None:
            return None
        worst = max(worst, best[0])
        at = best[1] + 1
    return _WORST[worst], len(model) - len(asked)


def _says_enough(asked: list[Group]) -> bool:
    """A number of 3+ digits, letters with a number ("w4"), or a word of 3+ letters: enough to
    pick a model; one or two digits alone are not."""
    digits = [t for kind, t in asked if kind == "d"]
    letters = [t for kind, t in asked if kind == "a"]
    return (
        any(len(d) >= 3 for d in digits)
        or bool(digits and letters)
        or (not digits and sum(len(t) for t in letters) >= 3)
    )


def match_model(
    question: Question, credentials: list[Fact], not_entity: tuple[Word, ...]
) -> ModelMatch:
    """Resolve the model a question names among the sheet's credential rows."""
    models = _models(credentials)
    spans = sorted(model_spans(question, not_entity), key=lambda s: -len(model_key(s)))
    for span in spans:
        key = _canonical(model_key(span))
        exact = [m for m in models if m.key == key]
        if exact:
            return ModelMatch("exact", [f for m in exact for f in m.facts], span)
    for span in spans:
        found = _match_span(span, models)
        if found is not None:
            return found
    for span in spans:
        key = model_key(span)
        has_digit = any(c.isdigit() for c in key)
        if (has_digit and any(c.isalpha() for c in key)) or len(key) >= (3 if has_digit else 4):
            return ModelMatch("unknown", [], span, tuple(m.subject for m in models))
    return ModelMatch("none", [], None)


def _match_span(span: str, models: list[_Model]) -> ModelMatch | None:
    """The models a span fits, with the brand it names; None when it names none of them."""
    brand, asked = _split_brand(groups_of(span))
    if brand is None:
        sheet_brand = _sheet_brand(asked, models)
        if sheet_brand is not None:
            brand, asked = sheet_brand
    same_brand = [m for m in models if brand is None or m.brand in (None, brand)]
    if not asked:
        # A brand alone: the brand's models ("senha do zte").
        named = [m for m in models if brand is not None and m.brand == brand]
        return _one_or_several(named, span) if named else None
    if not _says_enough(asked):
        return None
    fits = [(m, how) for m in same_brand if (how := _fit(asked, m.groups)) is not None]
    if brand is not None and not fits:
        # The brand's words may be written in the model ("Fiberlink 994", "WiFiber 121").
        full = groups_of(span)
        fits = [(m, how) for m in models if (how := _fit(full, m.groups)) is not None]
    sure = [(m, how) for m, how in fits if how[0] in ("fits", "slip")]
    if sure:
        best = min(how for _, how in sure)
        chosen = [m for m, how in sure if how == best]
        return _one_or_several(chosen, span)
    near = [m for m, how in fits if how[0] == "changed"]
    if near:
        facts = [f for m in near for f in m.facts]
        return ModelMatch("near", facts, span, tuple(m.subject for m in near))
    return None


def _sheet_brand(asked: list[Group], models: list[_Model]) -> tuple[str, list[Group]] | None:
    """A brand the sheet writes before its models' codes ("Intelbras W5-1200G"), asked."""
    if not asked or asked[0][0] != "a":
        return None
    word = asked[0][1]
    if any(m.brand == word for m in models):
        return word, asked[1:]
    return None


def _one_or_several(models: list[_Model], span: str) -> ModelMatch:
    if len(models) == 1:
        return ModelMatch("evidence", list(models[0].facts), span)
    facts = [f for m in models for f in m.facts]
    return ModelMatch("ambiguous", facts, span, tuple(m.subject for m in models))
