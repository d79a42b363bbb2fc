"""``python -m eval``: ask the gold questions, print the metrics, write a report, gate on them.

``python -m eval gaps ...`` is the report of what the sheets did not answer (``eval.gaps``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.calibration import calibrate, format_calibration
from eval.runner import (
    EngineSet,
    GoldError,
    HttpAsker,
    engine_asker,
    load_gold,
    parse_option,
    run_items,
)
from eval.scoring import GoldItem, ItemResult, check_thresholds, compute_metrics
from ingest.settings import PROJECT_ROOT, IngestSettings
from rag_service.answering import MODES

if TYPE_CHECKING:
    from ingest.index import Embedder

logger = logging.getLogger(__name__)

DEFAULT_GOLD = PROJECT_ROOT / "eval" / "gold.jsonl"
SUMMARY_ROWS = (
    ("answer accuracy", "answer_accuracy"),
    ("exact-fact accuracy", "exact_fact_accuracy"),
    ("abstention precision", "abstention_precision"),
    ("abstention recall", "abstention_recall"),
    ("hit@1", "retrieval.hit@1"),
    ("hit@3", "retrieval.hit@3"),
    ("hit@5", "retrieval.hit@5"),
    ("MRR", "retrieval.mrr"),
    ("latency p50 ms", "latency_ms.p50"),
    ("latency p95 ms", "latency_ms.p95"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Score the service on a gold set of agent questions. "
        "(python -m eval gaps --help: what agents asked that the sheets did not answer.)",
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL file")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="base URL of a running service (POST {url}/ask)")
    target.add_argument("--index-dir", type=Path, help="index folder, answered in-process")
    parser.add_argument("--mode", choices=MODES, default="full", help="engine mode (in-process)")
    parser.add_argument("--compare", action="store_true", help="run every mode side by side")
    parser.add_argument("--report", type=Path, help="write every metric and failure as JSON")
    parser.add_argument("--check", type=Path, help="thresholds JSON: exit 1 when below them")
    parser.add_argument(
        "--calibrate", action="store_true", help="confidence buckets and best threshold"
    )
    parser.add_argument(
        "--engine-opt",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Engine keyword option, e.g. fusion=weighted or lexical_weight=0.6 (repeatable)",
    )
    parser.add_argument("--failures", type=int, default=25, help="failures printed per mode")
    return parser


def main(argv: list[str] | None = None, embedder: Embedder | None = None) -> int:
    """Run the evaluation; ``embedder`` replaces the index's model (tests inject a fake one).

    A first argument ``gaps`` runs ``python -m eval gaps`` instead (``eval.gaps``).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["gaps"]:
        from eval.gaps import main as gaps_main

        return gaps_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # bm25s logs every index build at DEBUG through its own handler: noise in a report.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    try:
        items = load_gold(args.gold, warn=lambda message: print(message, file=sys.stderr))
        options = dict(parse_option(o) for o in args.engine_opt)
        thresholds = _load_thresholds(args.check) if args.check else None
    except (GoldError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.url and (args.compare or args.engine_opt):
        print("error: --compare and --engine-opt need --index-dir, not --url", file=sys.stderr)
        return 2
    try:
        report = _run(args, items, options, embedder)
    except ConnectionError as exc:
        print(f"error: service unreachable: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from ingest.index import EmbedderLoadError, IndexLoadError

        if isinstance(exc, IndexLoadError | FileNotFoundError):
            print(f"error: cannot load the index: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, EmbedderLoadError):
            print(f"error: cannot load the embedding model: {exc}", file=sys.stderr)
            return 2
        raise
    _print_runs(report["runs"], args.failures)
    if report.get("calibration"):
        print()
        print(format_calibration(report["calibration"]))
    code = 0
    if thresholds is not None:
        gated = "full" if "full" in report["runs"] else next(iter(report["runs"]))
        problems = check_thresholds(report["runs"][gated], thresholds)
        report["check"] = {"mode": gated, "thresholds": thresholds, "problems": problems}
        print()
        if problems:
            print(f"CHECK FAILED ({gated}, {args.check}):")
            for problem in problems:
                print(f"  {problem}")
            code = 1
        else:
            print(f"check passed ({gated}, {args.check})")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"report written to {args.report}")
    return code


def _load_thresholds(path: Path) -> dict[str, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()
    ):
        raise ValueError(f"{path}: thresholds must be an object of metric name -> minimum")
    return {str(k): float(v) for k, v in data.items()}


def _run(
    args: argparse.Namespace,
    items: list[GoldItem],
    options: dict[str, Any],
    embedder: Embedder | None,
) -> dict[str, Any]:
    report: dict[str, Any] = {"gold": str(args.gold), "items": len(items), "runs": {}}
    if args.url:
        asker = HttpAsker(args.url)
        try:
            results = run_items(items, asker)
            report.update(target=args.url, index_version=_version_of(results))
            report["http"] = {"retries": asker.retries, "waited_s": round(asker.waited, 3)}
            report["runs"]["service"] = compute_metrics(results)
            if args.calibrate:
                report["calibration"] = calibrate(results, raw=False)
        finally:
            asker.close()
        return report
    index_dir = args.index_dir or IngestSettings().index_dir
    engines = EngineSet(index_dir, embedder=embedder, options=options)
    report.update(target=str(index_dir), index_version=engines.version, engine_options=options)
    for mode in MODES if args.compare else (args.mode,):
        results = run_items(items, engine_asker(engines.engine(mode)))
        report["runs"][mode] = compute_metrics(results)
    if args.calibrate:
        mode = "full" if args.compare else args.mode
        raw_results = run_items(items, engine_asker(engines.raw_engine(mode)))
        report["calibration"] = calibrate(raw_results, raw=True)
        report["calibration"]["mode"] = mode
    return report


def _version_of(results: Sequence[ItemResult]) -> str | None:
    versions = {r.response.get("index_version") for r in results} - {None}
    return ",".join(sorted(str(v) for v in versions)) or None


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def _lookup(metrics: dict[str, Any], key: str) -> Any:
    value: Any = metrics
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _print_runs(runs: dict[str, dict[str, Any]], max_failures: int) -> None:
    names = list(runs)
    first = runs[names[0]]
    print(
        f"{first['items']} items, {first['abstain_items']} to abstain on, "
        f"{first['exact_items']} exact"
    )
    width = max(10, *(len(n) + 2 for n in names))
    print(f"{'metric':<22}" + "".join(f"{n:>{width}}" for n in names))
    for label, key in SUMMARY_ROWS:
        print(f"{label:<22}" + "".join(f"{_fmt(_lookup(runs[n], key)):>{width}}" for n in names))
    categories = sorted({c for n in names for c in runs[n]["per_category"]})
    print(f"{'accuracy by category':<22}")
    for cat in categories:
        cells = []
        for n in names:
            entry = runs[n]["per_category"].get(cat)
            cells.append(f"{entry['correct']}/{entry['items']}" if entry else "-")
        print(f"  {cat:<20}" + "".join(f"{c:>{width}}" for c in cells))
    for n in names:
        failures = runs[n]["failures"]
        if not failures or max_failures <= 0:
            continue
        print(f"\nfailures in {n} ({len(failures)}):")
        for f in failures[:max_failures]:
            given = f["answer"] if f["answer"] is not None else f["status"]
            given = " ".join(str(given).split())[:110]
            print(f"  {f['id']}: {f['q']!r} -> {given!r} [{f['reason']}]")
        if len(failures) > max_failures:
            print(f"  ... {len(failures) - max_failures} more in the report")
