"""How sure a retrieval answer is: coverage, the sheet's vocabulary, similarity and margin.

Pure logic. The strongest signal that a sheet cannot answer is a question whose DISTINCTIVE
words (not stop words, not the generic words of any call) the sheet never uses: "tem plano de
tv?" shares "plano" with every sheet, but no sheet without TV says "tv". Such questions lose
most of their confidence whatever the best unit is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ingest.analysis import STOPWORDS, analyze, fold, stem, within_one_edit, words
from rag_service.answering.expansion import synonyms
from rag_service.answering.retrieval import Ranked


class Evidence(NamedTuple):
    """What the confidence is computed from, each in [0, 1] or None when not measured."""

    coverage: float | None
    similarity: float | None
    known: float | None
    margin: float | None


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


# Numbers with a unit letter or two ("24h", "30d") are values, not topics; so are single letters.
_NUMBERISH = re.compile(r"\d+[a-z]{0,2}|[a-z]")

# Below this length a one-letter difference is a different word, not a typo.
TYPO_MIN_LENGTH = 5


class SheetVocabulary:
    """The words and stems one provider's sheet uses, to tell known words from foreign ones."""

    def __init__(self, texts: Iterable[str], generic: Iterable[str] = ()) -> None:
        raw: set[str] = set()
        for text in texts:
            raw.update(words(text))
        self._setup(raw, {stem(w) for w in raw if w not in STOPWORDS}, generic)

    @classmethod
    def of_words(
        cls, raw: Iterable[str], stems: Iterable[str], generic: Iterable[str] = ()
    ) -> SheetVocabulary:
        """The vocabulary of the words and stems ingest stored (``words()`` of the same texts
        and their stems, made by the analysis the loader checked): nothing to analyse again."""
        vocabulary = cls.__new__(cls)
        vocabulary._setup(set(raw), set(stems), generic)
        return vocabulary

    def _setup(self, raw: set[str], stems: set[str], generic: Iterable[str]) -> None:
        self.words = frozenset(raw)
        self.stems = frozenset(stems)
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

    def knows_exactly(self, word: str) -> bool:
        """The sheet uses the word, its stem or a synonym's stem."""
        if word in self.words:
            return True
        root = stem(word)
        return root in self.stems or bool(synonyms(root) & self.stems)

    def knows(self, word: str) -> bool:
        """The sheet uses the word, its stem, a synonym's stem, or (long words) a one-typo form."""
        if self.knows_exactly(word):
            return True
        root = stem(word)
        if len(word) >= TYPO_MIN_LENGTH:
            # A typo of a sheet word, or another inflection one letter off ("transfiro").
            return any(within_one_edit(word, w, transpose=False) for w in self._long_words) or any(
                within_one_edit(root, s, transpose=False) for s in self._long_stems
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


def margin(ranked: Sequence[Ranked]) -> float | None:
    """How far the best fused score is ahead of the runner-up, relative to the best."""
    if len(ranked) < 2 or ranked[0].score <= 0:
        return None
    return _unit((ranked[0].score - ranked[1].score) / ranked[0].score)
