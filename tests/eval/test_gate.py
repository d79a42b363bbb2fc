"""The --check gate: a pure function on a metrics dict, the thresholds kept in the repo, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.scoring import check_thresholds, gate
from tests.factories import LASERNET, ROOT, VELOCINET, HashEmbedder

THRESHOLDS = ROOT / "eval" / "thresholds.json"
# The bar the evaluation started at; the repo may raise it, never lower it.
STARTING_BAR = {
    "answer_accuracy": 0.95,
    "exact_fact_accuracy": 1.0,
    "abstention_recall": 0.90,
    "abstention_precision": 0.95,
}


def metrics(**values: float | None) -> dict:
    base: dict = {
        "answer_accuracy": 0.97,
        "exact_fact_accuracy": 1.0,
        "abstention_recall": 0.93,
        "abstention_precision": 1.0,
        "retrieval": {"hit@3": 0.9},
    }
    base.update(values)
    return base


def test_gate_passes_above_the_thresholds() -> None:
    assert check_thresholds(metrics(), STARTING_BAR) == []
    assert gate(metrics(), STARTING_BAR) == 0


def test_gate_fails_below_a_threshold_and_names_it() -> None:
    problems = check_thresholds(metrics(exact_fact_accuracy=0.96), STARTING_BAR)
    assert len(problems) == 1
    assert problems[0].startswith("exact_fact_accuracy: 0.9600 < 1.0")
    assert gate(metrics(answer_accuracy=0.5), STARTING_BAR) == 1


def test_gate_fails_on_a_metric_not_measured() -> None:
    assert gate(metrics(abstention_recall=None), STARTING_BAR) == 1
    assert gate(metrics(), {"retrieval.hit@3": 0.8}) == 0
    assert gate(metrics(), {"retrieval.hit@5": 0.8}) == 1


def test_repo_thresholds_are_not_below_the_starting_bar() -> None:
    kept = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    for key, minimum in STARTING_BAR.items():
        assert kept[key] >= minimum, key


def test_cli_runs_modes_and_gates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end without the real model: lexical mode never loads an embedder."""
    from eval.cli import main as eval_main
    from ingest.cli import main as ingest_main

    index_dir = tmp_path / "index"
    args = [str(LASERNET), "--index-dir", str(index_dir), "--quiet"]
    assert ingest_main(args, embedder=HashEmbedder()) == 0
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "a", "q": "qual o dns padrao", "expect": [], "exact": False, "forbid": [],
         "abstain": True, "provider": "lasernet", "category": "abstain_unanswered"},
        {"id": "b", "q": "link do site speedtest", "expect": ["https://www.speedtest.net/pt"],
         "exact": True, "forbid": [], "abstain": False, "provider": "lasernet",
         "category": "support"},
    ]  # fmt: skip
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    low, high = tmp_path / "low.json", tmp_path / "high.json"
    low.write_text(json.dumps({"answer_accuracy": 0.0}), encoding="utf-8")
    high.write_text(json.dumps({"answer_accuracy": 1.01}), encoding="utf-8")
    report = tmp_path / "report.json"
    base = ["--gold", str(gold), "--index-dir", str(index_dir), "--mode", "lexical"]

    assert eval_main([*base, "--check", str(low), "--report", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    run = data["runs"]["lexical"]
    assert run["items"] == 2
    assert run["retrieval"]["items"] == 1
    assert data["check"]["problems"] == []
    assert eval_main([*base, "--check", str(high)]) == 1
    assert "CHECK FAILED" in capsys.readouterr().out

    compare = [*base, "--compare", "--calibrate", "--report", str(report)]
    assert eval_main(compare, embedder=HashEmbedder()) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert list(data["runs"]) == ["lexical", "dense", "hybrid", "full"]
    assert data["calibration"]["mode"] == "full"
    assert len(data["calibration"]["buckets"]) == 5


def test_cli_rejects_a_bad_gold_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.cli import main as eval_main

    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "a"}\n', encoding="utf-8")
    assert eval_main(["--gold", str(gold), "--index-dir", str(tmp_path)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


@pytest.mark.integration
@pytest.mark.parametrize(
    ("sheet", "gold_name"), [(LASERNET, "gold.jsonl"), (VELOCINET, "gold_velocinet.jsonl")]
)
def test_full_mode_meets_the_thresholds(tmp_path: Path, sheet: Path, gold_name: str) -> None:
    """The real model on each sheet: full mode must pass the repo's gate on its gold set."""
    from eval.cli import main as eval_main
    from ingest.cli import main as ingest_main

    index_dir = tmp_path / "index"
    assert ingest_main([str(sheet), "--index-dir", str(index_dir), "--quiet"]) == 0
    gold = ROOT / "eval" / gold_name
    report = tmp_path / "report.json"
    args = ["--gold", str(gold), "--index-dir", str(index_dir), "--report", str(report)]
    code = eval_main([*args, "--check", str(THRESHOLDS)])
    problems = json.loads(report.read_text(encoding="utf-8"))["check"]["problems"]
    assert code == 0, problems
