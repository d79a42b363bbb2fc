"""The versioned index on disk: where things are, which version is current, old ones pruned.

Layout of ``index_dir``::

    CURRENT                    the current version's name (replaced with os.replace)
    versions/<version>/        manifest.json, units.jsonl, facts.jsonl, lexical.json,
                               vectors.faiss (IndexFlatIP, rows in units order)
    .tmp-<version>/            a version being written; renamed into versions/ when complete
    cache/                     embedding cache (see ingest.index.embed)

A reader only ever follows ``CURRENT`` to a folder that was complete before ``CURRENT`` named
it, so a publish killed at any step leaves the previous version current and loadable.
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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

CURRENT = "CURRENT"
VERSIONS = "versions"
MANIFEST = "manifest.json"
DATA_FILES = ("units.jsonl", "facts.jsonl", "lexical.json", "vectors.faiss")
VERSION_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")


class IndexLoadError(Exception):
    """An index version is missing, incomplete or damaged; the message names which and why."""


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


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def publish_lock(index_dir: Path) -> Iterator[None]:
    """One publisher at a time per index folder (another waits), so cleanup is safe."""
    with (index_dir / ".lock").open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def clean_leftovers(index_dir: Path) -> None:
    """Remove folders of publishes that were killed before they completed."""
    for leftover in index_dir.glob(".tmp-*"):
        logger.info("removing leftover %s of an interrupted publish", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


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
    names = [p.name for p in folder.iterdir() if p.is_dir() and VERSION_NAME.match(p.name)]
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


def resolve_version(index_dir: Path, version: str | None) -> str:
    if version is None:
        version = current_version(index_dir)
        if version is None:
            raise IndexLoadError(
                f"no index in {index_dir}: run python -m ingest SOURCE... --index-dir {index_dir}"
            )
    if not VERSION_NAME.match(version):
        raise IndexLoadError(f"{version}: not a version name")
    return version
