"""Questions the sheet did not answer, grouped by provider and topic, most asked first.

Questions are read the way the service reads them (``ingest.analysis.analyze``: folded, chat
abbreviations spelled out, stop words out, stemmed), without the words that only ask ("qual",
"quanto", "tem"). Two questions are about one topic when their stems meet: the same stem, a typo
of it (one edit; two letters swapped in a short word), or, at half weight, a synonym of the
service's thesaurus
(``rag_service.answering.expansion``). Paraphrases ("qual o dns", "dns padrão?") group
together; "senha do w5" and "senha do iwr3000" stay apart (the models differ).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.analysis import analyze, fold, stem, within_one_edit, words
from ingest.records import Unit
from rag_service.answering.expansion import synonyms
from rag_service.gaps.asked import Asked

# Questions this similar (soft Dice of their stems) are one topic.
SAME_TOPIC = 0.6
# A unit is the sheet's closest to a topic when it holds at least this share of the stems of
# the topic's most asked wording (synonyms at half weight).
CLOSE_UNIT = 0.6
SYNONYM_WEIGHT = 0.5
_MIN_TYPO_LENGTH = 5
_MIN_SWAP_LENGTH = 3
_TOPIC_WORDS = 4
_UNIT_TEXT_CHARS = 90
_TOKEN = re.compile(r"[^\W_]+")
# What the audit put in place of a secret or a key ("[segredo]", "[chave]").
_MARK = re.compile(r"\[[^\]\s]{1,20}\]")
_ASKING = {
    stem(w)
    for w in (
        "qual", "quais", "quanto", "quantos", "quanta", "quantas", "como", "onde", "quando",
        "tem", "possui", "existe", "ha", "pode", "podemos", "posso", "sao", "e", "voces", "voce",
    )
}  # fmt: skip


def question_stems(text: str) -> frozenset[str]:
    """The stems a question is about: not the asking words, "[segredo]"-like marks or bare
    numbers ("fidelidade 12 meses" is about what "tem fidelidade?" is about)."""
    stems = frozenset(analyze(_MARK.sub(" ", text))) - _ASKING
    return frozenset(s for s in stems if not s.isdigit())


def _match(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= _MIN_TYPO_LENGTH and within_one_edit(a, b):
        return 1.0
    # A short word typed with two letters swapped ("dsn" for "dns"); no other edit of it.
    if len(a) == len(b) >= _MIN_SWAP_LENGTH and sorted(a) == sorted(b) and within_one_edit(a, b):
        return 1.0
    return SYNONYM_WEIGHT if b in synonyms(a) else 0.0


def _covered(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of ``a`` meets ``b`` (each stem of ``a`` counted by its best match)."""
    return sum(max((_match(x, y) for y in b), default=0.0) for x in a)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Soft Dice of two stem sets, in [0, 1]."""
    if not a or not b:
        return 0.0
    return (_covered(a, b) + _covered(b, a)) / (len(a) + len(b))


@dataclass(frozen=True)
class ClosestUnit:
    """The unit of the sheet nearest to a topic: where the answer would go, or is blank."""

    id: str
    section: str
    text: str
    lines: tuple[int, int]
    blank: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "text": self.text,
            "lines": list(self.lines),
            "blank": self.blank,
        }


@dataclass(frozen=True)
class GapGroup:
    """One topic the sheet did not answer, with how often and by how many agents it was asked."""

    provider: str
    topic: str
    count: int
    agents: int
    not_found: int
    nao_resolveu: int
    examples: tuple[str, ...]
    top_unit: str | None
    closest: ClosestUnit | None
    last_asked: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "topic": self.topic,
            "count": self.count,
            "agents": self.agents,
            "not_found": self.not_found,
            "nao_resolveu": self.nao_resolveu,
            "examples": list(self.examples),
            "top_unit": self.top_unit,
            "closest": self.closest.to_dict() if self.closest else None,
            "last_asked": self.last_asked,
        }


@dataclass
class _Topic:
    stems: list[frozenset[str]]
    asked: list[Asked] = field(default_factory=list)

    def near(self, stems: frozenset[str]) -> float:
        return max(similarity(own, stems) for own in self.stems)


def _cluster(asked: Sequence[Asked]) -> list[_Topic]:
    """Distinct questions, most asked first, each joining the first topic it is near."""
    by_text: dict[str, list[Asked]] = {}
    for item in asked:
        by_text.setdefault(" ".join(fold(item.question).split()), []).append(item)
    ordered = sorted(by_text.values(), key=lambda items: -len(items))
    topics: list[_Topic] = []
    for items in ordered:
        stems = question_stems(items[0].question)
        home = next((t for t in topics if stems and t.near(stems) >= SAME_TOPIC), None)
        if home is None:
            home = _Topic([stems])
            topics.append(home)
        else:
            home.stems.append(stems)
        home.asked += items
    return topics


def _topic_words(asked: Sequence[Asked]) -> str:
    """The words more than half of the questions share, as agents wrote them (the most asked
    first; the most asked word when none is that common)."""
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for item in asked:
        question = _MARK.sub(" ", item.question)
        written = {fold(t): t for t in _TOKEN.findall(question.lower())}
        seen: set[str] = set()
        for word in words(question):
            s = stem(word)
            if s in _ASKING or s not in question_stems(word) or s in seen:
                continue
            seen.add(s)
            counts[s] += 1
            surface.setdefault(s, Counter())[written.get(word, word)] += 1
    ranked = counts.most_common(_TOPIC_WORDS)
    shared = [s for s, n in ranked if n * 2 > len(asked)] or [s for s, _ in ranked[:1]]
    return " ".join(surface[s].most_common(1)[0][0] for s in shared)


def _examples(asked: Sequence[Asked], limit: int) -> tuple[str, ...]:
    counts = Counter(" ".join(a.question.split()) for a in asked)
    return tuple(text for text, _ in counts.most_common(limit))


def _closest(wanted: frozenset[str], units: Sequence[Unit]) -> Unit | None:
    """The unit holding the largest share of the stems (at least ``CLOSE_UNIT``)."""
    if not wanted:
        return None
    best: tuple[float, int] | None = None
    for index, unit in enumerate(units):
        score = _covered(wanted, question_stems(unit.search_text())) / len(wanted)
        if score >= CLOSE_UNIT and (best is None or score > best[0]):
            best = (score, index)
    return units[best[1]] if best is not None else None


def _unit_out(unit: Unit, mask: Callable[[str], str]) -> ClosestUnit:
    """A unit named by its question (or its first line), never its whole answer."""
    text = unit.question or unit.answer.split("\n")[0]
    text = " ".join(mask(text).split())
    if len(text) > _UNIT_TEXT_CHARS:
        text = text[: _UNIT_TEXT_CHARS - 1].rstrip() + "…"
    blank = unit.kind == "qa" and not unit.answer.strip()
    return ClosestUnit(unit.id, mask(unit.section), text, unit.lines, blank)


def group_gaps(
    asked: Iterable[Asked],
    units: Sequence[Unit] = (),
    mask: Callable[[str], str] = lambda text: text,
    examples: int = 3,
) -> list[GapGroup]:
    """The questions grouped by provider and topic, most asked first (then most agents).

    ``units`` (the served or indexed version's) give each topic its closest unit; ``mask``
    takes any secret value out of what is shown (the questions were scrubbed when stored;
    this is a second check against the index's secrets).
    """
    by_provider: dict[str, list[Asked]] = {}
    for item in asked:
        by_provider.setdefault(item.provider, []).append(item)
    groups: list[GapGroup] = []
    for provider, items in by_provider.items():
        sheet = [u for u in units if u.provider == provider]
        for topic in _cluster(items):
            found = topic.asked
            tops = Counter(a.top_unit for a in found if a.top_unit)
            near = _closest(topic.stems[0], sheet) if sheet else None
            times = [a.time for a in found if a.time is not None]
            groups.append(
                GapGroup(
                    provider=provider,
                    topic=mask(_topic_words(found)),
                    count=len(found),
                    agents=len({a.key_id for a in found}),
                    not_found=sum(a.source == "not_found" for a in found),
                    nao_resolveu=sum(a.source == "nao_resolveu" for a in found),
                    examples=tuple(mask(e) for e in _examples(found, examples)),
                    top_unit=tops.most_common(1)[0][0] if tops else None,
                    closest=_unit_out(near, mask) if near is not None else None,
                    last_asked=max(times).isoformat() if times else None,
                )
            )
    return sorted(groups, key=lambda g: (-g.count, -g.agents, g.provider, g.topic))
