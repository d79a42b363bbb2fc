"""``python -m ingest``: sheets in, a new verified index version out (or nothing, on any error).

A sheet whose bytes did not change is not parsed again (its partition is kept as it is); every
sheet that is parsed is read and checked before anything is written; the embedding model is
loaded only when a unit needs embedding. What each sheet leaves unanswered or unclear is printed
at the end and kept with the version (``--lint``: only that). With ``--object-store`` the
version is then pushed to an S3 bucket that replicas of the service follow.
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
    read_findings,
    read_manifest,
)
from ingest.index.changes import describe_changes
from ingest.index.publish import publish_version, rollback
from ingest.partitions import new_partition, remade_partition
from ingest.pipeline import (
    Plan,
    as_given,
    known_vectors,
    lint_findings,
    listing,
    plan_ingest,
    previous_facts,
    read_remade,
    version_findings,
)
from ingest.reading import SourceError
from ingest.records import Finding
from ingest.settings import IngestSettings
from ingest.sheets import read_sheets, scan_sources

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
sheets. A sheet whose bytes did not change is not parsed again; every sheet that is parsed is
read and checked before anything is written; the new version becomes current only when it is
complete. With --object-store the version is then pushed to an S3 bucket (partitions, manifest,
then CURRENT) that replicas of the service follow.

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
        "--object-store",
        default=settings.object_store,
        metavar="URL",
        help="also publish to this S3 bucket, s3://BUCKET[/PREFIX] (env RAG_OBJECT_STORE)",
    )
    parser.add_argument(
        "--s3-endpoint",
        default=settings.s3_endpoint,
        metavar="URL",
        help="the S3 endpoint, for a store other than AWS (env RAG_S3_ENDPOINT)",
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


def _refused(exc: SourceError | IndexLoadError) -> int:
    """The error line and exit code of a bad source (2) or an unusable current version (1)."""
    if isinstance(exc, SourceError):
        _error(str(exc))
        return EXIT_INPUT
    _error(f"cannot keep the other providers of the current version: {exc} (--replace?)")
    return EXIT_FAILURE


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
        providers = listing([str(p["provider"]) for p in manifest["partitions"]])
        print(
            f"{mark} {name}  {manifest.get('created_at', '?')}  model={manifest['model']['name']}"
            f"  providers={providers.replace(', ', ',')}  units={counts['units']}"
            f"  facts={counts['facts']}"
        )
    return 0


def _lint(args: argparse.Namespace) -> int:
    """The findings of the given sheets, compared with the current index's other providers."""
    try:
        sheets = read_sheets(scan_sources([Path(s) for s in args.sources], args.provider))
    except SourceError as exc:
        _error(str(exc))
        return EXIT_INPUT
    findings, others = lint_findings(args.index_dir, sheets)
    for finding in findings:
        print(finding.format())
    if not args.quiet:
        plural = "s" if len(sheets) != 1 else ""
        compared = "with each other and " if len(sheets) > 1 else ""
        print(
            f"lint: {len(findings)} findings in {len(sheets)} sheet{plural} (compared "
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


def _kept_findings(index_dir: Path, plan: Plan) -> list[Finding]:
    """The findings of the current version, unchanged: those it keeps, else made again from
    its partitions."""
    assert plan.previous is not None
    try:
        kept = read_findings(index_dir, plan.previous.version)
    except IndexLoadError as exc:
        logger.warning("findings of %s unreadable: %s", plan.previous.version, exc)
        kept = None
    return kept if kept is not None else version_findings(index_dir, plan, [])


def _ingest(args: argparse.Namespace, embedder: Embedder | None) -> int:
    index_dir: Path = args.index_dir
    model = embedder.name if embedder is not None else args.model
    try:
        files = scan_sources([Path(s) for s in args.sources], args.provider) if args.sources else []
        plan = plan_ingest(
            index_dir, files, model=model, remove=set(args.remove), replace_all=args.replace
        )
    except (SourceError, IndexLoadError) as exc:
        return _refused(exc)
    if not plan.providers:
        _error("nothing to publish: no sheet given and no provider left")
        return EXIT_INPUT
    given = {f.provider: str(f.path) for f in files}
    if plan.unchanged:
        assert plan.previous is not None
        if not args.quiet:
            print(f"unchanged: {plan.previous.version}")
            _print_findings(as_given(_kept_findings(index_dir, plan), given))
        return _push(args, plan.previous.version)

    try:
        # Every sheet to parse is read and checked before anything is written.
        sheets = read_sheets(plan.parse)
        remade = read_remade(index_dir, plan, model)
    except (SourceError, IndexLoadError) as exc:
        return _refused(exc)
    if not args.quiet:
        for sheet in sheets:
            for warning in sheet.warnings:
                print(f"warning: {warning}", file=sys.stderr)

    parsed = [s.provider.id for s in sheets]
    known = known_vectors(index_dir, plan, parsed, model)
    todo = [u for s in sheets for u in s.units] + [
        u for r in remade if r.vectors is None for u in r.units
    ]
    missing = [u for u in todo if u.content_hash() not in known]
    cache: EmbeddingCache | None = None
    embedded = 0
    dim = embedder.dim if embedder is not None else _previous_dim(plan, model)
    if missing and dim is not None:
        # Units seen before (another provider's, a sheet put back) need no model either.
        cache = EmbeddingCache.open(index_dir, model, dim)
        for unit in missing:
            vector = cache.get(unit.content_hash())
            if vector is not None:
                known[unit.content_hash()] = vector
                cache.touch(unit.content_hash())
        missing = [u for u in missing if u.content_hash() not in known]
    try:
        if missing:
            # The model is loaded only when a unit needs embedding.
            if embedder is None:
                embedder = load_embedder(model, texts=len(missing))
            if cache is None or cache.dim != embedder.dim:
                cache = EmbeddingCache.open(index_dir, embedder.name, embedder.dim)
            vectors, stats = embed_units(
                missing, embedder, cache, batch_size=args.batch_size, show_progress=not args.quiet
            )
            known.update((u.content_hash(), v) for u, v in zip(missing, vectors, strict=True))
            embedded = stats.embedded
            dim = embedder.dim
    except EmbedderLoadError as exc:
        _error(str(exc))
        return EXIT_FAILURE
    assert dim is not None, "without a known dimension every unit was embedded"
    changes_against = previous_facts(index_dir, plan, [*parsed, *plan.removed])
    new = [new_partition(s, known, dim) for s in sheets] + [
        remade_partition(r, known, dim) for r in remade
    ]
    findings = version_findings(index_dir, plan, sheets, remade)
    try:
        version = publish_version(
            index_dir,
            [*plan.keep, *new],
            model_name=model,
            dim=dim,
            keep=args.keep,
            findings=findings,
        )
    except OSError as exc:
        _error(f"{index_dir}: cannot publish: {exc}")
        return EXIT_FAILURE
    if cache is not None:
        try:
            cache.save()
        except OSError as exc:  # the index is published; a lost cache only costs time next run
            logger.warning("embedding cache not saved: %s", exc)
    if not args.quiet:
        units = sum(e.units for e in plan.keep) + sum(len(p.units) for p in new)
        facts = sum(e.facts for e in plan.keep) + sum(len(p.facts) for p in new)
        print(
            f"published {version}: providers {listing(plan.providers)}, {units} units, "
            f"{facts} facts, embedded {embedded} / reused {units - embedded}"
        )
        if changes_against is not None:
            lines = describe_changes(changes_against, [f for s in sheets for f in s.facts])
            for line in lines:
                print(f"  {line}")
            if not lines:
                print("  no fact changed")
        _print_findings(as_given(findings, given))
    return _push(args, version)


def _previous_dim(plan: Plan, model: str) -> int | None:
    """The vectors' size of the current version when it was made with ``model``."""
    if plan.previous is None or plan.previous.model != model:
        return None
    return int(plan.previous.manifest["model"]["dim"])


def _push(args: argparse.Namespace, version: str) -> int:
    """Send the version to the object store when one is configured (a no-op otherwise)."""
    if not args.object_store:
        return 0
    from ingest.index.objectstore import ObjectStore, ObjectStoreError, push_version

    try:
        store = ObjectStore.from_url(args.object_store, endpoint=args.s3_endpoint)
        uploaded = push_version(args.index_dir, store, version, keep=args.keep)
    except (ObjectStoreError, IndexLoadError) as exc:
        _error(f"{args.object_store}: cannot publish {version}: {exc}")
        return EXIT_FAILURE
    if not args.quiet:
        print(f"pushed {version} to {args.object_store}: {uploaded} partitions uploaded")
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
    if args.object_store:
        from ingest.index.objectstore import url_problem

        problem = url_problem(args.object_store)
        if problem:
            _error(f"--object-store {problem}")
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
        return _push(args, version)  # replicas roll back with the object store
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
