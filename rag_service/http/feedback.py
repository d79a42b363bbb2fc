"""Agents' feedback on answers: validation, an append-only JSON-lines store, export to gold lines.

Each stored line is one verdict ("resolveu" / "nao_resolveu") on one answer, with what was asked,
what was answered and where it came from (passage and fact ids, index version), so that a person
can turn it into an evaluation item (see ``to_gold_lines`` and ``python -m eval.feedback_export``).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ingest.analysis import clean, fold
from ingest.records import stable_id
from rag_service.security import MASK

logger = logging.getLogger(__name__)

MAX_QUESTION = 1000
MAX_ANSWER = 8000
MAX_VALUE = 1000
MAX_COMMENT = 1000
MAX_IDS = 50
MAX_ID_LEN = 200

Verdict = Literal["resolveu", "nao_resolveu"]
# Why an answer did not solve it, as the page's chips say: "provedor errado", "desatualizado",
# "incompleto", "não achei".
Reason = Literal["provedor_errado", "desatualizado", "incompleto", "nao_achei"]
REASONS: tuple[str, ...] = get_args(Reason)

# Control characters except tab and newline: answers and comments keep their line breaks.
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_block(text: str) -> str:
    """Control characters removed, line breaks kept, outer white space stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_KEEP_LINES.sub("", text).strip()


class FeedbackIn(BaseModel):
    """The body of ``POST /feedback``: one verdict on one answer shown to an agent."""

    model_config = ConfigDict(extra="ignore", str_max_length=MAX_ANSWER)

    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    provider: str | None = Field(default=None, max_length=MAX_ID_LEN)
    answer: str | None = Field(default=None, max_length=MAX_ANSWER)
    status: Literal["answered", "not_found"]
    value: str | None = Field(default=None, max_length=MAX_VALUE)
    unit_ids: list[str] = Field(default_factory=list, max_length=MAX_IDS)
    fact_ids: list[str] = Field(default_factory=list, max_length=MAX_IDS)
    index_version: str | None = Field(default=None, max_length=MAX_ID_LEN)
    verdict: Verdict
    reasons: list[Reason] = Field(
        default_factory=list,
        max_length=len(REASONS),
        description="With nao_resolveu: why, among " + ", ".join(REASONS) + ".",
    )
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, v: str) -> str:
        v = clean(v)
        if not v:
            raise ValueError("question is blank")
        return v

    @field_validator("answer", "comment")
    @classmethod
    def _blocks(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = _clean_block(v)
        return v or None

    @field_validator("provider", "index_version")
    @classmethod
    def _short(cls, v: str | None) -> str | None:
        if v is None:
            return None
        return clean(v) or None

    @field_validator("unit_ids", "fact_ids")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        for item in v:
            if len(item) > MAX_ID_LEN:
                raise ValueError(f"id longer than {MAX_ID_LEN} characters: {item[:40]!r}...")
        return [clean(item) for item in v if clean(item)]

    @field_validator("reasons")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _reasons_say_why_not(self) -> FeedbackIn:
        if self.reasons and self.verdict != "nao_resolveu":
            raise ValueError("reasons go with the verdict nao_resolveu")
        return self


def make_record(feedback: FeedbackIn, now: datetime | None = None) -> dict[str, Any]:
    """The stored form of a feedback: its fields plus time (UTC, ISO 8601) and an id."""
    when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    data = feedback.model_dump()
    record: dict[str, Any] = {"id": stable_id("feedback", when, data["question"], data["verdict"])}
    record["time"] = when
    record.update(data)
    return record


class FeedbackStore:
    """Append-only JSON-lines file; one line per feedback, appended under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        """Append one record as a single line (the file and its folder are created on demand)."""
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """The stored records in file order; malformed lines are logged and skipped."""
    records: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                logger.warning("%s:%d: not JSON, skipped", path, number)
                continue
            if not isinstance(record, dict) or "question" not in record:
                logger.warning("%s:%d: not a feedback record, skipped", path, number)
                continue
            records.append(record)
    return records


def to_gold_line(record: dict[str, Any]) -> dict[str, Any]:
    """A candidate gold item from one feedback, for a person to check.

    "resolveu" on an answer with an exact (unmasked) value -> that value is expected, exactly;
    "resolveu" on a not-found answer -> an abstention item; anything else -> ``review: true``
    with an empty ``expect`` (the reviewer writes it), the agent's comment carried over.
    """
    question = str(record.get("question", ""))
    provider = record.get("provider")
    verdict = record.get("verdict")
    status = record.get("status")
    value = record.get("value") or None
    expect: list[str] = []
    exact = False
    abstain = False
    review = True
    if verdict == "resolveu":
        if status == "not_found":
            abstain, review = True, False
        elif value and MASK not in value:
            # A masked password is not a value to expect: the reviewer looks it up in the sheet.
            expect, exact, review = [str(value)], True, False
    line: dict[str, Any] = {
        "id": "fb-" + stable_id(str(provider), fold(clean(question))),
        "q": question,
        "expect": expect,
        "exact": exact,
        "forbid": [],
        "abstain": abstain,
        "provider": provider,
        "category": "feedback",
        "review": review,
        "verdict": verdict,
        "answer_given": record.get("answer"),
        "value_given": value,
        "status_given": status,
        "index_version": record.get("index_version"),
        "feedback_time": record.get("time"),
    }
    if record.get("comment"):
        line["comment"] = record["comment"]
    if record.get("reasons"):
        line["reasons"] = list(record["reasons"])
    return line


def to_gold_lines(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One candidate gold line per distinct (provider, folded question); the latest verdict wins.

    When agents disagree on the same question the line is marked for review and notes the count
    of each verdict.
    """
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for record in records:
        key = (str(record.get("provider")), fold(clean(str(record.get("question", "")))))
        if not key[1]:
            continue
        latest[key] = record
        tally = counts.setdefault(key, {})
        verdict = str(record.get("verdict"))
        tally[verdict] = tally.get(verdict, 0) + 1
    lines = []
    for key, record in latest.items():
        line = to_gold_line(record)
        if len(counts[key]) > 1:
            line["review"] = True
            line["verdicts"] = dict(sorted(counts[key].items()))
        lines.append(line)
    return lines
