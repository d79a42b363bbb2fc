"""Scoring of /ask responses against gold items: matching, per-item verdicts and metrics.

Pure functions over plain data: a gold item, a response dict in the /ask shape, numbers out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.analysis import fold

# A gold line: ``id`` and ``q`` required, with ``expect`` or ``abstain: true``; the rest optional.
REQUIRED_KEYS = ("id", "q")
OPTIONAL_KEYS: dict[str, Any] = {
    "expect": [],
    "abstain": False,
    "exact": False,
    "forbid": [],
    "provider": None,
    "category": "general",
    "note": "",  # why the item expects what it does; read by people, never scored
}
GOLD_KEYS = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
HIT_AT = (1, 3, 5)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class GoldItem:
    """One evaluation question with what its answer must and must not contain."""

    id: str
    q: str
    expect: tuple[str, ...]
    exact: bool
    forbid: tuple[str, ...]
    abstain: bool
    provider: str | None
    category: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldItem:
        """Validate one gold line, optional keys filled with their defaults.

        Errors name the item and the bad value; keys this code does not know are left to the
        caller (``unknown_keys``), which warns about them.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"a gold line must be a JSON object, got {type(data).__name__}")
        ident = data.get("id", "<no id>")
        missing = [k for k in REQUIRED_KEYS if k not in data]
        if missing:
            raise ValueError(
                f"gold item {ident!r}: missing required key{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}"
            )
        if "expect" not in data and data.get("abstain") is not True:
            raise ValueError(f"gold item {ident!r}: needs expect or abstain: true")
        full = {**OPTIONAL_KEYS, **{k: v for k, v in data.items() if k in GOLD_KEYS}}
        _require(ident, "id", full["id"], str, non_empty=True)
        _require(ident, "q", full["q"], str, non_empty=True)
        _require(ident, "category", full["category"], str, non_empty=True)
        _require(ident, "exact", full["exact"], bool)
        _require(ident, "abstain", full["abstain"], bool)
        if full["provider"] is not None:
            _require(ident, "provider", full["provider"], str, non_empty=True)
        lists = {key: _strings(ident, key, full[key]) for key in ("expect", "forbid")}
        if full["abstain"] and lists["expect"]:
            raise ValueError(f"gold item {ident!r}: abstain item with expect {full['expect']!r}")
        if not full["abstain"] and not lists["expect"]:
            raise ValueError(f"gold item {ident!r}: answerable item without expect")
        return cls(
            id=full["id"],
            q=full["q"],
            expect=lists["expect"],
            exact=full["exact"],
            forbid=lists["forbid"],
            abstain=full["abstain"],
            provider=full["provider"],
            category=full["category"],
        )


def unknown_keys(data: Mapping[str, Any]) -> list[str]:
    """The keys of a gold line that this code does not read (a typo, or a newer format)."""
    return sorted(str(k) for k in set(data) - set(GOLD_KEYS))


