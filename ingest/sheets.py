"""Sheet files as ingest takes them: found and hashed first (cheap), read and parsed when needed.

A sheet whose bytes, and the code that reads them (``parser_fingerprint``), are those its
provider's partition was made from need no parsing at all: ``ingest.pipeline`` decides that
from ``scan_sources`` alone. A sheet that is parsed is linted then (``ingest.lint``): its own
findings and its profile for the comparison with the other providers are kept with its
partition, so an unchanged sheet is neither parsed nor linted again.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NamedTuple

from ingest.analysis import fold
from ingest.facts import extract_facts
from ingest.index.publish import ProviderInfo, SourceInfo
from ingest.lint import Profile, SheetInput, lint_sheet, profile
from ingest.parsing import parse_sheet
from ingest.reading import SourceError, collect_sources, read_sheet, to_source_spans
from ingest.records import Fact, Finding, Unit

logger = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
# The code that turns a sheet's bytes into units, facts and findings: a change to any of it
# re-parses.
_PARSER_CODE = ("sheets.py", "records.py", "analysis.py", "reading", "parsing", "facts", "lint")


class SourceFile(NamedTuple):
    """A sheet file found, with the provider id it stands for and the hash of its bytes."""

    path: Path
    provider: str
    sha256: str
    bytes: int


class Sheet(NamedTuple):
    """A source read, parsed and checked, ready to be indexed."""

    source: SourceInfo
    provider: ProviderInfo
    units: list[Unit]
    facts: list[Fact]
    warnings: list[str]
    # Its lint findings on its own (every kind but section-missing), naming the path it was
    # given by (``path``), and what the comparison with the other sheets reads of it.
    findings: tuple[Finding, ...]
    profile: Profile
    path: str


def slugify(text: str) -> str:
    """A provider id: folded, lower-case letters, digits, "-" and "_" only."""
    return re.sub(r"[^a-z0-9_-]+", "-", fold(text)).strip("-_")


def provider_id(path: Path) -> str:
    """The provider id of a sheet: its file stem as a slug."""
    return slugify(path.stem) or "provider"


@cache
def parser_fingerprint() -> str:
    """A hash of the code that reads and parses sheets (and pypdf's version): recorded in each
    partition, so that new parsing code re-parses sheets whose bytes did not change."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in _PARSER_CODE:
        path = _PACKAGE / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    for path in files:
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    try:
        digest.update(f"pypdf {version('pypdf')}".encode())
    except PackageNotFoundError:  # pragma: no cover - an installed wheel without metadata
        digest.update(b"pypdf unknown")
    return digest.hexdigest()[:16]


def scan_sources(paths: Sequence[Path], provider: str | None) -> list[SourceFile]:
    """Every sheet file named (folders expanded), its provider id and sha256; nothing parsed.

    SourceError when none is found, for a bad ``--provider`` or two files of one provider.
    """
    files = collect_sources(list(paths))
    if not files:
        raise SourceError(f"{', '.join(map(str, paths))}: no .txt, .md, .pdf or .docx sheet found")
    if provider is not None and len(files) != 1:
        raise SourceError(
            f"{', '.join(map(str, paths))}: --provider needs exactly one sheet, got {len(files)}"
        )
    if provider is not None and not slugify(provider):
        raise SourceError(f"--provider {provider!r}: needs letters or digits")
    found: list[SourceFile] = []
    seen: dict[str, Path] = {}
    for path in files:
        pid = slugify(provider) if provider is not None else provider_id(path)
        if pid in seen:
            raise SourceError(f"{path}: provider id {pid!r} is also that of {seen[pid]}")
        seen[pid] = path
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        found.append(SourceFile(path, pid, hashlib.sha256(data).hexdigest(), len(data)))
    return found


def read_sheets(files: Sequence[SourceFile]) -> list[Sheet]:
    """Every file read, parsed and its facts extracted; SourceError on the first bad one."""
    return [_read(file) for file in files]


def _read(file: SourceFile) -> Sheet:
    path = file.path
    sheet_text = read_sheet(path)
    try:
        parsed = parse_sheet(sheet_text.text, file.provider)
        units, facts = to_source_spans(
            sheet_text, list(parsed.units), extract_facts(list(parsed.units), parsed.line_map)
        )
    except Exception as exc:  # one line for the operator; the traceback for a developer
        logger.debug("parsing %s failed", path, exc_info=True)
        raise SourceError(f"{path}: cannot parse the sheet: {exc!r}") from exc
    # Free text parses into statements; a sheet has questions or extractable facts.
    if not facts and not any(unit.question for unit in units):
        raise SourceError(f"{path}: no question, table or fact found: not an operating sheet")
    source = SourceInfo(
        path=str(path.resolve()),
        provider=file.provider,
        sha256=file.sha256,
        format=sheet_text.format,
        bytes=file.bytes,
    )
    display = (parsed.title or "").strip() or file.provider
    lint = SheetInput(str(path), file.provider, parsed.units, facts, parsed.notes, parsed.line_map)
    return Sheet(
        source=source,
        provider=ProviderInfo(id=file.provider, name=display, source=source.path),
        units=units,
        facts=facts,
        warnings=[w if w.startswith(str(path)) else f"{path}: {w}" for w in sheet_text.warnings],
        findings=tuple(lint_sheet(lint)),
        profile=profile(lint),
        path=str(path),
    )
