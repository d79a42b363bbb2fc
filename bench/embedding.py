"""The default model's two engines side by side: numpy (``ingest.index.bert``) and
sentence-transformers (torch), each loaded in a fresh process.

    python -m bench.embedding [--texts 300] [--runs 3]

Prints, per engine: load (import + weights + first vector), one question's embedding (median of
50), and the time per text on the shipped sheet's unit texts (repeated to ``--texts``), with
the numpy/library ratios and the job size above which the library's faster kernels pay for its
import (``ingest.index.embed.BULK_TEXTS`` is set from it). Medians of ``--runs`` processes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from bench.processes import ROOT, offline_env

_PROBE = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from ingest.index.embed import (
    NumpyBertEmbedder, SentenceTransformerEmbedder, resolve_model,
)
from ingest.settings import DEFAULT_MODEL
engine, count = sys.argv[1], int(sys.argv[2])
if engine == "numpy":
    embedder = NumpyBertEmbedder(DEFAULT_MODEL, Path(resolve_model(DEFAULT_MODEL)))
else:
    embedder = SentenceTransformerEmbedder(DEFAULT_MODEL)
embedder.encode(["x"])
load = time.perf_counter() - started
times = []
for _ in range(50):
    t = time.perf_counter()
    embedder.encode_queries(["qual a senha padrão do roteador da marca do cliente"])
    times.append(time.perf_counter() - t)
from ingest.parsing import parse_sheet
units = parse_sheet(Path("corpus/lasernet.txt").read_text(encoding="utf-8"), "lasernet").units
searched = [u.search_text() for u in units]
texts = [searched[i % len(searched)] + f" ({i})" for i in range(count)]
t = time.perf_counter()
embedder.encode(texts)
bulk = time.perf_counter() - t
times.sort()
print(json.dumps({"load": load, "query": times[len(times) // 2], "per_text": bulk / count}))
"""


def probe(engine: str, texts: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, engine, str(texts)],
        cwd=ROOT,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    medians: dict[str, dict[str, float]] = {}
    for engine in ("numpy", "library"):
        runs = [probe(engine, args.texts) for _ in range(args.runs)]
        medians[engine] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print("| engine | load | one question | per text (bulk) |")
    print("|---|---|---|---|")
    for engine, m in medians.items():
        print(
            f"| {engine} | {m['load']:.2f} s | {m['query'] * 1000:.1f} ms "
            f"| {m['per_text'] * 1000:.1f} ms |"
        )
    numpy, library = medians["numpy"], medians["library"]
    print(
        f"numpy/library: load {numpy['load'] / library['load']:.2f}x, "
        f"question {numpy['query'] / library['query']:.2f}x, "
        f"per text {numpy['per_text'] / library['per_text']:.2f}x"
    )
    slower = numpy["per_text"] - library["per_text"]
    if slower > 0:
        even = (library["load"] - numpy["load"]) / slower
        print(f"the library pays for its load above about {even:.0f} texts in one job")
    else:
        print("numpy is no slower per text: the library never pays for its load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
