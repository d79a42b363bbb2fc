"""Accuracy on generated sheets: facts against the truth by layout variant, answers by question
variant, so that a weak variant shows as a number.

    python -m bench.sheetgen_accuracy --sheets 1000 [--formats txt,md,pdf] [--model hash]

Generates sheets with known truth (tests/sheetgen), checks every extracted fact against the
truth, ingests them all into one index, asks every derived question in-process (full mode:
rules and retrieval) and prints: per layout variant, the share of sheets whose facts of that
part are all exact; per question variant, answer accuracy. ``--model hash`` uses the tests' fake
embedder (fast, dense retrieval meaningless); the default embedding model is the real one.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.processes import ROOT
from ingest.cli import main as ingest_main
from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.reading import read_sheet
from rag_service.answering import Engine
from tests.sheetgen import derive_questions, generate_sheet, render_pdf
from tests.sheetgen.checks import fact_mismatches
from tests.sheetgen.judge import judge_response

# Which mismatch parts belong to which layout choice of the sheet.
PARTS_OF_VARIANT = {
    "credentials": ("credentials",),
    "credential_sentence": ("credentials",),
    "brand_row": ("credentials",),
    "plans": ("plans",),
    "plans_second": ("plans",),
    "technologies": ("plans",),
    "installation_fee": ("fees",),
    "visit_fee": ("fees",),
    "service_fees": ("fees",),
    "reconnection_fee": ("fees",),
    "blocks": ("blocks",),
    "trust_limit": ("blocks",),
    "contacts": ("contacts",),
    "port": ("port",),
    "answers": ("credentials", "plans", "fees", "blocks", "contacts", "port", "deadline"),
}


def write_sheets(folder: Path, count: int, formats: list[str], seed0: int) -> list[Any]:
    sheets = []
    for n in range(count):
        fmt = formats[n % len(formats)]
        sheet = generate_sheet(seed0 + n, fmt="md" if fmt == "md" else "txt")
        if fmt == "pdf":
            render_pdf(sheet, folder / f"{sheet.provider_id}.pdf")
        else:
            (folder / f"{sheet.provider_id}.{fmt}").write_text(sheet.text, encoding="utf-8")
        sheets.append((sheet, fmt))
    return sheets


def table(title: str, rows: Iterable[tuple[str, int, int]]) -> list[str]:
    out = [title, f"  {'variant':<44}{'n':>7}{'right':>9}"]
    for name, n, right in rows:
        out.append(f"  {name:<44}{n:>7}{right / n if n else 0:>9.3f}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sheets", type=int, default=300)
    parser.add_argument("--formats", default="txt,md")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--model", default="hash", help="'hash' or an embedding model name")
    parser.add_argument("--show", type=int, default=5, help="failures shown per variant")
    args = parser.parse_args(argv)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    work = Path(tempfile.mkdtemp(prefix="sheetgen-bench-"))
    folder = work / "sheets"
    folder.mkdir()
    started = time.perf_counter()
    sheets = write_sheets(folder, args.sheets, formats, args.seed)

    by_variant: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: dict[str, list[str]] = defaultdict(list)
    items = right_items = 0
    for sheet, fmt in sheets:
        path = folder / f"{sheet.provider_id}.{fmt}"
        parsed = parse_sheet(read_sheet(path).text, sheet.provider_id)
        mismatches = fact_mismatches(sheet.truth, extract_facts(parsed.units, parsed.line_map))
        bad_parts = Counter(m.part for m in mismatches)
        items += len(sheet.truth.credentials) + len(sheet.truth.plans) + len(sheet.truth.fees)
        right_items += 0
        for key, option in {**sheet.truth.variants, "format": fmt}.items():
            parts = PARTS_OF_VARIANT.get(key, ())
            if key == "format":
                parts = tuple(bad_parts) or ("-",)
            name = f"{key}={option}"
            by_variant[name][0] += 1
            clean = not any(bad_parts.get(p) for p in parts) if key != "format" else not bad_parts
            by_variant[name][1] += int(clean)
            if not clean and len(failures[name]) < args.show:
                shown = [str(m) for m in mismatches if m.part in parts or key == "format"]
                failures[name].append(f"{sheet.provider_id}.{fmt}: {shown[0][:160]}")

    index_dir = work / "index"
    if args.model == "hash":
        from tests.factories import HashEmbedder

        embedder: Any = HashEmbedder()
    else:
        from ingest.index import load_embedder

        embedder = load_embedder(args.model)
    code = ingest_main([str(folder), "--index-dir", str(index_dir), "--quiet"], embedder=embedder)
    if code != 0:
        sys.stderr.write(f"ingest failed with {code}\n")
        return code
    engine = Engine.from_index_dir(index_dir, embedder=embedder)
    by_question: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    q_fail: dict[str, list[str]] = defaultdict(list)
    exact = [0, 0]
    for sheet, _ in sheets:
        for question in derive_questions(sheet, random.Random(sheet.provider_id)):
            body = engine.ask(question.q, sheet.provider_id, 3).to_dict()
            ok = judge_response(question, body)
            for bucket, key in ((by_question, question.variant), (by_kind, question.kind)):
                bucket[key][0] += 1
                bucket[key][1] += int(ok)
            if question.exact and not question.abstain:
                exact[0] += 1
                exact[1] += int(ok)
            if not ok and len(q_fail[question.variant]) < args.show:
                got = (body.get("answer") or " / ".join(body.get("caveats", [])))[:140]
                q_fail[question.variant].append(
                    f"{question.id}: {question.q!r} -> {body['status']} {got!r}"
                    f" (expect {list(question.expect)[:2]})"
                )
    lines = [
        f"{len(sheets)} sheets ({','.join(formats)}), model {args.model}, "
        f"{time.perf_counter() - started:.0f} s"
    ]
    lines += table("facts exact, by layout variant (share of sheets):", sorted(
        (name, n, right) for name, (n, right) in by_variant.items()
    ))  # fmt: skip
    lines += table("answers right, by question variant:", sorted(
        (name, n, right) for name, (n, right) in by_question.items()
    ))  # fmt: skip
    lines += table("answers right, by fact kind asked:", sorted(
        (name, n, right) for name, (n, right) in by_kind.items()
    ))  # fmt: skip
    total = [sum(n for n, _ in by_question.values()), sum(r for _, r in by_question.values())]
    lines.append(f"all questions: {total[1]}/{total[0]} = {total[1] / max(total[0], 1):.3f}")
    lines.append(f"exact values: {exact[1]}/{exact[0]} = {exact[1] / max(exact[0], 1):.3f}")
    print("\n".join(lines))
    if args.show:
        print("\nfailures (first of each variant):")
        for name, shown in sorted({**failures, **q_fail}.items()):
            for line in shown:
                print(f"  [{name}] {line}")
    print(f"\nwork folder: {work} (root {ROOT})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
