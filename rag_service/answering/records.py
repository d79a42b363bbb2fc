"""What the engine returns, as typed records: answers, passages, search results; and its errors.

``to_dict`` gives each record's JSON shape (the HTTP layer validates it with its pydantic
models; nothing below the HTTP layer knows pydantic).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from ingest.records import Fact

Mode = Literal["lexical", "dense", "hybrid", "full"]
MODES: tuple[Mode, ...] = get_args(Mode)
Status = Literal["answered", "not_found"]
Source = Literal["rule", "retrieval"]
# Passages an answer may carry at most.
MAX_TOP_K = 10
# How many providers an error names at most; /providers lists them all.
MAX_LISTED_PROVIDERS = 20


class QuestionError(ValueError):
    """A request the engine cannot read: blank question, top_k or fact kind out of range."""


class ProviderError(LookupError):
    """A request names no provider where one is needed, or one the index does not hold."""

    def __init__(self, message: str, known: Mapping[str, str]) -> None:
        super().__init__(message)
        self.known = dict(known)


class UnknownProviderError(ProviderError):
    """The provider is not in the index."""


class ProviderRequiredError(ProviderError):
    """The index holds several providers and the request names none."""


def provider_listing(known: Mapping[str, str], limit: int = MAX_LISTED_PROVIDERS) -> str:
    """The first ``limit`` providers as "id (name)", and how many more: an error of bounded size."""
    shown = ", ".join(f"{pid} ({name})" for pid, name in list(known.items())[:limit]) or "none"
    more = len(known) - limit
    return f"{shown} and {more} more (GET /providers lists them all)" if more > 0 else shown


@dataclass(frozen=True)
class Passage:
    """A unit of the sheet as retrieved, with its place in the ranking."""

    id: str
    section: str
    question: str | None
    text: str
    score: float
    lines: tuple[int, int]
    # What ``lines`` counts: "line", or "paragraph" for a DOCX sheet (ingest.records).
    span: str = "line"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "question": self.question,
            "text": self.text,
            "score": self.score,
            "lines": [self.lines[0], self.lines[1]],
            "span": self.span,
        }


GapKind = Literal["blank", "absent", "entity", "value"]


@dataclass(frozen=True)
class Gap:
    """Why an answer is not_found: the sheet asks the question but leaves it ``blank`` (that
    question and its lines), has nothing on it (``absent``), or has no such ``entity`` (a
    model, a speed: the ones it has are the answer's suggestions; ``mention`` the question's
    words that named it), or names what was asked without the ``value`` asked for (a fee said
    to exist, its amount not given: ``question`` is what the sheet says, at ``lines``)."""

    kind: GapKind
    question: str | None = None
    lines: tuple[int, int] | None = None
    mention: str | None = None
    span: str = "line"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "question": self.question,
            "lines": list(self.lines) if self.lines else None,
            "mention": self.mention,
        }
        if self.lines:
            data["span"] = self.span
        return data


@dataclass(frozen=True)
class Verdict:
    """What an answer says, whoever gave it (a rule or retrieval)."""

    status: Status
    text: str | None
    source: Source | None
    rule: str | None
    facts: tuple[Fact, ...]
    caveats: tuple[str, ...]
    confidence: float
    value: str | None
    # The sheet's entities the agent may have meant ("você quis dizer ...?"), to re-ask with.
    suggestions: tuple[str, ...] = ()
    gap: Gap | None = None


@dataclass(frozen=True)
class Answer:
    """The answer to one question of one provider, from one index version."""

    question: str
    provider: str
    verdict: Verdict
    passages: tuple[Passage, ...]
    index_version: str
    took_ms: float

    @property
    def status(self) -> Status:
        return self.verdict.status

    def to_dict(self) -> dict[str, Any]:
        """The ``/ask`` body."""
        v = self.verdict
        return {
            "question": self.question,
            "provider": self.provider,
            "status": v.status,
            "answer": v.text,
            "source": v.source,
            "rule": v.rule,
            "facts": [f.to_dict() for f in v.facts],
            "caveats": list(v.caveats),
            "confidence": v.confidence,
            "value": v.value,
            "suggestions": list(v.suggestions),
            "gap": v.gap.to_dict() if v.gap else None,
            "passages": [p.to_dict() for p in self.passages],
            "index_version": self.index_version,
            "took_ms": self.took_ms,
        }


@dataclass(frozen=True)
class SearchResult:
    """The passages that best match a question (``/search``)."""

    question: str
    provider: str
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    index_version: str = ""
    took_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "provider": self.provider,
            "passages": [p.to_dict() for p in self.passages],
            "index_version": self.index_version,
            "took_ms": self.took_ms,
        }
