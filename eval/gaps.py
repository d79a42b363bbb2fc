"""``python -m eval gaps``: what agents asked that the sheets did not answer, by provider and topic.

``python -m eval gaps --audit var/audit.jsonl [--feedback var/feedback.jsonl] [--since DATE]
[--provider ID] [--index-dir DIR] [--format table|csv|json]``

Reads the service's audit trail (its rotated backups too) for ``/ask`` answered ``not_found``
and the feedback for "nao_resolveu", groups them as the service would read them
(``rag_service.gaps``) and prints the groups most asked first: what a knowledge manager sends a
provider ("your sheet does not say X; agents asked 37 times this week"). With ``--index-dir``
each topic gets the sheet's closest unit, and every text is checked once more against the
index's secret values (the stored questions were scrubbed when written).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ingest.records import Unit, secret_values
from rag_service.gaps import GapGroup, from_audit, from_feedback, group_gaps, parse_since, select
from rag_service.http.feedback import read_feedback
from rag_service.security import prepare, scrub
from rag_service.security.audit import read_records

logger = logging.getLogger(__name__)

FORMATS = ("table", "csv", "json")
EXIT_INPUT = 2
_EXAMPLES_CHARS = 60
_TOPIC_CHARS = 28
_UNIT_CHARS = 50


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval gaps",
        description="Questions the sheets did not answer (not_found, nao_resolveu), grouped by "
        "provider and topic, most asked first.",
    )
    parser.add_argument("--audit", type=Path, required=True, help="the service's audit JSONL")
    parser.add_argument("--feedback", type=Path, help="the agents' feedback JSONL")
    parser.add_argument("--since", help="only questions from this date (YYYY-MM-DD) or time on")
    parser.add_argument("--provider", help="only this provider id")
    parser.add_argument(
        "--index-dir", type=Path, help="index folder: closest unit of each topic, secrets checked"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.add_argument("--top", type=int, default=50, help="groups printed (table and csv)")
    parser.add_argument("--examples", type=int, default=3, help="example questions per group")
    return parser


def _error(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return EXIT_INPUT


def _index(index_dir: Path) -> tuple[list[Unit], Callable[[str], str]]:
    """The units of the index's current version and a mask of its secret values."""
    from ingest.index import load_version

    loaded = load_version(index_dir, check_analysis=False)
    secrets = prepare(secret_values(loaded.facts))
    every = frozenset(s.casefold() for s in secrets.values)
    return loaded.units, lambda text: scrub(text, secrets, None, every)


def main(argv: list[str] | None = None) -> int:
    """Print the gaps; 2 on a missing file, a bad date or an unreadable index."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.audit.is_file():
        return _error(f"{args.audit}: no such audit log")
    if args.feedback is not None and not args.feedback.is_file():
        return _error(f"{args.feedback}: no such feedback file")
    if args.top < 1 or args.examples < 1:
        return _error(f"--top and --examples must be >= 1, got {args.top} and {args.examples}")
    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        return _error(f"--since: {exc}")
    units: list[Unit] = []
    mask: Callable[[str], str] = lambda text: text  # noqa: E731
    if args.index_dir is not None:
        from ingest.index import IndexLoadError

        try:
            units, mask = _index(args.index_dir)
        except IndexLoadError as exc:
            return _error(f"{args.index_dir}: {exc}")
    asked = from_audit(read_records(args.audit))
    if args.feedback is not None:
        asked += from_feedback(read_feedback(args.feedback))
    chosen = select(asked, since, args.provider)
    groups = group_gaps(chosen, units, mask, examples=args.examples)
    if args.format == "json":
        body = {
            "audit": str(args.audit),
            "since": since.isoformat() if since else None,
            "provider": args.provider,
            "asked": len(chosen),
            "groups": [g.to_dict() for g in groups],
        }
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(format_csv(groups[: args.top]))
    else:
        when = f", since {since.date().isoformat()}" if since else ""
        sys.stdout.write(
            f"{len(chosen)} questions without answer in {len(groups)} topics ({args.audit}{when})\n"
        )
        if groups:
            sys.stdout.write(format_table(groups[: args.top]) + "\n")
    return 0


CSV_COLUMNS = (
    "provider", "topic", "count", "agents", "not_found", "nao_resolveu", "examples",
    "closest_id", "closest_lines", "closest_text", "closest_blank", "top_unit", "last_asked",
)  # fmt: skip


def _row(group: GapGroup) -> dict[str, Any]:
    unit = group.closest
    return {
        "provider": group.provider,
        "topic": group.topic,
        "count": group.count,
        "agents": group.agents,
        "not_found": group.not_found,
        "nao_resolveu": group.nao_resolveu,
        "examples": " | ".join(group.examples),
        "closest_id": unit.id if unit else "",
        "closest_lines": f"{unit.lines[0]}-{unit.lines[1]}" if unit else "",
        "closest_text": unit.text if unit else "",
        "closest_blank": str(unit.blank).lower() if unit else "",
        "top_unit": group.top_unit or "",
        "last_asked": group.last_asked or "",
    }


def format_csv(groups: Sequence[GapGroup]) -> str:
    """The groups as CSV with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for group in groups:
        writer.writerow(_row(group))
    return out.getvalue()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _closest(group: GapGroup) -> str:
    unit = group.closest
    if unit is None:
        return "nada na planilha"
    blank = " (em branco)" if unit.blank else ""
    return f"linha {unit.lines[0]}: {_cut(unit.text, _UNIT_CHARS)}{blank}"


def format_table(groups: Sequence[GapGroup]) -> str:
    """The groups as a fixed-width table for a terminal."""
    header = ("provider", "asked", "agents", "topic", "examples", "closest unit")
    rows = [
        (
            g.provider,
            str(g.count),
            str(g.agents),
            _cut(g.topic, _TOPIC_CHARS),
            _cut(" · ".join(g.examples), _EXAMPLES_CHARS),
            _closest(g),
        )
        for g in groups
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    right = {1, 2}

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return "\n".join(line(r) for r in (header, *rows))
