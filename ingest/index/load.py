"""Loading a version: every file verified against its manifest before anything is used."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.analysis import analysis_fingerprint
from ingest.index.layout import (
    DATA_FILES,
    MANIFEST,
    VERSIONS,
    IndexLoadError,
    resolve_version,
    sha256_file,
)
from ingest.records import SCHEMA_VERSION, Fact, Unit


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


def read_manifest(index_dir: Path, version: str | None = None) -> dict[str, Any]:
    """The manifest of a version (default: current), parsed and schema-checked."""
    version = resolve_version(index_dir, version)
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
    version = resolve_version(index_dir, version)
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
    version = resolve_version(index_dir, version)
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


def load_version(
    index_dir: Path, version: str | None = None, *, check_analysis: bool = True
) -> LoadedVersion:
    """A version (default: current) with every file verified against its manifest.

    A version whose tokens were made by another text analysis than this code's is refused
    (its tokens would not meet the questions'), unless ``check_analysis`` is False (ingest,
    which rebuilds the tokens of what it keeps).
    """
    import faiss

    version = resolve_version(index_dir, version)
    manifest = verify_files(index_dir, version)
    made_by = manifest.get("analysis")
    analysis = analysis_fingerprint()
    if check_analysis and made_by != analysis:
        raise IndexLoadError(
            f"{version}: made with text analysis {made_by!r}, this code analyses as "
            f"{analysis!r}: re-run python -m ingest to rebuild its tokens"
        )
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
