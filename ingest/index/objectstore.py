"""An S3-compatible object store holding published versions, in the local index's layout.

``s3://BUCKET/PREFIX`` holds ``PREFIX/partitions/<digest>/<file>``, ``PREFIX/versions/<version>/
manifest.json`` (with the files it lists beside it: ``findings.jsonl``) and ``PREFIX/CURRENT``.
``push_version`` uploads a version so that a reader never sees an incomplete one: a partition's
``part.json`` after its other files, the manifest after every partition it names and every file
it lists, ``CURRENT`` last (an S3 PUT replaces an object whole). Replicas follow
``CURRENT`` with ``ingest.index.follow``.

Any S3 endpoint works (``--s3-endpoint``, else boto3's own configuration); credentials come from
boto3's usual chain (``AWS_ACCESS_KEY_ID``..., a profile, a role), and requests go unsigned when
there are none (a store open to the replicas' network).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ingest.index.layout import (
    CURRENT,
    MANIFEST,
    PARTITIONS,
    VERSION_NAME,
    VERSIONS,
    IndexLoadError,
    referenced_partitions,
    sha256_bytes,
)
from ingest.index.load import entries_of, read_manifest
from ingest.index.partition import PART, partition_folder, read_meta

logger = logging.getLogger(__name__)

_URL = re.compile(r"^s3://(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(?:/(?P<prefix>.*))?$")
# A partition uploaded this recently is never collected: a publish may be about to name it.
COLLECT_GRACE = timedelta(minutes=10)


class ObjectStoreError(Exception):
    """The object store cannot be reached, or refused a request; the message says which."""


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an object store URL (``s3://BUCKET[/PREFIX]``), or None."""
    return None if _URL.match(url) else f"{url!r}: expected s3://BUCKET[/PREFIX]"


@dataclass
class ObjectStore:
    """One bucket and key prefix of an S3-compatible store."""

    url: str
    bucket: str
    prefix: str
    client: Any

    @classmethod
    def from_url(
        cls, url: str, *, endpoint: str | None = None, timeout: float = 5.0
    ) -> ObjectStore:
        """The store of ``s3://BUCKET[/PREFIX]`` (boto3 is imported here, only when used)."""
        match = _URL.match(url)
        if not match:
            raise ObjectStoreError(f"{url!r}: expected s3://BUCKET[/PREFIX]")
        try:
            import boto3
            from botocore import UNSIGNED
            from botocore.config import Config
        except ImportError as exc:  # pragma: no cover - boto3 is a dependency
            raise ObjectStoreError(f"boto3 is needed for {url}: pip install boto3") from exc
        session = boto3.session.Session()
        config = Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=timeout,
            read_timeout=timeout,
            signature_version=UNSIGNED if session.get_credentials() is None else None,
        )
        client = session.client(
            "s3",
            endpoint_url=endpoint,
            region_name=session.region_name or "us-east-1",
            config=config,
        )
        prefix = (match.group("prefix") or "").strip("/")
        return cls(url=url, bucket=match.group("bucket"), prefix=prefix, client=client)

    def key(self, *parts: str) -> str:
        return "/".join([self.prefix, *parts] if self.prefix else parts)

    def _call(self, what: str, method: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, method)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise KeyError(what) from None
            raise ObjectStoreError(f"{self.url}: {what}: {code or exc}") from None
        except BotoCoreError as exc:
            raise ObjectStoreError(f"{self.url}: {what}: {exc}") from None

    def get(self, key: str) -> bytes | None:
        """An object's bytes, or None when there is no such key."""
        try:
            response = self._call(key, "get_object", Key=key)
        except KeyError:
            return None
        try:
            return bytes(response["Body"].read())
        except Exception as exc:  # a connection cut while reading the body
            raise ObjectStoreError(f"{self.url}: {key}: {exc}") from None

    def exists(self, key: str) -> bool:
        try:
            self._call(key, "head_object", Key=key)
        except KeyError:
            return False
        return True

    def put(self, key: str, data: bytes) -> None:
        self._call(key, "put_object", Key=key, Body=data)

    def listing(self, under: str) -> Iterator[tuple[str, datetime]]:
        """(key, last modified) of every object whose key starts with ``under``."""
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self._call(under, "list_objects_v2", Prefix=under, **extra)
            for item in page.get("Contents", []):
                yield str(item["Key"]), item["LastModified"]
            if not page.get("IsTruncated"):
                return
            token = page.get("NextContinuationToken")

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            chunk = [{"Key": k} for k in keys[start : start + 1000]]
            self._call("delete", "delete_objects", Delete={"Objects": chunk, "Quiet": True})

    def ensure_bucket(self) -> None:
        """Create the bucket when it does not exist (a test store; production makes its own)."""
        try:
            self._call(self.bucket, "head_bucket")
        except (KeyError, ObjectStoreError):
            self._call(self.bucket, "create_bucket")


def remote_current(store: ObjectStore) -> str | None:
    """The version the store's ``CURRENT`` names, or None when it has none."""
    data = store.get(store.key(CURRENT))
    if data is None:
        return None
    name = data.decode("utf-8", errors="replace").strip()
    if not VERSION_NAME.match(name):
        raise ObjectStoreError(f"{store.url}: {CURRENT} names {name[:40]!r}, not a version")
    return name


