"""What agents asked that the sheet did not answer, read from the audit trail and the feedback.

An ``Asked`` is one question of one agent: an ``/ask`` the service answered ``not_found`` (the
audit line: ``rag_service.security.audit``), or an answer an agent marked "nao_resolveu" (the
feedback line: ``rag_service.http.feedback``). Only what the gaps report needs is kept: the
question as stored (already scrubbed of secrets), the provider, who asked (a key id, never a
key), when, and the unit the service ranked first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

Source = Literal["not_found", "nao_resolveu"]


@dataclass(frozen=True)
class Asked:
    """One question the sheet did not answer, as the service or the agent recorded it."""

    time: datetime | None
    provider: str
    question: str
    key_id: str | None
    source: Source
    top_unit: str | None


def parse_since(text: str) -> datetime:
    """A date ("2024-05-01", midnight UTC) or an ISO time; ValueError names a bad one."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"since must be a date (YYYY-MM-DD) or an ISO time, got {text!r}"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _first(ids: Any) -> str | None:
    if isinstance(ids, list) and ids and isinstance(ids[0], str):
        return ids[0]
    return None


def _asked(record: Mapping[str, Any], source: Source) -> Asked | None:
    question, provider = record.get("question"), record.get("provider")
    if not isinstance(question, str) or not question.strip() or not isinstance(provider, str):
        return None
    key = record.get("key_id")
    return Asked(
        time=_time(record.get("time")),
        provider=provider,
        question=question,
        key_id=key if isinstance(key, str) else None,
        source=source,
        top_unit=_first(record.get("unit_ids")),
    )


def from_audit(records: Iterable[Mapping[str, Any]]) -> list[Asked]:
    """The ``/ask`` lines answered ``not_found`` (refused requests have no question)."""
    out: list[Asked] = []
    for record in records:
        if record.get("endpoint") != "/ask" or record.get("status") != "not_found":
            continue
        asked = _asked(record, "not_found")
        if asked is not None:
            out.append(asked)
    return out


def from_feedback(records: Iterable[Mapping[str, Any]]) -> list[Asked]:
    """The answers agents marked "nao_resolveu"."""
    out: list[Asked] = []
    for record in records:
        if record.get("verdict") != "nao_resolveu":
            continue
        asked = _asked(record, "nao_resolveu")
        if asked is not None:
            out.append(asked)
    return out


def select(
    asked: Iterable[Asked], since: datetime | None = None, provider: str | None = None
) -> list[Asked]:
    """The questions asked at or after ``since`` (undated ones only without it), of one
    provider or all."""
    return [
        a
        for a in asked
        if (provider is None or a.provider == provider)
        and (since is None or (a.time is not None and a.time >= since))
    ]
