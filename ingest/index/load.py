"""Loading a version: its manifest checked, then every partition it names verified and read.

A caller that already holds some partitions in memory (the service on a reload) passes their
digests as ``skip``: only the others are read, so a reload reads what changed.
"""

from __future__ import annotations

import json
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest.analysis import analysis_fingerprint
from ingest.index.layout import MANIFEST, VERSIONS, IndexLoadError, resolve_version
from ingest.index.partition import Partition, read_partition, verify_partition
from ingest.index.partition import read_facts as read_partition_facts
from ingest.records import SCHEMA_VERSION, Fact, Unit


@dataclass(frozen=True)
class PartitionEntry:
    """What a manifest says of one provider: its display name, partition and source sheet."""

    provider: str
    name: str
    digest: str
    units: int
    facts: int
    source: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "name": self.name,
            "digest": self.digest,
            "units": self.units,
            "facts": self.facts,
            "source": dict(self.source),
        }


@dataclass(frozen=True)
class LoadedVersion:
    """One verified version: its manifest's entries and the partitions read (by provider).

    ``partitions`` holds every provider's unless the load skipped some (``skip``); the
    concatenated ``units``, ``facts``, ``lexical_tokens`` and ``vectors`` are those read, in
    manifest order.
    """

    version: str
    path: Path
    manifest: dict[str, Any]
    entries: tuple[PartitionEntry, ...]
    partitions: dict[str, Partition]
    providers: dict[str, str] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.manifest["model"]["dim"])

    @property
    def units(self) -> list[Unit]:
        return [u for p in self._read() for u in p.units]

    @property
    def facts(self) -> list[Fact]:
        return [f for p in self._read() for f in p.facts]

    @property
    def lexical_tokens(self) -> list[list[str]]:
        return [t for p in self._read() for t in p.tokens]

    @property
    def vectors(self) -> np.ndarray:
        read = self._read()
        if not read:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([p.vectors for p in read])

    def _read(self) -> list[Partition]:
        return [self.partitions[e.provider] for e in self.entries if e.provider in self.partitions]


