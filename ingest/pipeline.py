"""The ingest pipeline without its command line: what to reuse of the current version, what to
parse, the vectors of what changed, and what a person should read about the change.

The plan is made from the sheets' hashes before anything is parsed: a provider whose sheet has
the bytes, and whose partition the parser, analysis and model, of this run keeps its partition
as it is (nothing read but the partition's files, to verify them); so do the current version's
other providers (unless ``--replace``). "Unchanged" is a plan that parses nothing and keeps the
same providers.

Findings (``ingest.lint``) follow the partitions: a provider's own are found when its sheet is
parsed and kept in its partition's ``lint.json`` with its profile; the comparison between the
providers (``section-missing``) is made again for every new version from the profiles kept,
and the version keeps the lot (``ingest.index.findings``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.analysis import analysis_fingerprint
from ingest.index import (
    MANIFEST,
    VERSIONS,
    IndexLoadError,
    PartitionEntry,
    current_version,
    entries_of,
    read_manifest,
)
from ingest.index.partition import read_facts as read_partition_facts
from ingest.index.partition import read_lint, read_partition, verify_partition
from ingest.lint import Profile, SheetInput, missing_in_profiles, profile
from ingest.reading import SourceError
from ingest.records import Fact, Finding, Unit
from ingest.sheets import Sheet, SourceFile, parser_fingerprint

logger = logging.getLogger(__name__)

# An error that names providers lists this many, then how many more.
LISTED = 20


def listing(ids: Iterable[str], limit: int = LISTED) -> str:
    """Sorted ids, the first ``limit`` of them and how many more: a message of bounded size."""
    ordered = sorted(ids)
    shown = ", ".join(ordered[:limit])
    return f"{shown} and {len(ordered) - limit} more" if len(ordered) > limit else shown


@dataclass(frozen=True)
class Current:
    """The current version as ingest reads it: its manifest's entries by provider."""

    version: str
    manifest: dict[str, Any]
    entries: dict[str, PartitionEntry]

    @property
    def model(self) -> str | None:
        name = self.manifest.get("model", {}).get("name")
        return str(name) if name is not None else None


@dataclass
class Plan:
    """What a run does: partitions kept as they are, sheets to parse, kept providers whose
    partition must be remade (another analysis or model), and providers dropped."""

    previous: Current | None
    keep: list[PartitionEntry] = field(default_factory=list)
    parse: list[SourceFile] = field(default_factory=list)
    remake: list[PartitionEntry] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # The part.json of each partition verified while planning, by digest.
    verified: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        """Nothing to parse or remake, and the same providers as the current version."""
        if self.previous is None or self.parse or self.remake:
            return False
        return {e.provider for e in self.keep} == set(self.previous.entries)

    @property
    def providers(self) -> list[str]:
        return sorted(
            [e.provider for e in self.keep]
            + [f.provider for f in self.parse]
            + [e.provider for e in self.remake]
        )


def read_current(index_dir: Path) -> Current | None:
    """The current version's manifest (None without an index); IndexLoadError when unreadable."""
    version = current_version(index_dir)
    if version is None:
        return None
    manifest = read_manifest(index_dir, version)
    return Current(version, manifest, {e.provider: e for e in entries_of(manifest, version)})


def _named_providers(index_dir: Path) -> set[str]:
    """The provider ids the current manifest names, read leniently (an old schema, a damaged
    file): what a publish must not lose silently. Empty when it cannot be read at all."""
    version = current_version(index_dir)
    try:
        raw = json.loads((index_dir / VERSIONS / str(version) / MANIFEST).read_text("utf-8"))
        listed = raw.get("partitions") or raw.get("providers") or []
        return {str(p.get("provider") or p["id"]) for p in listed}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def _verified_meta(index_dir: Path, entry: PartitionEntry) -> dict[str, Any] | None:
    """A partition's ``part.json`` once every file is verified; None when it is damaged."""
    try:
        return verify_partition(index_dir, entry.digest)
    except IndexLoadError as exc:
        logger.warning("%s: partition not reusable: %s", entry.provider, exc)
        return None


def _fits(meta: dict[str, Any], analysis: str, model: str) -> bool:
    """Made by the text analysis ``analysis`` and with ``model``."""
    return meta.get("analysis") == analysis and meta["model"].get("name") == model


