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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ingest.analysis import ROUTER_BRANDS, STOPWORDS, fold, model_key, within_one_edit, words
from ingest.records import Fact
from rag_service.rules.lexicon import FILLER
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
    chunks = question.text.split()
    # A chunk with a digit is a code whole, letters and all ("A-90", "C-6"): its letters are
    # not read as the words they spell ("a", "c"); so is a lone letter before one ("C 43-V-5").
    coded = [any(c.isdigit() for c in chunk) or _lettered(chunk, not_entity) for chunk in chunks]
    for i, chunk in enumerate(chunks):
        if not coded[i] and i + 1 < len(chunks) and coded[i + 1]:
            coded[i] = _lone_code_letter(chunk.strip(".,;:!?"))
    for chunk, whole in zip(chunks, coded, strict=True):
        tokens = re.findall(r"[a-z0-9]+", fold(chunk))
        for token in tokens:
            if whole or _is_model_word(token, not_entity):
                spans[-1].append(token)
            elif spans[-1]:
                spans.append([])
    return [" ".join(s) for s in spans if s]


def _lettered(chunk: str, not_entity: tuple[Word, ...]) -> bool:
    """A word with a letter glued to it by a hyphen ("archer-a"): a code whole, its letter not
    the article it spells; not a word the rules know ("e-mail")."""
    parts = fold(chunk.strip(".,;:!?")).split("-")
    joined = "".join(parts)
    return (
        len(parts) == 2
        and all(p.isalpha() for p in parts)
        and min(len(p) for p in parts) == 1
        and not in_groups(joined, not_entity)
        and joined not in STOPWORDS
    )


def _lone_code_letter(chunk: str) -> bool:
    """A letter alone that belongs to the code after it ("C 43-V-5", "x 20"); never "o", "a",
    "e", the articles and "and" of the question, whatever their case ("O 984-106 ...")."""
    return len(chunk) == 1 and chunk.isalpha() and fold(chunk) not in "aeo"


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
        # A letter more or less: a slip, when both words are more than that letter ("tv" is
        # not "v" typed with a letter more: one letter is the whole of the model's word).
        return "slip" if min(len(asked), len(written)) >= 2 else None
    return "slip" if _swapped(asked, written) else "changed"


def _swapped(a: str, b: str) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1


_QUALITY = {"same": 0, "slip": 1, "changed": 2}
_WORST = ("fits", "slip", "changed")


Fit = tuple[str, int, int]  # ("fits" | "slip" | "changed", groups skipped between, left over)


def _fit(asked: list[Group], model: tuple[Group, ...]) -> Fit | None:
    """How the question's groups sit in the model's, in order: how well, the model's groups
    skipped between two asked ones, and those left over; None when they do not. A number must
    be one of the model's, whole and unchanged, and after the first group it is the model's next
    number: a number never skips another ("archer c5" fits Archer C5 V3, not Archer C43 V5,
    whose number after C is 43). Letters may skip groups, and groups may be left out around."""
    worst = 0
    at = 0
    skipped = 0
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
                if at:
                    break  # the model's next number is another one
                continue
            how = _letters_fit(text, m_text)
            if how is not None and (best is None or _QUALITY[how] < best[0]):
                best = (_QUALITY[how], index)
                if how == "same":
                    break
        if best is None:
            return None
        worst = max(worst, best[0])
        if at:
            skipped += best[1] - at
        at = best[1] + 1
    return _WORST[worst], skipped, len(model) - len(asked)


def _merged(groups: Sequence[Group]) -> tuple[Group, ...]:
    """Consecutive groups of one kind as one: "W4-1200F" (w 4 1200 f) -> w 41200 f, as an agent
    types it without the hyphen; "Archer AX54" -> archerax 54."""
    out: list[Group] = []
    for kind, text in groups:
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return tuple(out)


def _fit_either(asked: list[Group], model: tuple[Group, ...]) -> Fit | None:
    """The better of the fit as written and the fit with each side's separators ignored
    ("W41200F" for W4-1200F, "AN-550602FG" for AN5506-02-FG)."""
    found = [f for f in (_fit(asked, model), _fit(list(_merged(asked)), _merged(model))) if f]
    if not found and (reordered := _words_last(asked)) != asked:
        # "intelbras action rf 1200" for RF 1200 (ACtion): a model's word asked before its code.
        found = [f for f in (_fit(reordered, model),) if f]
    return min(found, key=lambda f: (_WORST.index(f[0]), f[1], f[2])) if found else None


def _words_last(asked: list[Group]) -> list[Group]:
    """The asked groups with the whole words (four letters or more) after the codes."""
    words = [g for g in asked if g[0] == "a" and len(g[1]) >= 4]
    return [g for g in asked if g not in words] + words


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
    joined = _joined_exact(question.raw_tokens, models)
    if joined is not None:
        return joined
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


def _joined_exact(tokens: Sequence[str], models: list[_Model]) -> ModelMatch | None:
    """Words run together that spell a sheet's model exactly, letters and digits, though one of
    them is also a word ("me 30" for ME30, "a 21" for A21): that model."""
    for size in (3, 2):
        for i in range(len(tokens) - size + 1):
            run = "".join(tokens[i : i + size])
            if not (any(c.isdigit() for c in run) and any(c.isalpha() for c in run)):
                continue
            exact = [m for m in models if run in (m.key, "".join(t for _, t in m.groups))]
            if len(exact) == 1:
                span = " ".join(tokens[i : i + size])
                return ModelMatch("exact", list(exact[0].facts), span)
    return None


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
    fits = [(m, how) for m in same_brand if (how := _fit_either(asked, m.groups)) is not None]
    if brand is not None and not fits:
        # The brand's words may be written in the model ("Fiberlink 994", "WiFiber 121").
        full = groups_of(span)
        fits = [(m, how) for m in models if (how := _fit_either(full, m.groups)) is not None]
    if not fits:
        # Words no model of the sheet has beside a model's own word ("twibi mesh" for the
        # Twibi Giga): the model's word names it, the others are the agent's.
        # Only a model named by words: a number is never left out nor matched alone this way.
        known = {text for m in models for kind, text in m.groups if kind == "a" and len(text) >= 4}
        kept = [g for g in asked if g[0] == "a" and g[1] in known]
        if kept and kept != asked and all(kind == "a" for kind, _ in asked):
            fits = [(m, how) for m in same_brand if (how := _fit_either(kept, m.groups))]
            fits = [(m, how) for m, how in fits if how[0] == "fits"]
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