def _entry(version: str, raw: Any) -> PartitionEntry:
    try:
        entry = PartitionEntry(
            provider=str(raw["provider"]),
            name=str(raw.get("name") or raw["provider"]),
            digest=str(raw["digest"]),
            units=int(raw["units"]),
            facts=int(raw["facts"]),
            source=dict(raw.get("source") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexLoadError(f"{version}: {MANIFEST} has a bad partition entry: {exc!r}") from None
    return entry


def read_manifest(index_dir: Path, version: str | None = None) -> dict[str, Any]:
    """The manifest of a version (default: current), parsed and checked (not its partitions)."""
    version = resolve_version(index_dir, version)
    path = index_dir / VERSIONS / version / MANIFEST
    if not path.parent.is_dir():
        raise IndexLoadError(f"{version}: version folder missing in {index_dir}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IndexLoadError(f"{version}: {MANIFEST} missing") from None
    except OSError as exc:
        raise IndexLoadError(f"{version}: {MANIFEST} unreadable: {exc}") from None
    return parse_manifest(version, data)


def parse_manifest(version: str, data: bytes) -> dict[str, Any]:
    """A manifest's bytes parsed and checked: schema, keys, entries, counts."""
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise IndexLoadError(f"{version}: {MANIFEST} unreadable: {exc}") from None
    if not isinstance(manifest, dict):
        raise IndexLoadError(f"{version}: {MANIFEST} is not an object")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise IndexLoadError(
            f"{version}: schema version {manifest.get('schema_version')!r}, "
            f"this code reads {SCHEMA_VERSION}: re-run python -m ingest"
        )
    for key in ("version", "model", "counts", "partitions", "analysis"):
        if key not in manifest:
            raise IndexLoadError(f"{version}: {MANIFEST} has no {key!r}")
    if manifest["version"] != version:
        raise IndexLoadError(f"{version}: {MANIFEST} is that of {manifest['version']!r}")
    if not isinstance(manifest["partitions"], list):
        raise IndexLoadError(f"{version}: {MANIFEST} partitions is not a list")
    found = entries_of(manifest, version)
    if len({e.provider for e in found}) != len(found):
        raise IndexLoadError(f"{version}: {MANIFEST} names a provider twice")
    counts = manifest["counts"]
    for key, total in (
        ("units", sum(e.units for e in found)),
        ("facts", sum(e.facts for e in found)),
        ("providers", len(found)),
    ):
        if counts.get(key) != total:
            raise IndexLoadError(
                f"{version}: {MANIFEST} counts {counts.get(key)} {key}, its partitions {total}"
            )
    return manifest


def entries_of(manifest: dict[str, Any], version: str | None = None) -> list[PartitionEntry]:
    """The providers of a manifest, in its order."""
    name = version or str(manifest.get("version"))
    return [_entry(name, raw) for raw in manifest.get("partitions", [])]


def verify_files(index_dir: Path, version: str | None = None) -> dict[str, Any]:
    """The manifest of a version after checking every file of every partition it names."""
    version = resolve_version(index_dir, version)
    manifest = read_manifest(index_dir, version)
    for entry in entries_of(manifest, version):
        _check_meta(version, manifest, entry, _verified(index_dir, version, entry))
    return manifest


def _verified(index_dir: Path, version: str, entry: PartitionEntry) -> dict[str, Any]:
    try:
        return verify_partition(index_dir, entry.digest)
    except IndexLoadError as exc:
        raise IndexLoadError(f"{version}: {entry.provider}: {exc}") from None


def _check_meta(
    version: str, manifest: dict[str, Any], entry: PartitionEntry, meta: dict[str, Any]
) -> None:
    where = f"{version}: {entry.provider}"
    if meta.get("provider") != entry.provider:
        raise IndexLoadError(f"{where}: its partition holds {meta.get('provider')!r}")
    if meta.get("analysis") != manifest.get("analysis"):
        raise IndexLoadError(f"{where}: partition made by another text analysis than the manifest")
    if meta.get("model") != manifest.get("model"):
        raise IndexLoadError(
            f"{where}: partition model {meta.get('model')}, manifest model {manifest.get('model')}"
        )
    counts = meta.get("counts", {})
    if (counts.get("units"), counts.get("facts")) != (entry.units, entry.facts):
        raise IndexLoadError(
            f"{where}: partition has {counts.get('units')} units and {counts.get('facts')} facts, "
            f"manifest says {entry.units} and {entry.facts}"
        )


def read_facts(index_dir: Path, version: str | None = None) -> list[Fact]:
    """The facts of a verified version, without loading anything else."""
    version = resolve_version(index_dir, version)
    manifest = read_manifest(index_dir, version)
    facts: list[Fact] = []
    for entry in entries_of(manifest, version):
        _check_meta(version, manifest, entry, _verified(index_dir, version, entry))
        facts.extend(read_partition_facts(index_dir, entry.digest))
    return facts


def check_analysis_of(version: str, manifest: dict[str, Any]) -> None:
    """IndexLoadError when the version's tokens were made by another analysis than this code's."""
    made_by = manifest.get("analysis")
    analysis = analysis_fingerprint()
    if made_by != analysis:
        raise IndexLoadError(
            f"{version}: made with text analysis {made_by!r}, this code analyses as "
            f"{analysis!r}: re-run python -m ingest to rebuild its tokens"
        )


def load_version(
    index_dir: Path,
    version: str | None = None,
    *,
    check_analysis: bool = True,
    skip: Container[str] = frozenset(),
) -> LoadedVersion:
    """A version (default: current) with every partition it names verified and read, but those
    whose digest is in ``skip``.

    A version whose tokens were made by another text analysis than this code's is refused
    (its tokens would not meet the questions'), unless ``check_analysis`` is False (ingest,
    which rebuilds the tokens of what it keeps).
    """
    version = resolve_version(index_dir, version)
    manifest = read_manifest(index_dir, version)
    if check_analysis:
        check_analysis_of(version, manifest)
    dim = manifest["model"].get("dim")
    if not isinstance(dim, int) or dim < 1:
        raise IndexLoadError(f"{version}: {MANIFEST} model dim {dim!r}")
    entries = tuple(entries_of(manifest, version))
    partitions: dict[str, Partition] = {}
    for entry in entries:
        if entry.digest in skip:
            continue
        try:
            partition = read_partition(index_dir, entry.digest, entry.provider, dim)
        except IndexLoadError as exc:
            raise IndexLoadError(f"{version}: {entry.provider}: {exc}") from None
        _check_meta(version, manifest, entry, partition.meta)
        partitions[entry.provider] = partition
    return LoadedVersion(
        version=version,
        path=index_dir / VERSIONS / version,
        manifest=manifest,
        entries=entries,
        partitions=partitions,
        providers={e.provider: e.name for e in entries},
    )