def plan_ingest(
    index_dir: Path,
    files: Sequence[SourceFile],
    *,
    model: str,
    remove: set[str] = frozenset(),  # type: ignore[assignment]
    replace_all: bool = False,
) -> Plan:
    """What to keep, parse and remake to publish ``files`` over the current version.

    Raises SourceError for a bad ``remove`` and IndexLoadError when a provider the current
    version names would be lost (its partition, or the manifest, cannot be read).
    """
    given = {f.provider for f in files}
    if given & remove:
        raise SourceError(f"--remove {listing(list(given & remove))}: also given as a sheet")
    if current_version(index_dir) is None:
        if remove:
            raise SourceError(f"--remove {listing(list(remove))}: {index_dir} has no index")
        return Plan(previous=None, parse=list(files))
    try:
        current = read_current(index_dir)
    except IndexLoadError as exc:
        # A damaged current version must not block the publish that repairs it, as long as no
        # provider it names would be lost.
        named = set() if replace_all else _named_providers(index_dir) - given - remove
        if named:
            raise IndexLoadError(f"{exc}; its providers {listing(named)} would be lost") from exc
        logger.warning("current version unreadable (%s): publishing the given sheets", exc)
        return Plan(previous=None, parse=list(files))
    assert current is not None
    unknown = remove - set(current.entries)
    if unknown:
        known = listing(list(current.entries))
        raise SourceError(f"--remove {listing(list(unknown))}: not in the index ({known})")

    plan = Plan(previous=current)
    parser = parser_fingerprint()
    analysis = analysis_fingerprint()
    for file in files:
        entry = current.entries.get(file.provider)
        if entry is not None and entry.source.get("sha256") == file.sha256:
            meta = _verified_meta(index_dir, entry)
            if meta is not None:
                plan.verified[entry.digest] = meta
            if meta is not None and _fits(meta, analysis, model) and meta.get("parser") == parser:
                source = {**entry.source, "path": str(file.path.resolve())}
                plan.keep.append(replace(entry, source=source))
                continue
        plan.parse.append(file)
    lost: list[str] = []
    for pid, entry in current.entries.items():
        if pid in given:
            continue
        if pid in remove or replace_all:
            plan.removed.append(pid)
            continue
        meta = _verified_meta(index_dir, entry)
        if meta is not None:
            plan.verified[entry.digest] = meta
        if meta is None:
            lost.append(pid)
        elif _fits(meta, analysis, model):
            plan.keep.append(entry)
        else:
            plan.remake.append(entry)
    if lost:
        raise IndexLoadError(
            f"{current.version}: partitions damaged; its providers {listing(lost)} would be lost"
        )
    return plan


@dataclass(frozen=True)
class Remade:
    """A kept provider's records read back from its partition, to be remade."""

    entry: PartitionEntry
    units: list[Unit]
    facts: list[Fact]
    vectors: np.ndarray | None
    parser: str
    lint: dict[str, Any]


def read_remade(index_dir: Path, plan: Plan, model: str) -> list[Remade]:
    """The records of the partitions to remake; their vectors too where the model is the same."""
    out: list[Remade] = []
    for entry in plan.remake:
        meta_dim = int(plan.previous.manifest["model"]["dim"]) if plan.previous else 0
        partition = read_partition(index_dir, entry.digest, entry.provider, meta_dim)
        same_model = partition.meta["model"].get("name") == model
        out.append(
            Remade(
                entry=entry,
                units=partition.units,
                facts=partition.facts,
                vectors=partition.vectors if same_model else None,
                parser=str(partition.meta.get("parser")),
                lint=_remade_lint(entry, partition.units, partition.facts, index_dir),
            )
        )
    return out


def known_vectors(
    index_dir: Path, plan: Plan, providers: Sequence[str], model: str
) -> dict[str, np.ndarray]:
    """Vectors by unit content hash from the current partitions of ``providers`` (same model):
    a changed sheet's unchanged units need no embedding, nor the model loaded."""
    if plan.previous is None or plan.previous.model != model:
        return {}
    dim = int(plan.previous.manifest["model"]["dim"])
    found: dict[str, np.ndarray] = {}
    for pid in providers:
        entry = plan.previous.entries.get(pid)
        if entry is None:
            continue
        try:
            partition = read_partition(index_dir, entry.digest, pid, dim)
        except IndexLoadError as exc:
            logger.info("%s: previous vectors not reusable: %s", pid, exc)
            continue
        for unit, vector in zip(partition.units, partition.vectors, strict=True):
            found[unit.content_hash()] = vector
    return found


def previous_facts(index_dir: Path, plan: Plan, providers: Sequence[str]) -> list[Fact] | None:
    """The current facts of ``providers`` (those parsed and dropped): what a change is told
    against. None without a current version, or when they cannot be read."""
    if plan.previous is None:
        return None
    facts: list[Fact] = []
    for pid in providers:
        entry = plan.previous.entries.get(pid)
        if entry is None:
            continue
        try:
            facts.extend(read_partition_facts(index_dir, entry.digest))
        except IndexLoadError as exc:
            logger.warning("cannot compare %s with the current version: %s", pid, exc)
    return facts


# --- findings ---------------------------------------------------------------------------------


def lint_data(sheet: Sheet) -> dict[str, Any]:
    """What a parsed sheet's partition keeps of lint (``lint.json``): its own findings (line,
    kind, message: the path and provider are the partition's) and its profile."""
    return {
        "findings": [[f.line, f.kind, f.message] for f in sheet.findings],
        "profile": sheet.profile.to_dict(),
    }


