"""Publishing a version: new partitions written, then the manifest, renamed, then made current.

The layout of the index folder is in ``ingest.index.layout``, a partition's in
``ingest.index.partition``. A provider kept as it was is named by its partition's digest: a
publish writes only the partitions that changed, and a small manifest.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ingest.analysis import analysis_fingerprint
from ingest.facts.registry import KIND_NAMES
from ingest.index.findings import FINDINGS_FILE, findings_bytes
from ingest.index.layout import (
    MANIFEST,
    VERSIONS,
    clean_leftovers,
    current_version,
    fsync_dir,
    new_version_name,
    prune_versions,
    publish_lock,
    set_current,
    sha256_bytes,
    write_file,
)
from ingest.index.load import PartitionEntry, load_version
from ingest.index.partition import (
    EncodedPartition,
    commit_partitions,
    encode_partition,
    read_meta,
    stage_partition,
)
from ingest.records import SCHEMA_VERSION, Fact, Finding, Unit

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


@dataclass(frozen=True)
class NewPartition:
    """A provider whose partition is to be written: its records and vectors (rows in units
    order), the parser fingerprint that made them, its tokens when already made, and what lint
    found in its sheet (``lint.json``, see ``ingest.index.partition``)."""

    provider: ProviderInfo
    source: SourceInfo
    units: Sequence[Unit]
    facts: Sequence[Fact]
    vectors: np.ndarray
    parser: str
    lexical: dict[str, Any] | None = None
    lint: dict[str, Any] | None = None


def _pause_hook(step: str) -> None:
    """Test hook: stop at a publish step so that a test can kill the process there."""
    from ingest.settings import IngestSettings

    settings = IngestSettings()
    if settings.test_pause_at == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        time.sleep(settings.test_pause_seconds)


def publish_version(
    index_dir: Path,
    partitions: Sequence[NewPartition | PartitionEntry],
    *,
    model_name: str,
    dim: int,
    keep: int = 3,
    findings: Sequence[Finding] = (),
) -> str:
    """Write a new version, make it current atomically, prune old ones; its name.

    A ``NewPartition`` is written (unless an intact partition of the same content is there);
    a ``PartitionEntry`` names a partition already in the index. The version's ``findings``
    (``ingest.lint``: every provider's own and those of the comparison between them) and then
    the manifest, which lists them with their sha256, are written into a temporary folder
    renamed into ``versions/``; ``CURRENT`` is replaced after that.
    """
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    ids = [p.provider.id if isinstance(p, NewPartition) else p.provider for p in partitions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"a provider given twice: {', '.join(sorted(ids))}")
    analysis = analysis_fingerprint()
    # Encoded (tokens, bytes, hashes) before the lock: a bad input fails before anything is written.
    encoded = [
        (p, _encode(p, model_name, dim, analysis)) if isinstance(p, NewPartition) else p
        for p in partitions
    ]
    index_dir.mkdir(parents=True, exist_ok=True)
    with publish_lock(index_dir):
        clean_leftovers(index_dir)
        previous = current_version(index_dir)
        staged: list[Path] = []
        entries = [_entry(index_dir, item, model_name, dim, analysis, staged) for item in encoded]
        # One barrier for every new partition's files, then each renamed into place.
        commit_partitions(index_dir, staged)
        version = new_version_name()
        tmp = index_dir / f".tmp-{version}"
        tmp.mkdir()
        found = findings_bytes(findings)
        write_file(tmp / FINDINGS_FILE, found)
        files = {FINDINGS_FILE: sha256_bytes(found)}
        write_file(tmp / MANIFEST, _manifest(version, entries, model_name, dim, analysis, files))
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


def _encode(new: NewPartition, model_name: str, dim: int, analysis: str) -> EncodedPartition:
    return encode_partition(
        new.provider.id,
        new.units,
        new.facts,
        new.vectors,
        model_name=model_name,
        dim=dim,
        analysis=analysis,
        parser=new.parser,
        lexical=new.lexical,
        lint=new.lint,
    )


def _entry(
    index_dir: Path,
    item: tuple[NewPartition, EncodedPartition] | PartitionEntry,
    model_name: str,
    dim: int,
    analysis: str,
    staged: list[Path],
) -> PartitionEntry:
    """The manifest entry of a partition; a new one's files are staged first."""
    if isinstance(item, PartitionEntry):
        meta = read_meta(index_dir, item.digest)
        made = (meta.get("analysis"), meta.get("model"))
        if made != (analysis, {"name": model_name, "dim": dim}):
            raise ValueError(f"{item.provider}: partition made as {made}, not for this version")
        return item
    new, encoded = item
    folder = stage_partition(index_dir, encoded)
    if folder is not None:
        staged.append(folder)
    return PartitionEntry(
        provider=new.provider.id,
        name=new.provider.name,
        digest=encoded.digest,
        units=encoded.units,
        facts=encoded.facts,
        source=new.source._asdict(),
    )


def _manifest(
    version: str,
    entries: Sequence[PartitionEntry],
    model_name: str,
    dim: int,
    analysis: str,
    files: dict[str, str],
) -> bytes:
    head = {
        "schema_version": SCHEMA_VERSION,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(),
        # The contracts the data was made under, checked when it is loaded (ingest.index.load).
        "analysis": analysis,
        "fact_kinds": list(KIND_NAMES),
        "model": {"name": model_name, "dim": dim},
        "counts": {
            "units": sum(e.units for e in entries),
            "facts": sum(e.facts for e in entries),
            "providers": len(entries),
        },
        # The version's own files beside the manifest, with their sha256.
        "files": files,
    }
    # One partition a line: small to read (it is read on every reload), and still diffable.
    lines = [
        json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)
        for e in sorted(entries, key=lambda e: e.provider)
    ]
    body = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    partitions = ",\n".join(lines)
    return f'{body}, "partitions": [\n{partitions}\n]}}\n'.encode()


def _set_current(index_dir: Path, version: str) -> None:
    set_current(index_dir, version, before_replace=lambda: _pause_hook("after_current_tmp"))


def rollback(index_dir: Path, version: str) -> str:
    """Make an older complete version current again (it is verified first); its name."""
    load_version(index_dir, version)
    with publish_lock(index_dir):
        _set_current(index_dir, version)
    logger.info("current version is now %s", version)
    return version
