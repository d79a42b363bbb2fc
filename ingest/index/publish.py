"""The versioned index on disk: publish a complete version, switch to it atomically, load it.

Layout of ``index_dir``::

    CURRENT                    the current version's name (replaced with os.replace)
    versions/<version>/        manifest.json, units.jsonl, facts.jsonl, lexical.json,
                               vectors.faiss (IndexFlatIP, rows in units order)
    .tmp-<version>/            a version being written; renamed into versions/ when complete
    cache/                     embedding cache (see ingest.index.embed)

A reader only ever follows ``CURRENT`` to a folder that was complete before ``CURRENT`` named
it, so a publish killed at any step leaves the previous version current and loadable.

Test hook: with ``RAG_TEST_PAUSE_AT=<step>`` (steps in ``PAUSE_STEPS``) a publish writes
"paused at <step>" to stderr and sleeps, so that a test can kill the process right there.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ingest.analysis import analyze
from ingest.records import SCHEMA_VERSION, Fact, Unit, dumps_jsonl

logger = logging.getLogger(__name__)

CURRENT = "CURRENT"
VERSIONS = "versions"
MANIFEST = "manifest.json"
DATA_FILES = ("units.jsonl", "facts.jsonl", "lexical.json", "vectors.faiss")
PAUSE_STEPS = ("after_files", "after_rename", "after_current_tmp")
_VERSION_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")


class IndexLoadError(Exception):
    """An index version is missing, incomplete or damaged; the message names which and why."""


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


@dataclass(frozen=True)
class LoadedVersion:
    """Everything of one verified index version, in memory."""

    version: str
    path: Path
    manifest: dict[str, Any]
    units: list[Unit]
    facts: list[Fact]
    faiss_index: Any
    lexical_tokens: list[list[str]]
    providers: dict[str, str]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def new_version_name(now: datetime | None = None) -> str:
    """A name that sorts by creation time (UTC, to the second) and is unique."""
    now = now or datetime.now(UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def _pause_hook(step: str) -> None:
    """Test hook: stop at a publish step so that a test can kill the process there."""
    if os.environ.get("RAG_TEST_PAUSE_AT") == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("RAG_TEST_PAUSE_SECONDS", "60")))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def _publish_lock(index_dir: Path) -> Iterator[None]:
    """One publisher at a time per index folder (another waits), so cleanup is safe."""
    with (index_dir / ".lock").open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _clean_leftovers(index_dir: Path) -> None:
    """Remove folders of publishes that were killed before they completed."""
    for leftover in index_dir.glob(".tmp-*"):
        logger.info("removing leftover %s of an interrupted publish", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


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
) -> str:
    """Write a new complete version, make it current atomically, prune old ones; its name."""
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape != (len(units), dim):
        raise ValueError(f"vectors of shape {vectors.shape} for {len(units)} units of dim {dim}")
    index_dir.mkdir(parents=True, exist_ok=True)
    with _publish_lock(index_dir):
        _clean_leftovers(index_dir)
        previous = current_version(index_dir)
        version = new_version_name()
        tmp = index_dir / f".tmp-{version}"
        tmp.mkdir()
        _write_version_files(
            tmp, version, units, facts, vectors, model_name, dim, sources, providers
        )
        _fsync_dir(tmp)
        _pause_hook("after_files")

        versions = index_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        os.replace(tmp, versions / version)
        _fsync_dir(versions)
        _fsync_dir(index_dir)
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
) -> None:
    units_bytes, facts_bytes = serialize_records(units, facts)
    _write_file(folder / "units.jsonl", units_bytes)
    _write_file(folder / "facts.jsonl", facts_bytes)
    lexical = [analyze(unit.search_text()) for unit in units]
    _write_file(folder / "lexical.json", json.dumps(lexical, ensure_ascii=False).encode())
    _write_faiss(folder / "vectors.faiss", vectors)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(),
        "model": {"name": model_name, "dim": dim},
        "counts": _counts(units, facts),
        "providers": [p._asdict() for p in providers],
        "sources": [s._asdict() for s in sources],
        "files": {name: sha256_file(folder / name) for name in DATA_FILES},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_file(folder / MANIFEST, text.encode("utf-8"))


def _set_current(index_dir: Path, version: str) -> None:
    tmp = index_dir / f"{CURRENT}.tmp"
    _write_file(tmp, (version + "\n").encode())
    _pause_hook("after_current_tmp")
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def current_version(index_dir: Path) -> str | None:
    """The name in ``index_dir/CURRENT``, or None when there is none."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def list_versions(index_dir: Path) -> list[str]:
    """Published version folders, oldest first.

    Names sort by time to the second; the manifest's creation time (microseconds) orders
    versions published within the same second.
    """
    folder = index_dir / VERSIONS
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if p.is_dir() and _VERSION_NAME.match(p.name)]
    return sorted(names, key=lambda name: (name[:16], _created_at(folder / name), name))


