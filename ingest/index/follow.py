"""A replica's local copy of an object store's current version, kept up to date.

``Follower.sync`` reads the store's ``CURRENT``; when it names a version the local index does
not have as current, it downloads the manifest (checked: schema, entries, counts), the files it
lists beside it (its findings, each checked against its sha256) and the partitions missing
locally (each file checked against ``part.json``, ``part.json`` against the digest, written
whole to a temporary folder and renamed into place), writes the manifest and those files, and
only then replaces the local ``CURRENT``. The service's store follows the local ``CURRENT`` as
it does without an object store, so a replica serves a version only once it is complete and
verified, and keeps serving the one it has when the store is unreachable.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ingest.index.layout import (
    MANIFEST,
    PARTITIONS,
    VERSIONS,
    IndexLoadError,
    clean_leftovers,
    current_version,
    fsync_dir,
    prune_versions,
    publish_lock,
    set_current,
    sha256_bytes,
    write_file,
)
from ingest.index.load import entries_of, parse_manifest
from ingest.index.objectstore import (
    ObjectStore,
    ObjectStoreError,
    remote_current,
    version_files,
)
from ingest.index.partition import DATA_FILES, PART, commit_partitions, partition_folder

logger = logging.getLogger(__name__)

DOWNLOADS = 8


class Follower:
    """Follows one object store's ``CURRENT`` into ``index_dir`` (the replica's local cache)."""

    def __init__(self, store: ObjectStore, index_dir: Path, keep: int = 2) -> None:
        if keep < 1:
            raise ValueError(f"keep must be >= 1, got {keep}")
        self.store = store
        self.index_dir = Path(index_dir)
        self.keep = keep
        # The version the store named at the last look, and why the last sync failed (if it did).
        self.remote_version: str | None = None
        self.last_error: str | None = None
        self.downloaded = 0

    @property
    def url(self) -> str:
        return self.store.url

    def sync(self) -> bool:
        """Bring the store's current version into the local index; True if ``CURRENT`` moved.

        Never raises for the store or a bad version: the error is kept in ``last_error`` and
        the local index stays as it was.
        """
        try:
            moved = self._sync()
        except (ObjectStoreError, IndexLoadError, OSError) as exc:
            self.last_error = str(exc)
            logger.warning("not following %s: %s", self.store.url, exc)
            return False
        self.last_error = None
        return moved

    def _sync(self) -> bool:
        version = remote_current(self.store)
        self.remote_version = version
        if version is None or version == current_version(self.index_dir):
            return False
        self.index_dir.mkdir(parents=True, exist_ok=True)
        # Every worker process of a replica follows the same folder: one at a time.
        with publish_lock(self.index_dir):
            previous = current_version(self.index_dir)
            if version == previous:
                return False
            clean_leftovers(self.index_dir)
            data = self.store.get(self.store.key(VERSIONS, version, MANIFEST))
            if data is None:
                raise IndexLoadError(f"{version}: {MANIFEST} missing in {self.store.url}")
            manifest = parse_manifest(version, data)
            files = {
                name: self._version_file(version, name, sha)
                for name, sha in version_files(manifest, version).items()
            }
            missing = [
                e.digest
                for e in entries_of(manifest, version)
                if not (partition_folder(self.index_dir, e.digest) / PART).is_file()
            ]
            # Small objects: a few requests in flight hide the round trips of a fresh replica.
            with ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
                staged = list(pool.map(self._download, missing))
            commit_partitions(self.index_dir, staged)
            fetched = len(missing)
            tmp = self.index_dir / f".tmp-{version}"
            tmp.mkdir()
            for name, content in files.items():
                write_file(tmp / name, content)
            write_file(tmp / MANIFEST, data)
            fsync_dir(tmp)
            versions = self.index_dir / VERSIONS
            versions.mkdir(exist_ok=True)
            if (versions / version).exists():
                shutil.rmtree(versions / version)
            tmp.rename(versions / version)
            fsync_dir(versions)
            set_current(self.index_dir, version)
            prune_versions(self.index_dir, keep=self.keep, previous=previous)
        self.downloaded += fetched
        logger.info(
            "following %s: %s now local (%d partitions downloaded)",
            self.store.url,
            version,
            fetched,
        )
        return True

    def _version_file(self, version: str, name: str, sha256: str) -> bytes:
        """A file the manifest lists beside it (its findings), checked against its sha256."""
        data = self.store.get(self.store.key(VERSIONS, version, name))
        if data is None:
            raise IndexLoadError(f"{version}: {name} missing in {self.store.url}")
        if sha256_bytes(data) != sha256:
            raise IndexLoadError(f"{version}: {name} does not match its sha256")
        return data

    def _download(self, digest: str) -> Path:
        """One partition into a temporary folder, every file checked; the folder."""
        where = f"partition {digest[:12]}"
        part = self.store.get(self.store.key(PARTITIONS, digest, PART))
        if part is None:
            raise IndexLoadError(f"{where}: missing in {self.store.url}")
        if sha256_bytes(part) != digest:
            raise IndexLoadError(f"{where}: {PART} does not match its digest")
        try:
            files = json.loads(part)["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexLoadError(f"{where}: {PART} unreadable: {exc!r}") from None
        if set(files) != set(DATA_FILES):
            raise IndexLoadError(f"{where}: {PART} lists {sorted(files)}")
        tmp = self.index_dir / f".tmp-part-{digest[:16]}-{secrets.token_hex(3)}"
        tmp.mkdir()
        for name, expected in files.items():
            data = self.store.get(self.store.key(PARTITIONS, digest, name))
            if data is None:
                raise IndexLoadError(f"{where}: {name} missing in {self.store.url}")
            if sha256_bytes(data) != expected.get("sha256") or len(data) != expected.get("bytes"):
                raise IndexLoadError(f"{where}: {name} does not match its sha256")
            write_file(tmp / name, data, sync=False)
        write_file(tmp / PART, part, sync=False)
        return tmp
