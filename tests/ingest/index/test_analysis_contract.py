"""The text analysis that made a version's tokens is recorded in its manifest and checked.

Change the analysis (here: one more chat abbreviation) and re-ingest: the rerun is a change,
not "unchanged", and the new version's tokens follow the new analysis. Go back to the old
analysis: the loader refuses that version, and a running store keeps the one it serves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import analysis
from ingest.cli import main as ingest_main
from ingest.index import (
    IndexLoadError,
    current_version,
    load_version,
    partition_folder,
    read_manifest,
)
from rag_service.answering import EngineStore, RankingOptions, engine_builder
from tests.factories import LASERNET, HashEmbedder


def _ingest(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = ingest_main([str(LASERNET), "--index-dir", str(index_dir)], embedder=HashEmbedder())
    assert code == 0
    return capsys.readouterr().out


def test_a_changed_analysis_is_a_change_and_a_stale_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    _ingest(index_dir, capsys)
    first = current_version(index_dir)
    assert first is not None
    assert read_manifest(index_dir)["analysis"] == analysis.analysis_fingerprint()
    assert _ingest(index_dir, capsys).startswith("unchanged:"), "same sheet, same analysis"
    store = EngineStore(index_dir, engine_builder("lexical", RankingOptions()))
    assert store.refresh() and store.engine is not None and store.engine.version == first

    # A new abbreviation: "upcl" read as "upcall" by the new analysis.
    monkeypatch.setitem(analysis.ABBREVIATIONS, "upcl", "upcall")
    out = _ingest(index_dir, capsys)
    assert out.startswith("published"), out
    second = current_version(index_dir)
    assert second != first
    assert read_manifest(index_dir)["analysis"] == analysis.analysis_fingerprint()
    assert load_version(index_dir).version == second, "the running analysis loads it"

    # The old analysis again: the version made by the new one does not match the questions.
    monkeypatch.undo()
    with pytest.raises(IndexLoadError, match="text analysis"):
        load_version(index_dir)
    digest = read_manifest(index_dir)["partitions"][0]["digest"]
    tokens = json.loads((partition_folder(index_dir, digest) / "lexical.json").read_text())
    assert tokens, "the refused version is intact on disk"
    assert not store.refresh(), "the store refuses it"
    assert store.engine.version == first and "text analysis" in (store.last_error or "")
