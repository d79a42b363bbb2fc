"""``python -m ingest``: sheets in, a new verified index version out (or nothing, on any error).

Every source is read, parsed and checked before anything is written; an unchanged rerun
returns before the embedding model is loaded.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ingest.index import (
    Embedder,
    EmbedderLoadError,
    EmbeddingCache,
    IndexLoadError,
    current_version,
    embed_units,
    list_versions,
    load_embedder,
    read_manifest,
)
from ingest.index.changes import describe_changes
from ingest.index.publish import publish_version, rollback
from ingest.pipeline import (
    as_given,
    keep_other_providers,
    previous_facts,
    read_sheets,
    unchanged_version,
    version_findings,
)
from ingest.reading import SourceError
from ingest.records import Finding
from ingest.settings import IngestSettings

logger = logging.getLogger(__name__)

EXIT_INPUT = 2  # a bad source or bad arguments: nothing was written
EXIT_FAILURE = 1  # the model or the index could not be used

_DESCRIPTION = """\
Build a new version of the search index from providers' operating sheets (.txt, .md, .pdf,
.docx).

Each sheet is one provider: its id is the file name without extension, lower case, unless
--provider is given (only with exactly one file). The new version holds the given sheets and
keeps the current version's other providers as they are, so re-ingesting one changed sheet
touches only that provider; --remove ID drops a provider, --replace publishes exactly the given
sheets. Every sheet is read and checked before anything is written; the new version becomes
current only when it is complete.

What each sheet leaves unanswered or unclear (a question without answer, a fee without amount,
the same fact given twice, a table row that does not fit, a topic the other sheets of the index
have, text read into nothing) is printed at the end as PATH:LINE: KIND: message, and kept with
the version; it never blocks a publish. --lint prints only that, for the given sheets."""


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
    parser.add_argument(
        "--lint",
        action="store_true",
        help="print the findings of the given sheets (compared with the index's other "
        "providers) and exit, publishing nothing",
    )
    parser.add_argument(
        "--strict", action="store_true", help="with --lint: exit 1 when there is any finding"
    )
    parser.add_argument("--list", action="store_true", help="list the versions and exit")
    parser.add_argument("--rollback", metavar="VERSION", help="make VERSION current and exit")
    parser.set_defaults(batch_size=settings.batch_size)
    return parser


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


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


def _lint(args: argparse.Namespace) -> int:
    """The findings of the given sheets, compared with the current index's other providers."""
    try:
        given = read_sheets([Path(s) for s in args.sources], args.provider)
    except SourceError as exc:
        _error(str(exc))
        return EXIT_INPUT
    everyone = given
    try:
        everyone = keep_other_providers(args.index_dir, given, set())
    except IndexLoadError as exc:
        logger.warning("compared without the index's providers: %s", exc)
    findings = as_given(version_findings(everyone), given)
    for finding in findings:
        print(finding.format())
    if not args.quiet:
        others = len(everyone) - len(given)
        plural = "s" if len(given) != 1 else ""
        compared = "with each other and " if len(given) > 1 else ""
        print(
            f"lint: {len(findings)} findings in {len(given)} sheet{plural} (compared "
            f"{compared}with {others} other providers of {args.index_dir})",
            file=sys.stderr,
        )
    return EXIT_FAILURE if args.strict and findings else 0


def _print_findings(findings: list[Finding]) -> None:
    """The findings at the end of an ingest: warnings, never a reason not to publish."""
    for finding in findings:
        print(finding.format(), file=sys.stderr)
    if findings:
        print(f"lint: {len(findings)} findings (they do not block a publish)", file=sys.stderr)


def _ingest(args: argparse.Namespace, embedder: Embedder | None) -> int:
    index_dir: Path = args.index_dir
    try:
        given = read_sheets([Path(s) for s in args.sources], args.provider) if args.sources else []
        sheets = given
        if not args.replace:
            sheets = keep_other_providers(index_dir, given, set(args.remove))
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

    findings = version_findings(sheets)
    model = embedder.name if embedder is not None else args.model
    version = unchanged_version(index_dir, sheets, model, findings)
    if version is not None:
        if not args.quiet:
            print(f"unchanged: {version}")
            _print_findings(as_given(findings, given))
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
    previous = previous_facts(index_dir)
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
            findings=findings,
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
        _print_findings(as_given(findings, given))
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
    if args.strict and not args.lint:
        _error("--strict goes with --lint")
        return EXIT_INPUT
    if args.lint:
        if not args.sources:
            _error("--lint needs a SOURCE (see --help)")
            return EXIT_INPUT
        return _lint(args)
    if not args.sources and not args.remove:
        _error("no SOURCE given (see --help)")
        return EXIT_INPUT
    return _ingest(args, embedder)
