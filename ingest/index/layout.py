"""The versioned index on disk: where things are, which version is current, old ones pruned.

Layout of ``index_dir``::

    CURRENT                    the current version's name (replaced with os.replace)
    versions/<version>/        manifest.json: the version's providers, each naming its partition
    partitions/<digest>/       one provider's units, facts, tokens and vectors (see
                               ingest.index.partition); named by the sha256 of its part.json,
                               which holds the sha256 of every other file: content-addressed,
                               so versions share the partitions that did not change
    .tmp-*                     a version or partition being written; renamed when complete
    cache/                     embedding cache (see ingest.index.embed)

A reader only ever follows ``CURRENT`` to a manifest that was complete, with every partition it
names complete, before ``CURRENT`` named it, so a publish killed at any step leaves the previous
version current and loadable. Partitions no kept version names are removed after a prune.
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
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

CURRENT = "CURRENT"
VERSIONS = "versions"
PARTITIONS = "partitions"
MANIFEST = "manifest.json"
VERSION_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
DIGEST = re.compile(r"^[0-9a-f]{64}$")


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


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path``; on disk before returning unless ``sync`` is False (then a
    ``sync_filesystem`` must follow before anything names the file)."""
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        if sync:
            os.fsync(fh.fileno())


def sync_filesystem(path: Path) -> None:
    """Everything written on ``path``'s filesystem on disk: one barrier for many files (syncfs on
    Linux; elsewhere a sync of every filesystem), instead of one fsync per file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if _syncfs is None or _syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def _libc_syncfs() -> Callable[[int], int] | None:
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        call: Callable[[int], int] = libc.syncfs
        return call
    except (OSError, AttributeError):  # not Linux: os.sync() instead
        return None


_syncfs = _libc_syncfs()


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
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def set_current(
    index_dir: Path, version: str, before_replace: Callable[[], None] | None = None
) -> None:
    """Point ``CURRENT`` at ``version`` atomically (a temporary file renamed over it)."""
    tmp = index_dir / f"{CURRENT}.tmp"
    write_file(tmp, (version + "\n").encode())
    if before_replace is not None:
        before_replace()
    os.replace(tmp, index_dir / CURRENT)
    fsync_dir(index_dir)


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
    """Delete versions beyond the ``keep`` newest, never the current nor (keep >= 2) previous,
    then the partitions that no remaining version names."""
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
    collect_partitions(index_dir)
    return removed


def referenced_partitions(manifest: dict[str, object]) -> set[str]:
    """The partition digests a manifest names (none when it is not a manifest)."""
    entries = manifest.get("partitions")
    if not isinstance(entries, list):
        return set()
    return {str(e["digest"]) for e in entries if isinstance(e, dict) and "digest" in e}


def collect_partitions(index_dir: Path) -> list[str]:
    """Delete the partitions no version names; nothing when a version's manifest is unreadable
    (what it names cannot be known). The digests deleted."""
    folder = index_dir / PARTITIONS
    if not folder.is_dir():
        return []
    named: set[str] = set()
    for name in list_versions(index_dir):
        try:
            manifest = json.loads((index_dir / VERSIONS / name / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("not collecting partitions: %s/%s unreadable: %s", name, MANIFEST, exc)
            return []
        named |= referenced_partitions(manifest if isinstance(manifest, dict) else {})
    removed = [p.name for p in folder.iterdir() if p.name not in named]
    for digest in removed:
        shutil.rmtree(folder / digest, ignore_errors=True)
    if removed:
        logger.info("removed %d partitions no version names", len(removed))
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
