"""The lint findings of a version (``ingest.lint``), kept in its folder beside units and facts.

``findings.jsonl`` holds one ``Finding`` a line, sorted; the manifest lists it with its sha256
like every data file, so a reader gets exactly what ingest found. A version published before
findings were kept has none listed: ``None``, not "no finding".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.index.layout import VERSIONS, IndexLoadError, resolve_version, sha256_file, write_file
from ingest.index.load import LoadedVersion, verify_files
from ingest.records import Finding, dumps_jsonl

FINDINGS_FILE = "findings.jsonl"


def findings_bytes(findings: Sequence[Finding]) -> bytes:
    """The bytes of ``findings.jsonl`` for these findings (sorted, one JSON object a line)."""
    return dumps_jsonl([f.to_dict() for f in sorted(set(findings))]).encode("utf-8")


def findings_sha256(findings: Sequence[Finding]) -> str:
    return hashlib.sha256(findings_bytes(findings)).hexdigest()


def write_findings(folder: Path, findings: Sequence[Finding]) -> str:
    """Write the findings file into a version folder being made; its name (for the manifest)."""
    write_file(folder / FINDINGS_FILE, findings_bytes(findings))
    return FINDINGS_FILE


def _read(folder: Path, manifest: dict[str, Any], version: str) -> list[Finding] | None:
    expected = manifest.get("files", {}).get(FINDINGS_FILE)
    if expected is None:
        return None
    path = folder / FINDINGS_FILE
    if not path.is_file() or sha256_file(path) != expected:
        raise IndexLoadError(f"{version}: {FINDINGS_FILE} missing or not matching its sha256")
    found: list[Finding] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
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
    """The findings of a verified version (default: current); None when it has none."""
    version = resolve_version(index_dir, version)
    manifest = verify_files(index_dir, version)
    return _read(index_dir / VERSIONS / version, manifest, version)
