"""Shared fixtures: the shipped sheet, the second test sheet, a fake deterministic embedder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.factories import LASERNET, ROOT, VELOCINET, HashEmbedder

# Tests never write the project's own audit log or feedback file (var/ is the user's).
_SCRATCH = Path(tempfile.mkdtemp(prefix="sheetqa-tests-"))
os.environ.setdefault("RAG_AUDIT_PATH", str(_SCRATCH / "audit.jsonl"))
os.environ.setdefault("RAG_FEEDBACK_PATH", str(_SCRATCH / "feedback.jsonl"))


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def lasernet_path() -> Path:
    return LASERNET


@pytest.fixture(scope="session")
def velocinet_path() -> Path:
    return VELOCINET


def _sheet_passwords() -> set[str]:
    """Every credential value of the sheets the tests use (the secrets no log may hold)."""
    from ingest.facts import extract_facts
    from ingest.parsing import parse_sheet
    from ingest.reading.sources import read_sheet

    found: set[str] = set()
    for path in [LASERNET, *sorted((ROOT / "tests" / "data").glob("*.*"))]:
        try:
            parsed = parse_sheet(read_sheet(path).text, path.stem)
        except Exception:  # a deliberately bad data file is not a sheet with secrets
            continue
        facts = extract_facts(list(parsed.units), parsed.line_map)
        found |= {f.value for f in facts if f.kind == "credential" and len(f.value) >= 3}
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole suite: no audit log that the tests wrote holds a password."""
    roots = [_SCRATCH]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    logs = [
        p for root in roots for p in root.rglob("*.jsonl*") if p.is_file() and "audit" in p.name
    ]
    secrets = _sheet_passwords()
    leaks = [
        f"{log}: {secret[:2]}…"
        for log in logs
        for secret in secrets
        if secret in log.read_text(encoding="utf-8", errors="replace")
    ]
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"SECRET IN A LOG after the suite ({len(logs)} logs read):")
            for leak in leaks:
                reporter.write_line(f"  {leak}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