def remote_manifest(store: ObjectStore, version: str) -> bytes | None:
    return store.get(store.key(VERSIONS, version, MANIFEST))


def push_version(index_dir: Path, store: ObjectStore, version: str, *, keep: int = 3) -> int:
    """Upload a local version and make it the store's current one; the partitions uploaded.

    Partitions the store already has (those of its current version, or any found there) are
    not sent again. Old versions beyond ``keep`` are then removed from the store with the
    partitions no remaining version names.
    """
    manifest = read_manifest(index_dir, version)
    present: set[str] = set()
    current = remote_current(store)
    if current is not None:
        data = remote_manifest(store, current)
        if data is not None:
            present = referenced_partitions(json.loads(data))
    uploaded = 0
    for entry in entries_of(manifest, version):
        if entry.digest in present:
            continue
        if store.exists(store.key(PARTITIONS, entry.digest, PART)):
            continue
        _upload_partition(index_dir, store, entry.digest)
        uploaded += 1
    folder = index_dir / VERSIONS / version
    for name, expected in version_files(manifest, version).items():
        data = (folder / name).read_bytes()
        if sha256_bytes(data) != expected:
            raise IndexLoadError(f"{version}: {name} does not match its sha256")
        store.put(store.key(VERSIONS, version, name), data)
    store.put(store.key(VERSIONS, version, MANIFEST), (folder / MANIFEST).read_bytes())
    store.put(store.key(CURRENT), (version + "\n").encode())
    logger.info("pushed %s to %s (%d partitions uploaded)", version, store.url, uploaded)
    prune_remote(store, keep=keep, protect={version, current or version})
    return uploaded


def version_files(manifest: dict[str, Any], version: str) -> dict[str, str]:
    """The files a version holds beside its manifest (its findings), with their sha256."""
    files = manifest.get("files") or {}
    if not isinstance(files, dict) or not all(
        isinstance(name, str) and "/" not in name and name != MANIFEST and isinstance(sha, str)
        for name, sha in files.items()
    ):
        raise IndexLoadError(f"{version}: {MANIFEST} files is not a list of names and sha256")
    return dict(files)


def _upload_partition(index_dir: Path, store: ObjectStore, digest: str) -> None:
    """A local partition's files, each checked against ``part.json``; ``part.json`` last."""
    meta = read_meta(index_dir, digest)
    folder = partition_folder(index_dir, digest)
    for name, expected in meta["files"].items():
        data = (folder / name).read_bytes()
        if sha256_bytes(data) != expected.get("sha256"):
            raise IndexLoadError(f"partition {digest[:12]}: {name} does not match its sha256")
        store.put(store.key(PARTITIONS, digest, name), data)
    store.put(store.key(PARTITIONS, digest, PART), (folder / PART).read_bytes())


def prune_remote(store: ObjectStore, *, keep: int, protect: set[str]) -> list[str]:
    """Remove the store's versions beyond the ``keep`` newest (never those in ``protect``), then
    partitions no remaining version names and not uploaded within ``COLLECT_GRACE``."""
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    under = store.key(VERSIONS) + "/"
    found: dict[str, list[str]] = {}
    for key, _ in store.listing(under):
        found.setdefault(key[len(under) :].split("/", 1)[0], []).append(key)
    manifest_of = {n: store.key(VERSIONS, n, MANIFEST) for n in found}
    # A version is its manifest; files of a push cut before its manifest are left-overs.
    names = sorted(n for n in found if VERSION_NAME.match(n) and manifest_of[n] in found[n])
    leftovers = [
        k
        for n in found
        if VERSION_NAME.match(n) and n not in names and n not in protect
        for k in found[n]
    ]
    if leftovers:
        store.delete(leftovers)
    kept = [n for n in names if n in protect]
    for name in reversed(names):
        if len(kept) >= keep:
            break
        if name not in kept:
            kept.append(name)
    removed = [n for n in names if n not in kept]
    if removed:
        # The manifest first: a version is gone once it is, whatever else a failure leaves.
        store.delete([store.key(VERSIONS, n, MANIFEST) for n in removed])
        store.delete([k for n in removed for k in found[n] if not k.endswith("/" + MANIFEST)])
    named: set[str] = set()
    for name in kept:
        data = remote_manifest(store, name)
        if data is None:
            logger.warning("%s: %s has no manifest: partitions not collected", store.url, name)
            return removed
        named |= referenced_partitions(json.loads(data))
    cutoff = datetime.now(UTC) - COLLECT_GRACE
    under = store.key(PARTITIONS) + "/"
    stale: list[str] = []
    fresh: set[str] = set()
    keys: dict[str, list[str]] = {}
    for key, modified in store.listing(under):
        digest = key[len(under) :].split("/", 1)[0]
        if digest in named:
            continue
        keys.setdefault(digest, []).append(key)
        if modified >= cutoff:
            fresh.add(digest)
    for digest, objects in keys.items():
        if digest not in fresh:
            stale.extend(objects)
    if stale:
        store.delete(stale)
        logger.info("%s: removed %d objects of unnamed partitions", store.url, len(stale))
    return removed