@dataclass(frozen=True)
class _Linted:
    """A provider's lint as a version holds it: its own findings, naming ``path``, and its
    profile (None when its partition has none)."""

    own: list[Finding]
    profile: Profile | None


def _linted(
    provider: str, path: str, data: dict[str, Any], shared: dict[str, frozenset[str]]
) -> _Linted:
    try:
        own = [Finding(path, int(n), str(k), str(m), provider) for n, k, m in data["findings"]]
        kept = data.get("profile")
        found = Profile.from_dict(provider, kept, shared) if kept is not None else None
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("%s: lint of its partition unreadable: %s", provider, exc)
        return _Linted([], None)
    return _Linted(own, found)


def _remade_lint(
    entry: PartitionEntry, units: list[Unit], facts: list[Fact], index_dir: Path
) -> dict[str, Any]:
    """A remade partition keeps the findings its parse gave; its profile is made again (the
    text analysis may have changed)."""
    try:
        own = read_lint(index_dir, entry.digest).get("findings", [])
    except IndexLoadError as exc:
        logger.warning("%s: findings of its partition not kept: %s", entry.provider, exc)
        own = []
    made = profile(SheetInput(str(entry.source.get("path", "")), entry.provider, units, facts))
    return {"findings": own, "profile": made.to_dict()}


def _kept_lint(
    index_dir: Path,
    entries: Sequence[PartitionEntry],
    shared: dict[str, frozenset[str]],
    verified: dict[str, dict[str, Any]] | None = None,
) -> dict[str, _Linted]:
    """The lint kept in these providers' partitions (a provider whose lint cannot be read is
    left out, with a warning: findings never stop a publish); ``verified``: the part.json of
    partitions already checked."""
    out: dict[str, _Linted] = {}
    for entry in entries:
        path = str(entry.source.get("path", ""))
        try:
            data = read_lint(index_dir, entry.digest, (verified or {}).get(entry.digest))
        except IndexLoadError as exc:
            logger.warning("%s: lint of its partition unreadable: %s", entry.provider, exc)
            continue
        out[entry.provider] = _linted(entry.provider, path, data, shared)
    return out


def version_findings(
    index_dir: Path, plan: Plan, sheets: Sequence[Sheet], remade: Sequence[Remade] = ()
) -> list[Finding]:
    """The findings of the version ``plan`` makes: every provider's own (those of the sheets
    parsed now, the others' from their partitions) and the comparison of all their profiles,
    each naming its sheet by the source path the version records."""
    shared: dict[str, frozenset[str]] = {}
    linted = _kept_lint(index_dir, plan.keep, shared, plan.verified)
    for sheet in sheets:
        own = [replace(f, path=sheet.source.path) for f in sheet.findings]
        linted[sheet.provider.id] = _Linted(own, sheet.profile)
    for item in remade:
        path = str(item.entry.source.get("path", ""))
        linted[item.entry.provider] = _linted(item.entry.provider, path, item.lint, shared)
    paths = {e.provider: str(e.source.get("path", "")) for e in plan.keep}
    paths.update((r.entry.provider, str(r.entry.source.get("path", ""))) for r in remade)
    paths.update((s.provider.id, s.source.path) for s in sheets)
    return _with_sections(linted, paths)


def lint_findings(index_dir: Path, sheets: Sequence[Sheet]) -> tuple[list[Finding], int]:
    """``--lint``: the findings of the given sheets (naming the paths they were given by),
    compared with each other and with the current version's other providers; and how many
    of those there were (none when the index cannot be read: a warning says why)."""
    given = {s.provider.id for s in sheets}
    try:
        current = read_current(index_dir)
    except IndexLoadError as exc:
        logger.warning("compared without the index's providers: %s", exc)
        current = None
    others = [e for e in current.entries.values() if e.provider not in given] if current else []
    linted = _kept_lint(index_dir, others, {})
    linted.update((s.provider.id, _Linted(list(s.findings), s.profile)) for s in sheets)
    return _with_sections(linted, {s.provider.id: s.path for s in sheets}), len(others)


def _with_sections(linted: dict[str, _Linted], paths: dict[str, str]) -> list[Finding]:
    """The own findings of the providers in ``paths`` and what each lacks compared with every
    provider of ``linted`` (in provider order, so that the result does not depend on which
    sheets were parsed in this run)."""
    ordered = [linted[pid].profile for pid in sorted(linted)]
    profiles = [p for p in ordered if p is not None]
    own = [f for pid in paths if pid in linted for f in linted[pid].own]
    return sorted(set(own) | set(missing_in_profiles(profiles, paths)))


def as_given(findings: Sequence[Finding], given: dict[str, str]) -> list[Finding]:
    """The findings of the providers in ``given``, each naming its sheet by the path given."""
    return sorted(replace(f, path=given[f.provider]) for f in findings if f.provider in given)
