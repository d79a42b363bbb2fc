"""How sure a retrieval answer is: coverage, the sheet's vocabulary, similarity and margin.

Pure logic. The strongest signal that a sheet cannot answer is a question whose DISTINCTIVE
words (not stop words, not the generic words of any call) the sheet never uses: "tem plano de
tv?" shares "plano" with every sheet, but no sheet without TV says "tv". Such questions lose
most of their confidence whatever the best unit is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ingest.analysis import STOPWORDS, analyze, fold, stem, words
from rag_service.answering.expansion import synonyms

if TYPE_CHECKING:
    from ingest.records import Fact, Unit
    from rag_service.answering.retrieval import Ranked
    from rag_service.rules.registry import RuleAnswer

logger = logging.getLogger(__name__)

# Words of any call, whatever it is about: they say nothing about whether a sheet can answer.
# Folded; compared before stemming.
_GENERIC = """
    cliente clientes tem ter tinha possui possuem qual quais como quero quer queria querendo
    internet empresa provedor gostaria saber sabe pode posso podemos podem consegue consigo
    conseguiu fazer faz fiz feito ta to tah ai ne ok oi ola bom boa dia tarde noite favor
    preciso precisa precisamos informar informa informacao informacoes pediu pedindo pergunta
    perguntou perguntando disse falou falando ligou ligando duvida quanto quantos quantas
    quando onde porque pq ainda agora hoje voce voces sim existe algum alguma alguns algumas
    mesmo la aqui entao tudo coisa coisas vai vou ir ficou fica fico deu dar deve devo devemos
    certo certa caso gente pessoa senhor senhora eles elas dele dela deles delas isso isto
    esse essa aquele aquela outro outra outros outras fala falar diz dizer reclama reclamando
    reclamou esqueceu procedimento fazemos faco oque via consegui problema nenhum resolve
    resolver sozinho sozinha servico aceita aceitam aceitar aceito comprou vale chat dao
    alguem ninguem acabei peguei pegar atendendo
"""
GENERIC_WORDS: frozenset[str] = frozenset(_GENERIC.split())
# "Transfiro?" can be asked of any topic, and a sheet that never says "transferir" still answers
# it by saying what to do instead: not a sign the sheet cannot answer. Kept for ranking, where
# it finds the sheets that do say it.
CALL_ACTIONS: frozenset[str] = frozenset(
    {"transfiro", "transfere", "transferir", "transfira", "transferimos", "encaminho", "encaminhar"}
)


def topic_tokens(question: str) -> list[str]:
    """The question's analysed tokens without the generic words of any call.

    "cliente", "quer", "como" match many units and none of them better than another; ranking on
    the words that say what the question is about keeps short units that only share "cliente"
    from winning. A question made only of generic words keeps them all.
    """
    # Words are compared before stemming: "sabe" (generic) and "sábado" share the stem "sab".
    kept = [w for w in words(question) if w not in STOPWORDS]
    topical = [stem(w) for w in kept if w not in GENERIC_WORDS]
    return topical or analyze(question)


_ANSWER_PREFIX = re.compile(r"^\s*R\s*:\s*")
# Statements that illustrate the answer above them rather than answer anything themselves.
_EXAMPLE = re.compile(r"\s*(?:por\s+)?(?:exemplo|ex)\b\s*[:.]?")
# A statement of fewer words is a label or a status line, not something to tell a customer.
NOISE_MAX_WORDS = 2

# Numbers with a unit letter or two ("24h", "30d") are values, not topics; so are single letters.
_NUMBERISH = re.compile(r"\d+[a-z]{0,2}|[a-z]")

# Below this length a one-letter difference is a different word, not a typo.
TYPO_MIN_LENGTH = 5


class Evidence(NamedTuple):
    """What the confidence is computed from, each in [0, 1] or None when not measured."""

    coverage: float | None
    similarity: float | None
    known: float | None
    margin: float | None


def within_one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


class SheetVocabulary:
    """The words and stems one provider's sheet uses, to tell known words from foreign ones."""

    def __init__(self, texts: Iterable[str], generic: Iterable[str] = ()) -> None:
        raw: set[str] = set()
        for text in texts:
            raw.update(words(text))
        self.words = frozenset(raw)
        self.stems = frozenset(stem(w) for w in raw if w not in STOPWORDS)
        self.generic = GENERIC_WORDS | CALL_ACTIONS | {fold(w) for w in generic}
        self._long_words = [
            w for w in self.words if len(w) >= TYPO_MIN_LENGTH and w not in STOPWORDS
        ]
        self._long_stems = [s for s in self.stems if len(s) >= TYPO_MIN_LENGTH]

    def distinctive(self, question: str) -> list[str]:
        """The question's words that say what it is about (no stop, generic or bare numbers)."""
        out: list[str] = []
        for word in words(question):
            if word in STOPWORDS or word in self.generic or _NUMBERISH.fullmatch(word):
                continue
            if word not in out:
                out.append(word)
        return out

    def knows(self, word: str) -> bool:
        """The sheet uses the word, its stem, a synonym's stem, or (long words) a one-typo form."""
        if word in self.words:
            return True
        root = stem(word)
        if root in self.stems or synonyms(root) & self.stems:
            return True
        if len(word) >= TYPO_MIN_LENGTH:
            # A typo of a sheet word, or another inflection one letter off ("transfiro").
            return any(within_one_edit(word, w) for w in self._long_words) or any(
                within_one_edit(root, s) for s in self._long_stems
            )
        return False

    def known_share(self, question: str) -> float | None:
        """Share of the distinctive words the sheet knows; None when there are none."""
        found = self.distinctive(question)
        if not found:
            return None
        return sum(self.knows(w) for w in found) / len(found)