def _strings(ident: object, key: str, value: object) -> tuple[str, ...]:
    """A list of non-empty strings; one string alone is a list of one ("expect": "x")."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"gold item {ident!r}: {key} must be a list of non-empty strings")
    return tuple(value)


def _require(ident: object, key: str, value: object, kind: type, non_empty: bool = False) -> None:
    if not isinstance(value, kind) or (non_empty and not str(value).strip()):
        raise ValueError(f"gold item {ident!r}: {key} must be a {kind.__name__}, got {value!r}")


def normalize(text: str) -> str:
    """Lower case, no accents, white space collapsed: the non-exact comparison form."""
    return _SPACES.sub(" ", fold(text)).strip()


def contains(haystack: str, needle: str, exact: bool) -> bool:
    """Whether needle is in haystack: character for character, or after normalize()."""
    if exact:
        return needle in haystack
    return normalize(needle) in normalize(haystack)


def answer_text(response: Mapping[str, Any]) -> str:
    """The text an agent reads: the answer plus the single value to copy, when there is one."""
    parts = [response.get("answer") or "", response.get("value") or ""]
    return "\n".join(p for p in parts if p)


def passage_text(passage: Mapping[str, Any]) -> str:
    """A passage as the scorer searches it: section, question and text."""
    parts = [passage.get("section") or "", passage.get("question") or "", passage.get("text") or ""]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Verdict:
    """Whether a response is right for an item, and why not."""

    correct: bool
    reason: str


def judge(item: GoldItem, response: Mapping[str, Any]) -> Verdict:
    """Abstain items need not_found; others need answered, every expect and no forbid string."""
    status = response.get("status")
    if item.abstain:
        if status == "not_found":
            return Verdict(True, "abstained")
        return Verdict(False, "answered an item the sheet does not answer")
    if status != "answered":
        return Verdict(False, f"status {status!r}, expected answered")
    return judge_content(item, response)


def judge_content(item: GoldItem, response: Mapping[str, Any]) -> Verdict:
    """The answer text alone: every expect string present, no forbid string present."""
    text = answer_text(response)
    missing = [e for e in item.expect if not contains(text, e, item.exact)]
    if missing:
        return Verdict(False, f"missing {missing!r}")
    present = [f for f in item.forbid if contains(text, f, item.exact)]
    if present:
        return Verdict(False, f"contains forbidden {present!r}")
    return Verdict(True, "ok")


def answer_rank(item: GoldItem, passages: Sequence[Mapping[str, Any]]) -> int | None:
    """1-based rank of the first passage that holds every expect string, None if none does."""
    if not item.expect:
        return None
    for rank, passage in enumerate(passages, start=1):
        text = passage_text(passage)
        if all(contains(text, e, item.exact) for e in item.expect):
            return rank
    return None


@dataclass(frozen=True)
class ItemResult:
    """One gold item asked once: the response, how long it took and the verdict."""

    item: GoldItem
    response: Mapping[str, Any]
    latency_ms: float
    verdict: Verdict = field(default=Verdict(False, "not judged"))
    rank: int | None = None

    @classmethod
    def judged(cls, item: GoldItem, response: Mapping[str, Any], latency_ms: float) -> ItemResult:
        return cls(
            item=item,
            response=response,
            latency_ms=latency_ms,
            verdict=judge(item, response),
            rank=answer_rank(item, response.get("passages") or []),
        )


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in [0, 100]); None for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be in [0, 100], got {q!r}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _ratio(num: int, den: int, empty: float | None) -> float | None:
    return num / den if den else empty


def abstention_scores(predicted: Sequence[bool], truth: Sequence[bool]) -> dict[str, float | None]:
    """Precision and recall of abstaining (positive = said not_found).

    With nothing predicted, precision is 1.0 (no wrong abstention); with nothing to abstain on,
    recall is 1.0 (nothing missed).
    """
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    return {
        "abstention_precision": _ratio(tp, sum(predicted), 1.0),
        "abstention_recall": _ratio(tp, sum(truth), 1.0),
    }


def retrieval_scores(results: Iterable[ItemResult]) -> dict[str, Any]:
    """hit@k and MRR of the passage holding the answer, over answerable items with expect."""
    ranks = [r.rank for r in results if r.item.expect and not r.item.abstain]
    out: dict[str, Any] = {"items": len(ranks)}
    for k in HIT_AT:
        out[f"hit@{k}"] = _ratio(
            sum(1 for x in ranks if x is not None and x <= k), len(ranks), None
        )
    out["mrr"] = sum(1 / x for x in ranks if x) / len(ranks) if ranks else None
    return out


def failure_record(result: ItemResult) -> dict[str, Any]:
    """What a failure report shows: the question, what was expected and what was given."""
    item, response = result.item, result.response
    return {
        "id": item.id,
        "q": item.q,
        "category": item.category,
        "expect": list(item.expect),
        "forbid": list(item.forbid),
        "abstain": item.abstain,
        "reason": result.verdict.reason,
        "status": response.get("status"),
        "source": response.get("source"),
        "rule": response.get("rule"),
        "answer": response.get("answer"),
        "value": response.get("value"),
        "confidence": response.get("confidence"),
        "rank": result.rank,
    }


def compute_metrics(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Every metric of one run: accuracies, abstention, retrieval, per category, latency."""
    n = len(results)
    correct = sum(r.verdict.correct for r in results)
    exact = [r for r in results if r.item.exact]
    predicted = [r.response.get("status") == "not_found" for r in results]
    truth = [r.item.abstain for r in results]
    per_category: dict[str, dict[str, Any]] = {}
    for r in results:
        cat = per_category.setdefault(r.item.category, {"items": 0, "correct": 0})
        cat["items"] += 1
        cat["correct"] += int(r.verdict.correct)
    for cat in per_category.values():
        cat["accuracy"] = cat["correct"] / cat["items"]
    sources: dict[str, int] = {}
    for r in results:
        key = str(r.response.get("source"))
        sources[key] = sources.get(key, 0) + 1
    latencies = [r.latency_ms for r in results]
    return {
        "items": n,
        "correct": correct,
        "answer_accuracy": _ratio(correct, n, None),
        "exact_items": len(exact),
        "exact_fact_accuracy": _ratio(sum(r.verdict.correct for r in exact), len(exact), None),
        "abstain_items": sum(truth),
        "predicted_abstain": sum(predicted),
        **abstention_scores(predicted, truth),
        "retrieval": retrieval_scores(results),
        "per_category": dict(sorted(per_category.items())),
        "by_source": dict(sorted(sources.items())),
        "latency_ms": {
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "max": max(latencies) if latencies else None,
        },
        "failures": [failure_record(r) for r in results if not r.verdict.correct],
    }


def metric_value(metrics: Mapping[str, Any], key: str) -> Any:
    """A metric by name; dotted names reach nested ones ("retrieval.hit@3")."""
    value: Any = metrics
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def check_thresholds(metrics: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[str]:
    """The thresholds a run falls below, as messages; empty when the run passes.

    A metric that is missing or undefined fails: a gate must not pass on nothing measured.
    """
    problems = []
    for key, minimum in sorted(thresholds.items()):
        value = metric_value(metrics, key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            problems.append(f"{key}: not measured (minimum {minimum})")
        elif value < minimum:
            problems.append(f"{key}: {value:.4f} < {minimum}")
    return problems


def gate(metrics: Mapping[str, Any], thresholds: Mapping[str, float]) -> int:
    """Exit code of --check: 0 when every threshold is met, 1 otherwise."""
    return 1 if check_thresholds(metrics, thresholds) else 0
