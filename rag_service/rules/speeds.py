"""The plan speeds a question names ("N megas", "meio giga", "plano de N"), in Mb/s."""

from __future__ import annotations

from ingest.analysis import MONEY, STOPWORDS, words
from ingest.records import Fact
from rag_service.rules.question import Question, matches_entry
from rag_service.rules.words import VOCAB, Word

# Words right after a number that make it not a speed ("N dias", "N reais", "Nx").
_NOT_SPEED_AFTER = frozenset(
    {"dia", "dias", "reais", "real", "hora", "horas", "h", "x", "vezes", "mes", "meses", "anos"}
)


def question_speeds(question: Question, technology_words: set[str]) -> list[float]:
    """Speeds in Mb/s the question names: "N megas", "N giga", or a bare number by a plan word.

    A bare number counts only next to a technology or plan word ("rádio N", "plano de N",
    "mensalidade do N"), never before "dias"/"reais" or as money ("R$ N", "N,NN").
    """
    tokens = words(MONEY.sub(" ", question.text))
    plan_words = {t for t in tokens if any(matches_entry(t, e) for e in VOCAB[Word.PLAN])}
    anchors = technology_words | {"plano", "planos"} | plan_words
    upgrade = VOCAB[Word.UPGRADE]
    speeds: list[float] = []
    unit = 1  # the unit of the last speed named, for "300 mega e o de 500"
    for i, token in enumerate(tokens):
        if not token.isdigit():
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after in {"mb", "gb"}:
            unit = 1000 if after == "gb" else 1
            speeds.append(float(token) * unit)
            continue
        if after in _NOT_SPEED_AFTER or (i and tokens[i - 1] == "r"):
            continue
        if speeds and _and_another(tokens[max(0, i - 3) : i], int(token), unit):
            speeds.append(float(token) * unit)  # "o de 300 mega e o de 500", "do 80 mega e do 150"
            continue
        window = [t for t in tokens[max(0, i - 3) : i] if t not in STOPWORDS] + [after]
        moving = any(matches_entry(t, e) for t in window for e in upgrade)
        if moving or any(t in anchors for t in window):
            speeds.append(float(token))
    return speeds


def _and_another(before: list[str], number: int, unit: int) -> bool:
    """A bare number joined to a speed just named ("e o de 500", "ou do 150"), as big as one."""
    joined = "e" in before or "ou" in before
    plausible = number <= 10 if unit == 1000 else 5 <= number <= 10_000
    return joined and plausible and all(t in STOPWORDS or t in {"mb", "gb"} for t in before)


def technology_words(plans: list[Fact]) -> dict[str, set[str]]:
    """Each plan technology label with the words that name it in a question."""
    out: dict[str, set[str]] = {}
    for fact in plans:
        label = str(fact.attrs.get("technology") or "")
        if label:
            out[label] = {w for w in words(label) if len(w) >= 3 and w not in STOPWORDS}
    return out
