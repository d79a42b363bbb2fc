"""``python -m ingest``: sheets in, a new verified index version out (or nothing, on any error).

Every source is read, parsed and checked before anything is written; an unchanged rerun
returns before the embedding model is loaded.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ingest.analysis import fold
from ingest.facts.extraction import extract_facts
from ingest.index.changes import describe_changes
from ingest.index.embed import (
    Embedder,
    EmbedderLoadError,
    EmbeddingCache,
    embed_units,
    load_embedder,
)
from ingest.index.publish import (
    IndexLoadError,
    ProviderInfo,
    SourceInfo,
    current_version,
    list_versions,
    load_version,
    publish_version,
    read_facts,
    read_manifest,
    rollback,
    serialize_records,
    verify_files,
)
from ingest.parsing.sheet import parse_sheet
from ingest.reading.sources import SourceError, collect_sources, read_sheet
from ingest.records import SCHEMA_VERSION, Fact, Unit
from ingest.settings import IngestSettings

logger = logging.getLogger(__name__)

EXIT_INPUT = 2  # a bad source or bad arguments: nothing was written
EXIT_FAILURE = 1  # the model or the index could not be used

_DESCRIPTION = """\
Build a new version of the search index from providers' operating sheets (.txt, .md, .pdf).

Each sheet is one provider: its id is the file name without extension, lower case, unless
--provider is given (only with exactly one file). The new version holds the given sheets and
keeps the current version's other providers as they are, so re-ingesting one changed sheet
touches only that provider; --remove ID drops a provider, --replace publishes exactly the given
sheets. Every sheet is read and checked before anything is written; the new version becomes
current only when it is complete."""


class Sheet(NamedTuple):
    """A source read, parsed and checked, ready to be indexed."""

    source: SourceInfo
    provider: ProviderInfo
    units: list[Unit]
    facts: list[Fact]
    warnings: list[str]


def slugify(text: str) -> str:
    """A provider id: folded, lower-case letters, digits, "-" and "_" only."""
    return re.sub(r"[^a-z0-9_-]+", "-", fold(text)).strip("-_")


def provider_id(path: Path) -> str:
    """The provider id of a sheet: its file stem as a slug."""
    return slugify(path.stem) or "provider"


def _parser() -> argparse.ArgumentParser:
    settings = IngestSettings()
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="sheet files or folders")
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=settings.index_dir,
        help="index folder (env RAG_INDEX_DIR; default %(default)s)",
    )
    parser.add_argument(
        "--model", default=settings.model, help="embedding model (env RAG_MODEL; %(default)s)"
    )
    parser.add_argument("--provider", help="provider id for a single SOURCE file")
    parser.add_argument(
        "--keep",
        type=int,
        default=settings.keep,
        help="versions to keep, the current included (env RAG_KEEP; %(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="publish exactly the given sheets: providers not given are dropped",
    )
    parser.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="ID",
        help="drop provider ID from the new version (repeatable; SOURCE may then be empty)",
    )
    parser.add_argument("--list", action="store_true", help="list the versions and exit")
    parser.add_argument("--rollback", metavar="VERSION", help="make VERSION current and exit")
    parser.set_defaults(batch_size=settings.batch_size)
    return parser


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def read_sheets(paths: Sequence[Path], provider: str | None) -> list[Sheet]:
    """Every source read, parsed and its facts extracted; SourceError on the first bad one."""
    files = collect_sources(list(paths))
    if not files:
        raise SourceError(f"{', '.join(map(str, paths))}: no .txt, .md or .pdf sheet found")
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
            facts = extract_facts(list(parsed.units), parsed.line_map)
        except Exception as exc:  # one line for the operator; the traceback for a developer
            logger.debug("parsing %s failed", path, exc_info=True)
            raise SourceError(f"{path}: cannot parse the sheet: {exc!r}") from exc
        # Free text parses into statements; a sheet has questions or extractable facts.
        if not facts and not any(unit.question for unit in parsed.units):
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
        sheets.append(
            Sheet(
                source=source,
                provider=ProviderInfo(id=pid, name=display, source=source.path),
                units=list(parsed.units),
                facts=facts,
                warnings=[
                    w if w.startswith(str(path)) else f"{path}: {w}" for w in sheet_text.warnings
                ],
            )
        )
    return sheets


def unchanged_version(index_dir: Path, sheets: Sequence[Sheet], model: str) -> str | None:
    """The current version when it was built from these very sheets and model, else None."""
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
        and files.get("units.jsonl") == hashlib.sha256(units_bytes).hexdigest()
        and files.get("facts.jsonl") == hashlib.sha256(facts_bytes).hexdigest()
    )
    return version if same else None


def _previous_facts(index_dir: Path) -> list[Fact] | None:
    try:
        return read_facts(index_dir) if current_version(index_dir) else None
    except IndexLoadError as exc:
        logger.warning("cannot compare with the current version: %s", exc)
        return None


def _list(index_dir: Path) -> int:
    current = current_version(index_dir)
    versions = list_versions(index_dir)
    if not versions:
        print(f"no versions in {index_dir}")
        return 0
    for name in versions:
        mark = "*" if name == current else " "
        try:
            manifest = read_manifest(index_dir, name)
        except IndexLoadError as exc:
            print(f"{mark} {name}  unreadable: {exc}")
            continue
        counts = manifest["counts"]
        providers = ",".join(str(p["id"]) for p in manifest["providers"])
        print(
            f"{mark} {name}  {manifest.get('created_at', '?')}  model={manifest['model']['name']}"
            f"  providers={providers}  units={counts['units']}  facts={counts['facts']}"
        )
    return 0


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
        loaded = load_version(index_dir)
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
    kept = [
        Sheet(
            source=SourceInfo(**sources[pid]),
            provider=ProviderInfo(**infos[pid]),
            units=[u for u in loaded.units if u.provider == pid],
            facts=[f for f in loaded.facts if f.provider == pid],
            warnings=[],
        )
        for pid in loaded.providers
        if pid not in given and pid not in remove
    ]
    return sorted([*kept, *sheets], key=lambda sheet: sheet.provider.id)


def _providers_named(index_dir: Path) -> set[str]:
    """The provider ids in the current manifest, or none when it cannot be read at all."""
    try:
        return {str(p["id"]) for p in read_manifest(index_dir).get("providers", [])}
    except (IndexLoadError, KeyError, TypeError):
        return set()


def _ingest(args: argparse.Namespace, embedder: Embedder | None) -> int:
    index_dir: Path = args.index_dir
    try:
        sheets = read_sheets([Path(s) for s in args.sources], args.provider) if args.sources else []
        if not args.replace:
            sheets = keep_other_providers(index_dir, sheets, set(args.remove))
    except SourceError as exc:
        _error(str(exc))
        return EXIT_INPUT
    except IndexLoadError as exc:
        _error(f"cannot keep the other providers of the current version: {exc} (--replace?)")
        return EXIT_FAILURE
    if not sheets:
        _error("nothing to publish: no sheet given and no provider left")
        return EXIT_INPUT
    if not args.quiet:
        for sheet in sheets:
            for warning in sheet.warnings:
                print(f"warning: {warning}", file=sys.stderr)

    model = embedder.name if embedder is not None else args.model
    version = unchanged_version(index_dir, sheets, model)
    if version is not None:
        if not args.quiet:
            print(f"unchanged: {version}")
        return 0

    units = [unit for sheet in sheets for unit in sheet.units]
    facts = [fact for sheet in sheets for fact in sheet.facts]
    try:
        if embedder is None:
            embedder = load_embedder(model)
        cache = EmbeddingCache.open(index_dir, embedder.name, embedder.dim)
        vectors, stats = embed_units(
            units, embedder, cache, batch_size=args.batch_size, show_progress=not args.quiet
        )
    except EmbedderLoadError as exc:
        _error(str(exc))
        return EXIT_FAILURE
    previous = _previous_facts(index_dir)
    try:
        version = publish_version(
            index_dir,
            units,
            facts,
            vectors,
            model_name=embedder.name,
            dim=embedder.dim,
            sources=[s.source for s in sheets],
            providers=[s.provider for s in sheets],
            keep=args.keep,
        )
    except OSError as exc:
        _error(f"{index_dir}: cannot publish: {exc}")
        return EXIT_FAILURE
    try:
        cache.save()
    except OSError as exc:  # the index is published; a lost cache only costs time next run
        logger.warning("embedding cache not saved: %s", exc)
    if not args.quiet:
        ids = ",".join(s.provider.id for s in sheets)
        print(
            f"published {version}: providers {ids}, {len(units)} units, {len(facts)} facts, "
            f"embedded {stats.embedded} / reused {stats.reused}"
        )
        if previous is not None:
            changes = describe_changes(previous, facts)
            for line in changes:
                print(f"  {line}")
            if not changes:
                print("  no fact changed")
    return 0


def main(argv: list[str] | None = None, embedder: Embedder | None = None) -> int:
    """Run the ingest CLI; the exit code (0 ok, 1 model/index failure, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.WARNING,
        format="%(levelname)s: %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # read_sheet returns its warnings and they are printed below; the log would double them.
    logging.getLogger("ingest.reading.sources").setLevel(logging.ERROR)
    # pypdf logs its repairs of a broken file; the one error line says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # The libraries' own warnings while loading a model; a failure is reported in one line.
    for name in ("sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if args.keep < 1:
        _error(f"--keep must be >= 1, got {args.keep}")
        return EXIT_INPUT
    if args.list:
        return _list(args.index_dir)
    if args.rollback:
        try:
            version = rollback(args.index_dir, args.rollback)
        except IndexLoadError as exc:
            _error(f"cannot roll back: {exc}")
            return EXIT_FAILURE
        if not args.quiet:
            print(f"current: {version}")
        return 0
    if args.replace and args.remove:
        _error("--remove and --replace together: --replace already drops what is not given")
        return EXIT_INPUT
    if not args.sources and not args.remove:
        _error("no SOURCE given (see --help)")
        return EXIT_INPUT
    return _ingest(args, embedder)
