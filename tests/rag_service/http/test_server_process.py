"""The real service process: ``python -m rag_service`` on 127.0.0.1, with and without an index."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bench.processes import offline_env, service_process
from ingest.index import current_version
from rag_service.settings import NO_INDEX_DETAIL
from tests.factories import LASERNET, ROOT

pytestmark = pytest.mark.integration


@contextmanager
def serve(index_dir: Path, log: Path) -> Iterator[str]:
    """Run the service on a free port until the block ends; its base URL once /health answers."""
    with service_process(index_dir, log, wait_for="/health", timeout=180) as served:
        yield served[0]


def test_service_with_the_real_model_answers(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    built = subprocess.run(
        [sys.executable, "-m", "ingest", str(LASERNET), "--index-dir", str(index_dir), "--quiet"],
        cwd=ROOT,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    version = current_version(index_dir)
    assert version
    with serve(index_dir, tmp_path / "service.log") as base:
        ready = httpx.get(f"{base}/ready", timeout=5)
        assert ready.status_code == 200 and ready.json()["index_version"] == version
        response = httpx.post(
            f"{base}/ask", json={"question": "podemos fazer desbloqueio de confiança?"}, timeout=60
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["index_version"] == version and body["provider"] == "lasernet"
        assert body["status"] == "answered"
        assert "orientar a acessar a Central do Assinante" in body["answer"]
        out = httpx.post(f"{base}/ask", json={"question": "qual a capital da frança"}, timeout=60)
        assert out.json()["status"] == "not_found"


def test_service_without_index_starts_and_answers_503(tmp_path: Path) -> None:
    with serve(tmp_path / "no-index", tmp_path / "service.log") as base:
        ready = httpx.get(f"{base}/ready", timeout=5)
        assert ready.status_code == 503 and ready.json()["detail"] == NO_INDEX_DETAIL
        ask = httpx.post(f"{base}/ask", json={"question": "qual a porta"}, timeout=5)
        assert ask.status_code == 503 and ask.json()["detail"] == NO_INDEX_DETAIL