def _created_at(folder: Path) -> str:
    try:
        return str(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["created_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def prune_versions(index_dir: Path, *, keep: int, previous: str | None = None) -> list[str]:
    """Delete versions beyond the ``keep`` newest, never the current nor (keep >= 2) previous."""
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    current = current_version(index_dir)
    protected = [v for v in (current, previous if keep >= 2 else None) if v]
    kept = list(dict.fromkeys(protected))
    for name in reversed(list_versions(index_dir)):
        if len(kept) >= keep:
            break
        if name not in kept:
            kept.append(name)
    removed = [name for name in list_versions(index_dir) if name not in kept]
    for name in removed:
        logger.info("pruning version %s", name)
        shutil.rmtree(index_dir / VERSIONS / name, ignore_errors=True)
    return removed


def _resolve(index_dir: Path, version: str | None) -> str:
    if version is None:
        version = current_version(index_dir)
        if version is None:
            raise IndexLoadError(
                f"no index in {index_dir}: run python -m ingest SOURCE... --index-dir {index_dir}"
            )
    if not _VERSION_NAME.match(version):
        raise IndexLoadError(f"{version}: not a version name")
    return version


def read_manifest(index_dir: Path, version: str | None = None) -> dict[str, Any]:
    """The manifest of a version (default: current), parsed and schema-checked."""
    version = _resolve(index_dir, version)
    path = index_dir / VERSIONS / version / MANIFEST
    if not path.parent.is_dir():
        raise IndexLoadError(f"{version}: version folder missing in {index_dir}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexLoadError(f"{version}: {MANIFEST} missing") from None
    except (OSError, ValueError) as exc:
        raise IndexLoadError(f"{version}: {MANIFEST} unreadable: {exc}") from None
    if not isinstance(manifest, dict):
        raise IndexLoadError(f"{version}: {MANIFEST} is not an object")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise IndexLoadError(
            f"{version}: schema version {manifest.get('schema_version')!r}, "
            f"this code reads {SCHEMA_VERSION}: re-run python -m ingest"
        )
    for key in ("model", "counts", "files", "providers", "sources"):
        if key not in manifest:
            raise IndexLoadError(f"{version}: {MANIFEST} has no {key!r}")
    return manifest


def verify_files(index_dir: Path, version: str | None = None) -> dict[str, Any]:
    """The manifest of a version after checking every listed file's presence and sha256."""
    version = _resolve(index_dir, version)
    manifest = read_manifest(index_dir, version)
    folder = index_dir / VERSIONS / version
    files = manifest["files"]
    for name in DATA_FILES:
        if name not in files:
            raise IndexLoadError(f"{version}: {MANIFEST} does not list {name}")
    for name, expected in files.items():
        path = folder / name
        if not path.is_file():
            raise IndexLoadError(f"{version}: {name} missing")
        if sha256_file(path) != expected:
            raise IndexLoadError(f"{version}: {name} does not match its sha256 in the manifest")
    return manifest


def read_facts(index_dir: Path, version: str | None = None) -> list[Fact]:
    """The facts of a verified version, without loading vectors."""
    version = _resolve(index_dir, version)
    verify_files(index_dir, version)
    return _read_jsonl(index_dir / VERSIONS / version / "facts.jsonl", version, Fact.from_dict)


def _read_jsonl(path: Path, version: str, make: Any) -> list[Any]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                records.append(make(json.loads(line)))
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise IndexLoadError(f"{version}: {path.name} line {number}: {exc}") from None
    return records


def load_version(index_dir: Path, version: str | None = None) -> LoadedVersion:
    """A version (default: current) with every file verified against its manifest."""
    import faiss

    version = _resolve(index_dir, version)
    manifest = verify_files(index_dir, version)
    folder = index_dir / VERSIONS / version
    units = _read_jsonl(folder / "units.jsonl", version, Unit.from_dict)
    facts = _read_jsonl(folder / "facts.jsonl", version, Fact.from_dict)
    try:
        lexical = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
    except ValueError as exc:
        raise IndexLoadError(f"{version}: lexical.json unreadable: {exc}") from None
    counts = manifest["counts"]
    if counts.get("units") != len(units):
        raise IndexLoadError(f"{version}: {len(units)} units, manifest says {counts.get('units')}")
    if counts.get("facts") != len(facts):
        raise IndexLoadError(f"{version}: {len(facts)} facts, manifest says {counts.get('facts')}")
    if not isinstance(lexical, list) or len(lexical) != len(units):
        raise IndexLoadError(f"{version}: lexical.json does not have one entry per unit")
    try:
        index = faiss.read_index(str(folder / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexLoadError(f"{version}: vectors.faiss unreadable: {exc}") from None
    if index.ntotal != len(units):
        raise IndexLoadError(f"{version}: vectors.faiss has {index.ntotal} rows for {len(units)}")
    dim = manifest["model"].get("dim")
    if index.d != dim:
        raise IndexLoadError(f"{version}: vectors of dim {index.d}, manifest model dim {dim}")
    providers = {str(p["id"]): str(p.get("name") or p["id"]) for p in manifest["providers"]}
    return LoadedVersion(
        version=version,
        path=folder,
        manifest=manifest,
        units=units,
        facts=facts,
        faiss_index=index,
        lexical_tokens=[list(tokens) for tokens in lexical],
        providers=providers,
    )


def rollback(index_dir: Path, version: str) -> str:
    """Make an older complete version current again (it is verified first); its name."""
    load_version(index_dir, version)
    with _publish_lock(index_dir):
        _set_current(index_dir, version)
    logger.info("current version is now %s", version)
    return version
