"""The ingest pipeline without its command line: sheets read and checked, what to keep of the
current version, whether anything changed."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from ingest.analysis import analysis_fingerprint, fold
from ingest.facts import extract_facts
from ingest.index import (
    FINDINGS_FILE,
    IndexLoadError,
    current_version,
    findings_of,
    load_version,
    read_facts,
    read_manifest,
    verify_files,
)
from ingest.index.findings import findings_sha256
from ingest.index.publish import ProviderInfo, SourceInfo, serialize_records
from ingest.lint import Kind, SheetInput, lint_sheet, missing_sections
from ingest.parsing import parse_sheet
from ingest.reading import SourceError, collect_sources, read_sheet, to_source_spans
from ingest.records import SCHEMA_VERSION, Fact, Finding, Unit

logger = logging.getLogger(__name__)


class Sheet(NamedTuple):
    """A source read, parsed and checked, ready to be indexed."""

    source: SourceInfo
    provider: ProviderInfo
    units: list[Unit]
    facts: list[Fact]
    warnings: list[str]
    # Its lint findings on its own (``ingest.lint``; every kind but section-missing), and the
    # path it was given by (the one findings are printed with).
    findings: tuple[Finding, ...] = ()
    path: str = ""


def slugify(text: str) -> str:
    """A provider id: folded, lower-case letters, digits, "-" and "_" only."""
    return re.sub(r"[^a-z0-9_-]+", "-", fold(text)).strip("-_")


def provider_id(path: Path) -> str:
    """The provider id of a sheet: its file stem as a slug."""
    return slugify(path.stem) or "provider"


def read_sheets(paths: Sequence[Path], provider: str | None) -> list[Sheet]:
    """Every source read, parsed and its facts extracted; SourceError on the first bad one."""
    files = collect_sources(list(paths))
    if not files:
        raise SourceError(f"{', '.join(map(str, paths))}: no .txt, .md, .pdf or .docx sheet found")
    if provider is not None and len(files) != 1:
        raise SourceError(
            f"{', '.join(map(str, paths))}: --provider needs exactly one sheet, got {len(files)}"
        )
    if provider is not None and not slugify(provider):
        raise SourceError(f"--provider {provider!r}: needs letters or digits")
    sheets: list[Sheet] = []
    seen: dict[str, Path] = {}
    for path in files:
        pid = slugify(provider) if provider is not None else provider_id(path)
        if pid in seen:
            raise SourceError(f"{path}: provider id {pid!r} is also that of {seen[pid]}")
        seen[pid] = path
        sheet_text = read_sheet(path)
        try:
            parsed = parse_sheet(sheet_text.text, pid)
            units, facts = to_source_spans(
                sheet_text, list(parsed.units), extract_facts(list(parsed.units), parsed.line_map)
            )
        except Exception as exc:  # one line for the operator; the traceback for a developer
            logger.debug("parsing %s failed", path, exc_info=True)
            raise SourceError(f"{path}: cannot parse the sheet: {exc!r}") from exc
        # Free text parses into statements; a sheet has questions or extractable facts.
        if not facts and not any(unit.question for unit in units):
            raise SourceError(f"{path}: no question, table or fact found: not an operating sheet")
        data = path.read_bytes()
        source = SourceInfo(
            path=str(path.resolve()),
            provider=pid,
            sha256=hashlib.sha256(data).hexdigest(),
            format=sheet_text.format,
            bytes=len(data),
        )
        display = (parsed.title or "").strip() or pid
        lint = SheetInput(str(path), pid, parsed.units, facts, parsed.notes, parsed.line_map)
        sheets.append(
            Sheet(
                source=source,
                provider=ProviderInfo(id=pid, name=display, source=source.path),
                units=units,
                facts=facts,
                warnings=[
                    w if w.startswith(str(path)) else f"{path}: {w}" for w in sheet_text.warnings
                ],
                findings=tuple(lint_sheet(lint)),
                path=str(path),
            )
        )
    return sheets


def version_findings(sheets: Sequence[Sheet]) -> list[Finding]:
    """Every sheet's own findings, plus the topics each lacks compared with the others; each
    names its sheet by the source's full path (as the version records it), whatever path the
    sheet was given by, so that a rerun by another path finds the version unchanged."""
    inputs = [SheetInput(s.source.path, s.provider.id, s.units, s.facts) for s in sheets]
    own = [replace(f, path=s.source.path) for s in sheets for f in s.findings]
    return sorted(set(own) | set(missing_sections(inputs, ())))


def as_given(findings: Sequence[Finding], sheets: Sequence[Sheet]) -> list[Finding]:
    """The findings of the given sheets, each naming its sheet by the path it was given by."""
    paths = {sheet.provider.id: sheet.path or sheet.source.path for sheet in sheets}
    return sorted(replace(f, path=paths[f.provider]) for f in findings if f.provider in paths)


def unchanged_version(
    index_dir: Path, sheets: Sequence[Sheet], model: str, findings: Sequence[Finding] = ()
) -> str | None:
    """The current version when it was built from these very sheets and model (and holds these
    findings), else None."""
    try:
        version = current_version(index_dir)
        if version is None:
            return None
        manifest = verify_files(index_dir, version)
    except IndexLoadError as exc:
        logger.info("current version not reusable: %s", exc)
        return None
    old = sorted((s.get("provider"), s.get("sha256")) for s in manifest.get("sources", []))
    new = sorted((s.source.provider, s.source.sha256) for s in sheets)
    # Same sheets are not enough: a new parser may read them differently. Compare what would be
    # published (units and facts, byte for byte) with what the current version holds.
    units_bytes, facts_bytes = serialize_records(
        [u for s in sheets for u in s.units], [f for s in sheets for f in s.facts]
    )
    files = manifest.get("files", {})
    same = (
        old == new
        and manifest.get("model", {}).get("name") == model
        and manifest.get("schema_version") == SCHEMA_VERSION
        and manifest.get("analysis") == analysis_fingerprint()
        and files.get("units.jsonl") == hashlib.sha256(units_bytes).hexdigest()
        and files.get("facts.jsonl") == hashlib.sha256(facts_bytes).hexdigest()
        and files.get(FINDINGS_FILE) == findings_sha256(findings)
    )
    return version if same else None


def previous_facts(index_dir: Path) -> list[Fact] | None:
    try:
        return read_facts(index_dir) if current_version(index_dir) else None
    except IndexLoadError as exc:
        logger.warning("cannot compare with the current version: %s", exc)
        return None


def keep_other_providers(index_dir: Path, sheets: list[Sheet], remove: set[str]) -> list[Sheet]:
    """The given sheets plus the current version's other providers, minus ``remove``.

    Raises SourceError for a bad ``remove`` and IndexLoadError when the current version cannot
    be read (its providers would be lost silently otherwise).
    """
    given = {sheet.provider.id for sheet in sheets}
    if given & remove:
        raise SourceError(f"--remove {', '.join(sorted(given & remove))}: also given as a sheet")
    if current_version(index_dir) is None:
        if remove:
            raise SourceError(f"--remove {', '.join(sorted(remove))}: {index_dir} has no index")
        return sheets
    try:
        # Its units and facts are kept as they are; their tokens are made anew at publish.
        loaded = load_version(index_dir, check_analysis=False)
    except IndexLoadError as exc:
        # A damaged current version must not block the publish that repairs it, as long as no
        # provider it names would be lost.
        lost = _providers_named(index_dir) - given - remove
        if lost:
            raise IndexLoadError(
                f"{exc}; its providers {', '.join(sorted(lost))} would be lost"
            ) from exc
        logger.warning("current version unreadable (%s): publishing the given sheets", exc)
        return sheets
    unknown = remove - set(loaded.providers)
    if unknown:
        known = ", ".join(sorted(loaded.providers))
        raise SourceError(f"--remove {', '.join(sorted(unknown))}: not in the index ({known})")
    sources = {str(s["provider"]): s for s in loaded.manifest.get("sources", [])}
    infos = {str(p["id"]): p for p in loaded.manifest.get("providers", [])}
    previous = findings_of(loaded)
    kept = [
        _kept_sheet(
            SourceInfo(**sources[pid]),
            ProviderInfo(**infos[pid]),
            [u for u in loaded.units if u.provider == pid],
            [f for f in loaded.facts if f.provider == pid],
            previous,
        )
        for pid in loaded.providers
        if pid not in given and pid not in remove
    ]
    return sorted([*kept, *sheets], key=lambda sheet: sheet.provider.id)


def _kept_sheet(
    source: SourceInfo,
    provider: ProviderInfo,
    units: list[Unit],
    facts: list[Fact],
    previous: list[Finding] | None,
) -> Sheet:
    """A provider kept from the current version, with its findings: those the version holds
    (what its parse found), else linted anew from its units and facts."""
    if previous is not None:
        own = [f for f in previous if f.provider == provider.id and f.kind != Kind.SECTION_MISSING]
    else:
        own = lint_sheet(SheetInput(source.path, provider.id, units, facts))
    return Sheet(source, provider, units, facts, [], tuple(own), source.path)


def _providers_named(index_dir: Path) -> set[str]:
    """The provider ids in the current manifest, or none when it cannot be read at all."""
    try:
        return {str(p["id"]) for p in read_manifest(index_dir).get("providers", [])}
    except (IndexLoadError, KeyError, TypeError):
        return set()
