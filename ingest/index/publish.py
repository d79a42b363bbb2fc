"""Publishing a version: written complete to a temporary folder, renamed, then made current.

The layout of the index folder is in ``ingest.index.layout``.

Test hook: with ``RAG_TEST_PAUSE_AT=<step>`` (steps in ``PAUSE_STEPS``) a publish writes
"paused at <step>" to stderr and sleeps, so that a test can kill the process right there.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ingest.analysis import analysis_fingerprint, analyze
from ingest.facts.registry import KIND_NAMES
from ingest.index.findings import write_findings
from ingest.index.layout import (
    CURRENT,
    DATA_FILES,
    MANIFEST,
    VERSIONS,
    clean_leftovers,
    current_version,
    fsync_dir,
    new_version_name,
    prune_versions,
    publish_lock,
    sha256_file,
    write_file,
)
from ingest.index.load import load_version
from ingest.records import SCHEMA_VERSION, Fact, Finding, Unit, dumps_jsonl

logger = logging.getLogger(__name__)

PAUSE_STEPS = ("after_files", "after_rename", "after_current_tmp")


class SourceInfo(NamedTuple):
    """A sheet that went into a version."""

    path: str
    provider: str
    sha256: str
    format: str
    bytes: int


class ProviderInfo(NamedTuple):
    """A provider of a version: id, display name (the sheet's title) and its source path."""

    id: str
    name: str
    source: str


def _pause_hook(step: str) -> None:
    """Test hook: stop at a publish step so that a test can kill the process there."""
    if os.environ.get("RAG_TEST_PAUSE_AT") == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("RAG_TEST_PAUSE_SECONDS", "60")))


def _write_faiss(path: Path, vectors: np.ndarray) -> None:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(path))
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _counts(units: Sequence[Unit], facts: Sequence[Fact]) -> dict[str, Any]:
    per_provider: dict[str, dict[str, int]] = {}
    for unit in units:
        per_provider.setdefault(unit.provider, {"units": 0, "facts": 0})["units"] += 1
    for fact in facts:
        per_provider.setdefault(fact.provider, {"units": 0, "facts": 0})["facts"] += 1
    return {
        "units": len(units),
        "facts": len(facts),
        "providers": len(per_provider),
        "per_provider": per_provider,
    }


def publish_version(
    index_dir: Path,
    units: Sequence[Unit],
    facts: Sequence[Fact],
    vectors: np.ndarray,
    *,
    model_name: str,
    dim: int,
    sources: Sequence[SourceInfo],
    providers: Sequence[ProviderInfo],
    keep: int = 3,
    findings: Sequence[Finding] = (),
) -> str:
    """Write a new complete version, make it current atomically, prune old ones; its name.

    ``findings`` (``ingest.lint``) are kept with the version (``ingest.index.findings``).
    """
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape != (len(units), dim):
        raise ValueError(f"vectors of shape {vectors.shape} for {len(units)} units of dim {dim}")
    index_dir.mkdir(parents=True, exist_ok=True)
    with publish_lock(index_dir):
        clean_leftovers(index_dir)
        previous = current_version(index_dir)
        version = new_version_name()
        tmp = index_dir / f".tmp-{version}"
        tmp.mkdir()
        _write_version_files(
            tmp, version, units, facts, vectors, model_name, dim, sources, providers, findings
        )
        fsync_dir(tmp)
        _pause_hook("after_files")

        versions = index_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        os.replace(tmp, versions / version)
        fsync_dir(versions)
        fsync_dir(index_dir)
        _pause_hook("after_rename")

        _set_current(index_dir, version)
        logger.info("published %s (previous: %s)", version, previous)
        prune_versions(index_dir, keep=keep, previous=previous)
    return version


def serialize_records(units: Sequence[Unit], facts: Sequence[Fact]) -> tuple[bytes, bytes]:
    """The bytes of ``units.jsonl`` and ``facts.jsonl``: what a version says, for comparison."""
    return (
        dumps_jsonl([u.to_dict() for u in units]).encode("utf-8"),
        dumps_jsonl([f.to_dict() for f in facts]).encode("utf-8"),
    )


def _write_version_files(
    folder: Path,
    version: str,
    units: Sequence[Unit],
    facts: Sequence[Fact],
    vectors: np.ndarray,
    model_name: str,
    dim: int,
    sources: Sequence[SourceInfo],
    providers: Sequence[ProviderInfo],
    findings: Sequence[Finding],
) -> None:
    units_bytes, facts_bytes = serialize_records(units, facts)
    write_file(folder / "units.jsonl", units_bytes)
    write_file(folder / "facts.jsonl", facts_bytes)
    lexical = [analyze(unit.search_text()) for unit in units]
    write_file(folder / "lexical.json", json.dumps(lexical, ensure_ascii=False).encode())
    _write_faiss(folder / "vectors.faiss", vectors)
    names = (*DATA_FILES, write_findings(folder, findings))
    manifest = {
        "schema_version": SCHEMA_VERSION,
        # The contracts the data was made under, checked when it is loaded (ingest.index.load).
        "analysis": analysis_fingerprint(),
        "fact_kinds": list(KIND_NAMES),
        "version": version,
        "created_at": datetime.now(UTC).isoformat(),
        "model": {"name": model_name, "dim": dim},
        "counts": _counts(units, facts),
        "providers": [p._asdict() for p in providers],
        "sources": [s._asdict() for s in sources],
        "files": {name: sha256_file(folder / name) for name in names},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_file(folder / MANIFEST, text.encode("utf-8"))


def _set_current(index_dir: Path, version: str) -> None:
    tmp = index_dir / f"{CURRENT}.tmp"
    write_file(tmp, (version + "\n").encode())
    _pause_hook("after_current_tmp")
    os.replace(tmp, index_dir / CURRENT)
    fsync_dir(index_dir)


def rollback(index_dir: Path, version: str) -> str:
    """Make an older complete version current again (it is verified first); its name."""
    load_version(index_dir, version)
    with publish_lock(index_dir):
        _set_current(index_dir, version)
    logger.info("current version is now %s", version)
    return version