def expanded_coverage(
    query: Sequence[str],
    doc: frozenset[str],
    idf: dict[str, float],
    synonym_credit: float = 0.7,
) -> float:
    """IDF-weighted share of the query's tokens the unit holds; a synonym counts partly."""
    total = found = 0.0
    for token in dict.fromkeys(query):
        weight = idf.get(token, 0.0)
        total += weight
        if token in doc:
            found += weight
        elif synonyms(token) & doc:
            found += weight * synonym_credit
    return found / total if total > 0 else 0.0


# A question for a price: its answer names an amount, says it is free, or says yes or no.
_PRICE_WORDS = frozenset(
    {"custa", "custam", "custo", "custos", "preco", "precos", "valor", "valores", "taxa", "taxas"}
    | {"cobra", "cobram", "cobrar", "cobrado", "cobrada", "cobrados", "cobradas"}
)
_AMOUNT = re.compile(r"r\$|\d[.,]\d{2}\b|\d\s*%")
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


def asks_price(question: str) -> bool:
    """Whether the question asks what something costs ("qto custa", "valor", "taxa")."""
    return any(w in _PRICE_WORDS for w in words(question))


def states_price(text: str) -> bool:
    """Whether an answer can answer a price question: an amount, free, charged, yes or no."""
    if _AMOUNT.search(fold(text)):
        return True
    found = words(text)
    return any(w in {"sim", "nao"} or w.startswith(_PRICE_ANSWER_PREFIXES) for w in found)


def scaled_similarity(cosine: float, floor: float = 0.2, ceiling: float = 0.7) -> float:
    """Cosine mapped to [0, 1]: the English model rates any two Portuguese texts near 0.2."""
    return min(max((cosine - floor) / (ceiling - floor), 0.0), 1.0)


