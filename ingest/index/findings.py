"""The lint findings of a version (``ingest.lint``), kept in its folder beside its manifest.

``versions/<version>/findings.jsonl`` holds one ``Finding`` a line, sorted: every provider's own
(what lint found when its sheet was parsed, kept in its partition's ``lint.json``) and those
of the comparison between the version's providers (``section-missing``), each naming its
sheet by the source path the manifest records. The manifest lists the file with its sha256
(``files``), so a reader gets exactly what ingest found. A version without it listed has
none: ``None``, not "no finding".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.index.layout import VERSIONS, IndexLoadError, resolve_version, sha256_bytes
from ingest.index.load import LoadedVersion, read_manifest
from ingest.records import Finding, dumps_jsonl

FINDINGS_FILE = "findings.jsonl"


def findings_bytes(findings: Sequence[Finding]) -> bytes:
    """The bytes of ``findings.jsonl`` for these findings (sorted, one JSON object a line)."""
    return dumps_jsonl([f.to_dict() for f in sorted(set(findings))]).encode("utf-8")


def _read(folder: Path, manifest: dict[str, Any], version: str) -> list[Finding] | None:
    files = manifest.get("files")
    expected = files.get(FINDINGS_FILE) if isinstance(files, dict) else None
    if expected is None:
        return None
    try:
        data = (folder / FINDINGS_FILE).read_bytes()
    except OSError:
        data = None
    if data is None or sha256_bytes(data) != expected:
        raise IndexLoadError(f"{version}: {FINDINGS_FILE} missing or not matching its sha256")
    found: list[Finding] = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(Finding.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexLoadError(f"{version}: {FINDINGS_FILE} line {number}: {exc}") from None
    return found


def findings_of(loaded: LoadedVersion) -> list[Finding] | None:
    """The findings of a loaded version; None when it was published without them."""
    return _read(loaded.path, loaded.manifest, loaded.version)


def read_findings(index_dir: Path, version: str | None = None) -> list[Finding] | None:
    """The findings of a version (default: current), its manifest checked and the file against
    the sha256 the manifest lists; None when it has none."""
    version = resolve_version(index_dir, version)
    manifest = read_manifest(index_dir, version)
    return _read(index_dir / VERSIONS / version, manifest, version)
