"""What a unit says and whether it can answer: its text, noise lines, examples, prices."""

from __future__ import annotations

import itertools
import re

from ingest.analysis import MONEY, STOPWORDS, fold, within_one_edit, words
from ingest.placeholders import withholds_amount
from ingest.records import Unit

_ANSWER_PREFIX = re.compile(r"^\s*R\s*:\s*")
# Statements that illustrate the answer above them rather than answer anything themselves.
_EXAMPLE = re.compile(r"\s*(?:por\s+)?(?:exemplo|ex)\b\s*[:.]?")
# A statement of fewer words is a label or a status line, not something to tell a customer.
NOISE_MAX_WORDS = 2

# A question for a price: its answer names an amount, says it is free, or says yes or no.
_PRICE_WORDS = frozenset(
    {"custa", "custam", "custo", "custos", "preco", "precos", "valor", "valores", "taxa", "taxas"}
    | {"cobra", "cobram", "cobrar", "cobrado", "cobrada", "cobrados", "cobradas"}
)
_PERCENT = re.compile(r"\d\s*%")
_PRICE_ANSWER_PREFIXES = (
    "grat",
    "isent",
    "cobr",
    "taxa",
    "valor",
    "pag",
    "desconto",
    "real",
    "reais",
)
# A price question answered by a unit that states no price is most likely answered by the
# wrong unit ("valor da visita" -> the support deadline): its confidence is cut to this share.
PRICE_MISMATCH = 0.3


def answer_text(unit: Unit) -> str:
    """What the unit says: its answer (without a leading "R:"), or the statement itself."""
    return _ANSWER_PREFIX.sub("", unit.answer).strip()


# A statement that opens with the situation it is for: "Quando o cliente solicitar contratação,
# ...", "Caso o desbloqueio esteja indisponível, ...", "Se o cliente ..., ...".
_SITUATION = re.compile(
    r"^\s*(?:quando|caso|se|sempre\s+que|em\s+casos?\s+(?:de|em\s+que)|na\s+hipotese\s+de)\b"
    r"[^,.;:!?]{3,160}"
)


def situation(unit: Unit) -> str:
    """The situation a unit's answer opens with, or "" ("Caso X, ..." -> "Caso X")."""
    found = _SITUATION.match(fold(answer_text(unit)))
    return found.group(0).strip() if found else ""


def heading_text(unit: Unit) -> str:
    """What a unit is about in the sheet's own words: its question, else the situation its
    answer opens with, else the heading it sits under. Ranking weighs it above the answer.

    The heading only as the last resort: measured on the gold sets, adding a section's name to
    every unit's field favoured whole sections over the unit whose question matched.
    """
    return unit.question or situation(unit) or unit.section


def is_noise(unit: Unit) -> bool:
    """A statement too short to say anything ("UPSOFT - OK"): never shown as an answer."""
    if unit.kind != "statement":
        return False
    return len([w for w in words(unit.answer) if len(w) >= 2]) <= NOISE_MAX_WORDS


def is_example_of(unit: Unit, previous: Unit) -> bool:
    """Whether ``unit`` is an example ("Exemplo: ...", "Ex: ...") of the answer just above it."""
    return (
        unit.kind == "statement"
        and previous.kind == "qa"
        and previous.section == unit.section
        and bool(answer_text(previous))
        and bool(_EXAMPLE.match(fold(unit.answer)))
    )


def asks_price(question: str) -> bool:
    """Whether the question asks what something costs ("qto custa", "valor", "taxa", "qto é
    o link dedicado", "quanto fica")."""
    found = words(question)
    how_much = any(a == "quanto" and b in _HOW_MUCH_VERBS for a, b in itertools.pairwise(found))
    return how_much or any(w in _PRICE_WORDS for w in found)


# "quanto é", "quanto fica", "quanto sai", "quanto está": how much something costs.
_HOW_MUCH_VERBS = frozenset({"e", "eh", "fica", "sai", "esta", "da"})


def states_price(text: str) -> bool:
    """Whether an answer can answer a price question: an amount, free, charged, yes or no."""
    if "r$" in fold(text) or MONEY.search(text) or _PERCENT.search(text):
        return True
    found = words(text)
    return any(w in {"sim", "nao"} or w.startswith(_PRICE_ANSWER_PREFIXES) for w in found)


_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")


def withheld_price(question: str, text: str) -> str | None:
    """The sentence of an answer that is about what the question names and says its amount is
    not here ("Plano empresarial e link dedicado é com o comercial, a gente não tem os
    valores."), though other sentences give amounts of other things; else None."""
    asked = {w for w in words(question) if w not in STOPWORDS and w not in _PRICE_WORDS}
    best, overlap = None, 0
    for sentence in _SENTENCE.split(text):
        shared = len(asked & set(words(sentence)))
        if shared > overlap:
            best, overlap = sentence, shared
    if best is None or MONEY.search(best) or not withholds_amount(best):
        return None
    return best.strip()


_PREFIX = 5  # letters a word and its forms share ("religação", "religar": "relig")


def misses_priced(question: str, text: str) -> bool:
    """Whether a price question names what it prices ("taxa de religação") and a text with no
    amount never names it: the text is about something else ("Bloqueio total: 20 dias")."""
    if MONEY.search(text):
        return False
    asked = words(question)
    said = set(words(text))
    for i, word in enumerate(asked):
        if word not in _PRICE_WORDS:
            continue
        priced = [w for w in asked[i + 1 : i + 4] if w not in STOPWORDS and len(w) >= _PREFIX]
        if priced:
            # Its forms ("religação", "religar") and a slip in typing it ("vista", "visita").
            return not any(
                w[:_PREFIX] == priced[0][:_PREFIX] or within_one_edit(w, priced[0]) for w in said
            )
    return False
