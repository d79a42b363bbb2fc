"""Calibration of retrieval confidence: accuracy per bucket and the best abstention threshold.

Pure functions over judged results. Rule answers are left as they are: the threshold only
decides whether a retrieval answer is shown or replaced by not_found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from eval.scoring import ItemResult, abstention_scores, judge_content

DEFAULT_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class Bucket:
    """Retrieval answers whose confidence is in [low, high) (the last bucket includes 1.0)."""

    low: float
    high: float
    items: int
    correct: int
    accuracy: float | None


@dataclass(frozen=True)
class ThresholdChoice:
    """The threshold that maximises answer accuracy, with what it gives and how it was found."""

    threshold: float
    answer_accuracy: float
    abstention_precision: float | None
    abstention_recall: float | None
    how: str


def is_retrieval(result: ItemResult) -> bool:
    """Whether the threshold applies: the response did not come from a rule."""
    return result.response.get("source") != "rule" and result.response.get("status") in {
        "answered",
        "not_found",
    }


def confidence_of(result: ItemResult) -> float:
    value = result.response.get("confidence")
    return float(value) if isinstance(value, int | float) else 0.0


def content_correct(result: ItemResult) -> bool:
    """Right if shown: an answerable item whose answer has every expect and no forbid string."""
    return not result.item.abstain and judge_content(result.item, result.response).correct


def confidence_buckets(
    results: Sequence[ItemResult], edges: Sequence[float] = DEFAULT_EDGES
) -> list[Bucket]:
    """Accuracy of the answered retrieval responses by confidence bucket."""
    if len(edges) < 2 or any(a >= b for a, b in pairwise(edges)):
        raise ValueError(f"bucket edges must be increasing, got {list(edges)!r}")
    answered = [r for r in results if is_retrieval(r) and r.response.get("status") == "answered"]
    buckets = []
    for i, (low, high) in enumerate(pairwise(edges)):
        last = i == len(edges) - 2
        inside = [
            r
            for r in answered
            if low <= confidence_of(r) < high or (last and confidence_of(r) == high)
        ]
        correct = sum(content_correct(r) for r in inside)
        accuracy = correct / len(inside) if inside else None
        buckets.append(Bucket(low, high, len(inside), correct, accuracy))
    return buckets


def simulate(results: Sequence[ItemResult], threshold: float) -> dict[str, float | None]:
    """Accuracy and abstention scores if retrieval answers under ``threshold`` were not_found."""
    predicted: list[bool] = []
    correct = 0
    for r in results:
        if is_retrieval(r):
            abstains = r.response.get("status") != "answered" or confidence_of(r) < threshold
            ok = r.item.abstain if abstains else content_correct(r)
        else:
            abstains = r.response.get("status") == "not_found"
            ok = r.verdict.correct
        predicted.append(abstains)
        correct += int(ok)
    scores = abstention_scores(predicted, [r.item.abstain for r in results])
    return {"answer_accuracy": correct / len(results) if results else None, **scores}


def choose_threshold(
    results: Sequence[ItemResult], candidates: Sequence[float] | None = None
) -> ThresholdChoice:
    """The threshold with the best accuracy; ties go to higher abstention precision, then to
    the middle of the tied thresholds (away from the edge where one more item flips)."""
    if not results:
        raise ValueError("no results to calibrate on")
    grid = sorted(set(candidates if candidates is not None else _default_grid(results)))
    scored = [(t, simulate(results, t)) for t in grid]

    def key(entry: tuple[float, dict[str, float | None]]) -> tuple[float, float]:
        s = entry[1]
        return (s["answer_accuracy"] or 0.0, s["abstention_precision"] or 0.0)

    best_key = max(key(e) for e in scored)
    tied = [e for e in scored if key(e) == best_key]
    threshold, best = tied[len(tied) // 2]
    how = (
        f"scanned {len(grid)} thresholds in [{grid[0]:.2f}, {grid[-1]:.2f}]; "
        f"{len(tied)} tie at accuracy {best_key[0]:.4f} and abstention precision "
        f"{best_key[1]:.4f} (thresholds {tied[0][0]:.2f}..{tied[-1][0]:.2f}); "
        "took the middle one"
    )
    return ThresholdChoice(
        threshold=threshold,
        answer_accuracy=best["answer_accuracy"] or 0.0,
        abstention_precision=best["abstention_precision"],
        abstention_recall=best["abstention_recall"],
        how=how,
    )


def _default_grid(results: Sequence[ItemResult]) -> list[float]:
    grid = [i / 100 for i in range(101)]
    grid += [confidence_of(r) for r in results if is_retrieval(r)]
    return [round(t, 4) for t in grid]


def calibrate(results: Sequence[ItemResult], raw: bool) -> dict[str, Any]:
    """The calibration report: buckets, the chosen threshold and what the results were."""
    choice = choose_threshold(results)
    return {
        "raw": raw,
        "source": (
            "engine asked with min_confidence=0.0 (answers before abstention)"
            if raw
            else "confidence of returned answers (the service's own abstention already applied)"
        ),
        "retrieval_items": sum(is_retrieval(r) for r in results),
        "buckets": [asdict(b) for b in confidence_buckets(results)],
        "choice": asdict(choice),
    }


def format_calibration(report: dict[str, Any]) -> str:
    """The calibration report as console lines."""
    lines = [f"calibration ({report['source']}; {report['retrieval_items']} retrieval items)"]
    for b in report["buckets"]:
        acc = "-" if b["accuracy"] is None else f"{b['accuracy']:.3f}"
        lines.append(f"  {b['low']:.1f}-{b['high']:.1f}: {b['items']:4d} answers  accuracy {acc}")
    c = report["choice"]
    prec = "-" if c["abstention_precision"] is None else f"{c['abstention_precision']:.3f}"
    rec = "-" if c["abstention_recall"] is None else f"{c['abstention_recall']:.3f}"
    lines.append(
        f"  best min_confidence = {c['threshold']:.2f}: accuracy {c['answer_accuracy']:.3f}, "
        f"abstention precision {prec}, recall {rec}"
    )
    lines.append(f"  how: {c['how']}")
    return "\n".join(lines)