def combine(evidence: Evidence, lexical_weight: float = 0.5, known_power: float = 2.0) -> float:
    """The confidence in [0, 1] that the best unit answers the question.

    The base is the fusion-weighted mean of coverage and scaled similarity; a clear margin over
    the runner-up adds up to a tenth; the share of distinctive words the sheet knows multiplies
    the whole (squared, so one foreign word in two leaves a quarter).
    """
    parts: list[tuple[float, float]] = []
    if evidence.coverage is not None:
        parts.append((_unit(evidence.coverage), lexical_weight))
    if evidence.similarity is not None:
        parts.append((scaled_similarity(evidence.similarity), 1.0 - lexical_weight))
    if not parts:
        return 0.0
    total = sum(w for _, w in parts)
    if len(parts) == 1 or total <= 0:
        base = sum(v for v, _ in parts) / len(parts)
    else:
        base = sum(v * w for v, w in parts) / total
    if evidence.margin is not None:
        base = 0.9 * base + 0.1 * _unit(evidence.margin)
    if evidence.known is not None:
        base *= _unit(evidence.known) ** known_power
    return _unit(base)


def _unit(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def answer_text(unit: Unit) -> str:
    """What the unit says: its answer (without a leading "R:"), or the statement itself."""
    return _ANSWER_PREFIX.sub("", unit.answer).strip()


def is_noise(unit: Unit) -> bool:
    """A statement too short to say anything ("UPSOFT - OK"): never shown as an answer."""
    if unit.kind != "statement":
        return False
    return len([w for w in words(unit.answer) if len(w) >= 2]) <= NOISE_MAX_WORDS


def margin(ranked: Sequence[Ranked]) -> float | None:
    """How far the best fused score is ahead of the runner-up, relative to the best."""
    if len(ranked) < 2 or ranked[0].score <= 0:
        return None
    return _unit((ranked[0].score - ranked[1].score) / ranked[0].score)


def is_example_of(unit: Unit, previous: Unit) -> bool:
    """Whether ``unit`` is an example ("Exemplo: ...", "Ex: ...") of the answer just above it."""
    return (
        unit.kind == "statement"
        and previous.kind == "qa"
        and previous.section == unit.section
        and bool(answer_text(previous))
        and bool(_EXAMPLE.match(fold(unit.answer)))
    )


def retrieval_body(
    unit: Unit | None,
    score: float,
    min_confidence: float,
    facts: Sequence[Fact],
    also: Unit | None = None,
) -> dict[str, Any]:
    """The answer fields of a retrieval response: the unit's answer, or not_found (abstention).

    ``also`` is a unit whose text follows the answer (an example of it).
    """
    body: dict[str, Any] = {
        "status": "not_found",
        "answer": None,
        "source": None,
        "rule": None,
        "facts": [],
        "caveats": [],
        "confidence": score if unit is not None else 0.0,
        "value": None,
    }
    text = answer_text(unit) if unit is not None else ""
    if text and also is not None:
        text = f"{text}\n{answer_text(also)}"
    if score < min_confidence or not text:
        # Too little evidence, or the sheet asks the question without answering it.
        return body
    body.update(
        status="answered",
        answer=text,
        source="retrieval",
        facts=[f.to_dict() for f in facts],
        caveats=unique(c for f in facts for c in f.caveats),
    )
    return body


def rule_body(rule: RuleAnswer) -> dict[str, Any]:
    """The answer fields of a rule's response; a rule is sure (1.0) or abstains (0.0)."""
    answered = rule.status == "answered"
    caveats = list(rule.caveats)
    if not answered and rule.answer and rule.answer not in caveats:
        # A rule's not_found explains what the sheet lacks; it is advice, not an answer.
        caveats.insert(0, rule.answer)
    if answered and rule.secret:
        logger.info("credential disclosed by rule %s", rule.rule)
    return {
        "status": "answered" if answered else "not_found",
        "answer": rule.answer if answered else None,
        "source": "rule",
        "rule": rule.rule,
        "facts": [f.to_dict() for f in rule.facts],
        "caveats": unique(caveats),
        "confidence": 1.0 if answered else 0.0,
        "value": rule.value if answered else None,
    }


def unique(items: Iterable[Any]) -> list[str]:
    """The items as strings, first occurrences only, in order."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(str(item), None)
    return list(seen)
