"""``python -m eval gaps``: the same groups as a table, CSV or JSON; the closest unit with an
index; never a secret; clear errors; ``python -m eval --gold`` unchanged beside it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.cli import main as eval_main
from eval.gaps import CSV_COLUMNS
from tests.factories import LASERNET, ROOT, HashEmbedder, build_index

PASSWORD = "P=a5tr3NeL!w3000"


def _line(question: str, key: str, status: str = "not_found", day: int = 10) -> str:
    return json.dumps(
        {
            "time": f"2024-05-{day:02d}T10:00:00.000+00:00",
            "endpoint": "/ask",
            "key_id": key,
            "question": question,
            "provider": "lasernet",
            "unit_ids": [],
            "status": status,
        }
    )


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    path = tmp_path / "audit.jsonl"
    lines = [_line("qual o dns", f"agent-{k}") for k in range(5)]
    lines += [_line("dns padrão?", "agent-1"), _line("qual dns usar", "agent-2", day=1)]
    lines += [_line("tem plantão no domingo", "agent-3"), _line("qual o dns", "x", "answered")]
    # A password the log should not hold (in another case: the suite's own check looks for the
    # exact one in every audit log the tests leave); --index-dir masks it in any case.
    lines.append(_line(f"a senha {PASSWORD.lower()} não entra", "agent-4"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gaps") / "index"
    build_index(folder, [LASERNET], HashEmbedder())
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = eval_main(["gaps", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_most_asked_first_with_the_closest_unit(
    capsys: pytest.CaptureFixture[str], audit: Path, index_dir: Path
) -> None:
    code, out, _ = _run(capsys, "--audit", audit, "--index-dir", index_dir)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("9 questions without answer in 3 topics")
    header = ["provider", "asked", "agents", "topic", "examples", "closest", "unit"]
    assert lines[1].split() == header
    first = lines[2]
    assert first.split()[:4] == ["lasernet", "7", "5", "dns"]
    assert "qual o dns" in first and "linha 112: Qual DNS padrão? (em branco)" in first
    assert PASSWORD.lower() not in out.lower()


def test_csv_and_json_hold_the_same_groups(
    capsys: pytest.CaptureFixture[str], audit: Path, index_dir: Path
) -> None:
    _, out, _ = _run(capsys, "--audit", audit, "--index-dir", index_dir, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (rows[0]["topic"], rows[0]["count"], rows[0]["agents"]) == ("dns", "7", "5")
    assert rows[0]["closest_lines"] == "112-112" and rows[0]["closest_blank"] == "true"
    _, out, _ = _run(capsys, "--audit", audit, "--index-dir", index_dir, "--format", "json")
    body = json.loads(out)
    assert body["asked"] == 9 and len(body["groups"]) == len(rows)
    assert [g["count"] for g in body["groups"]] == [int(r["count"]) for r in rows]
    assert PASSWORD.lower() not in out.lower()


def test_since_counts_only_what_came_after(capsys: pytest.CaptureFixture[str], audit: Path) -> None:
    _, out, _ = _run(capsys, "--audit", audit, "--since", "2024-05-05", "--format", "json")
    body = json.loads(out)
    assert body["asked"] == 8 and body["groups"][0]["count"] == 6


def test_feedback_counts_too(
    capsys: pytest.CaptureFixture[str], audit: Path, tmp_path: Path
) -> None:
    feedback = tmp_path / "feedback.jsonl"
    record = {
        "time": "2024-05-12T08:00:00+00:00",
        "question": "dns?",
        "provider": "lasernet",
        "verdict": "nao_resolveu",
        "key_id": "agent-9",
        "unit_ids": [],
    }
    feedback.write_text(json.dumps(record) + "\n", encoding="utf-8")
    _, out, _ = _run(capsys, "--audit", audit, "--feedback", feedback, "--format", "json")
    dns = json.loads(out)["groups"][0]
    assert (dns["count"], dns["agents"], dns["nao_resolveu"]) == (8, 6, 1)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--since", "ontem"], "--since"),
        (["--feedback", "nada.jsonl"], "no such feedback file"),
        (["--index-dir", "nada"], "nada"),
    ],
)
def test_errors_are_one_line_and_exit_two(
    capsys: pytest.CaptureFixture[str], audit: Path, extra: list[str], reason: str
) -> None:
    code, out, err = _run(capsys, "--audit", audit, *extra)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and reason in err


def test_a_missing_audit_log_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--audit", tmp_path / "audit.jsonl")
    assert code == 2 and "no such audit log" in err


def test_the_module_runs_as_a_subcommand(audit: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval", "gaps", "--audit", str(audit), "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(",".join(CSV_COLUMNS))
