"""Turn agents' feedback into candidate gold lines for a person to check.

``python -m eval.feedback_export --feedback var/feedback.jsonl [--out candidates.jsonl]``

Lines marked ``"review": true`` need a person to write ``expect`` (or confirm ``abstain``) before
they go into a gold file; the others already hold the exact value the agent confirmed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from rag_service.http.feedback import read_feedback, to_gold_lines

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval.feedback_export",
        description="Export stored feedback as candidate gold lines (JSON lines).",
    )
    parser.add_argument("--feedback", type=Path, required=True, help="the feedback JSONL file")
    parser.add_argument("--out", type=Path, default=None, help="output file (default: stdout)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Write one candidate gold line per distinct question; 2 when the feedback file is missing."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.feedback.is_file():
        sys.stderr.write(f"{args.feedback}: no such feedback file\n")
        return 2
    lines = to_gold_lines(read_feedback(args.feedback))
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    to_review = sum(1 for line in lines if line.get("review"))
    sys.stderr.write(f"{len(lines)} candidate gold lines, {to_review} to review\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
