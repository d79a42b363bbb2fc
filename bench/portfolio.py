"""The whole portfolio in one index: what a request, a publish and a start cost as providers grow.

    python -m bench.portfolio [--sizes 1,100,1000] [--runs 3] [--seconds 8]
                              [--workdir var/bench-portfolio]

For each size, generated sheets (``tests.sheetgen``, seeds 0..N-1) are ingested with the real
default model by ``python -m ingest`` (the first time; the work folder is kept for reruns and
the embedding cache is shared between sizes), then measured with real processes on 127.0.0.1:

* no-op rerun and one-sheet change: the wall time of ``python -m ingest SHEETS`` (one sheet
  with a new line, so its new unit needs the model; and that sheet put back, whose units are
  all known: no model);
* start -> ready: ``python -m rag_service`` until ``/ready`` answers 200, with the model
  (``full``) and without (``lexical``); the model's own load is timed apart;
* ``/ask`` over HTTP by kind of answer (rule, retrieval, not_found), p50/p95, with the engine's
  own ``took_ms``: the questions of the first sheet the way agents type them
  (``derive_questions``), the same at every size, so that only the portfolio changes;
* req/s with 8 clients against 1 and 2 workers (those questions), and over 40 providers;
* publish -> served: from the moment ingest replaced ``CURRENT`` to ``/ready`` naming the new
  version, idle and under the 8 clients' load, with the service's RSS before, at its peak
  during, and after the reload.

Prints the table with each figure's ratio to 1 provider, the goals at the largest size, and the
machine's load. Timings are medians of ``--runs``; everything bounded and stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.processes import ROOT, offline_env, stop
from bench.serving import Clients, kind_of, latencies, median, rss_mb, service, throughput

SIZES = (1, 100, 1000)
EDIT = "\nObservação interna: revisão {n} da planilha.\n"


@dataclass
class Row:
    """The figures of one portfolio size."""

    providers: int
    latency: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    rps: dict[int, float] = field(default_factory=dict)
    served: dict[str, float] = field(default_factory=dict)
    ready: dict[str, float] = field(default_factory=dict)
    rss: tuple[float, float, float] = (0.0, 0.0, 0.0)
    noop: float = 0.0
    one_sheet: float = 0.0
    one_sheet_known: float = 0.0


# --- the portfolio and ingest ----------------------------------------------------------------


def write_portfolio(folder: Path, size: int) -> list[Any]:
    """Sheets of seeds 0..size-1 in ``folder`` (txt and md alternately); the generated sheets."""
    from tests.sheetgen import generate_sheet

    folder.mkdir(parents=True, exist_ok=True)
    sheets = []
    for seed in range(size):
        sheet = generate_sheet(seed, fmt="md" if seed % 2 else "txt")
        path = folder / f"{sheet.provider_id}.{'md' if sheet.fmt == 'md' else 'txt'}"
        if not path.exists() or path.read_text(encoding="utf-8") != sheet.text:
            path.write_text(sheet.text, encoding="utf-8")
        sheets.append(sheet)
    # A kept folder holds the sheets of this generator only: another version's are stale (an
    # older generator drew other providers), and the portfolio would grow past ``size``.
    wanted = {f"{s.provider_id}.{'md' if s.fmt == 'md' else 'txt'}" for s in sheets}
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink()
    return sheets


def ingest(sheets: Path, index_dir: Path, timeout: float = 1800.0, replace: bool = False) -> float:
    """``python -m ingest SHEETS --index-dir DIR --quiet``: its wall time (it must succeed)."""
    command = [sys.executable, "-m", "ingest", str(sheets), "--index-dir", str(index_dir)]
    command += ["--replace"] if replace else []
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--quiet"], cwd=ROOT, env=offline_env(), capture_output=True, timeout=timeout
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"ingest failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return took


def model_load_seconds() -> float:
    code = (
        "import time; t = time.perf_counter()\n"
        "from ingest.index import load_embedder\n"
        "from ingest.settings import DEFAULT_MODEL\n"
        "load_embedder(DEFAULT_MODEL).encode(['x']); print(time.perf_counter() - t)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=offline_env(), capture_output=True, timeout=300
    )
    return float(done.stdout.decode().strip().splitlines()[-1])


# --- publishing while serving -----------------------------------------------------------


def questions_of(sheets: list[Any], count: int = 60, limit: int = 1) -> list[tuple[str, str]]:
    """``count`` (question, provider) pairs drawn from the first ``limit`` sheets. With one, the
    very same questions at every size: what changes between sizes is the portfolio only."""
    from tests.sheetgen import derive_questions

    rng = random.Random(14)
    pairs = [
        (q.q, sheet.provider_id) for sheet in sheets[:limit] for q in derive_questions(sheet, rng)
    ]
    rng.shuffle(pairs)
    return pairs[:count]


def publish_to_served(
    base: str, pid: int, sheet: Path, index_dir: Path, sheets: Path, n: int
) -> tuple[float, tuple[float, float, float]]:
    """Seconds from CURRENT replaced to /ready naming the new version; RSS before/peak/after.

    /ready is watched while ingest runs: ingest goes on after CURRENT (pruning, the cache, its
    exit), which is not the service's time.
    """
    from ingest.index import current_version

    before = current_version(index_dir)
    rss_before = rss_mb(pid)
    peak = [rss_before]
    original = sheet.read_text(encoding="utf-8")
    sheet.write_text(original + EDIT.format(n=n), encoding="utf-8")
    command = [sys.executable, "-m", "ingest", str(sheets), "--index-dir", str(index_dir)]
    errors = index_dir.parent / "logs" / "publish.err"
    errors.parent.mkdir(exist_ok=True)
    with errors.open("wb") as err:
        process = subprocess.Popen([*command, "--quiet"], cwd=ROOT, env=offline_env(), stderr=err)
    served = None
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 300
            while served is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("no new version served within 300 s")
                peak.append(rss_mb(pid))
                version = current_version(index_dir)
                if version not in (None, before):
                    published = (index_dir / "CURRENT").stat().st_mtime
                    if client.get("/ready").json()["index_version"] == version:
                        served = time.time() - published
                        break
                elif process.poll() not in (None, 0):
                    raise RuntimeError(f"ingest failed: {errors.read_text(errors='replace')}")
                time.sleep(0.005)
        if process.wait(300) != 0:
            raise RuntimeError("ingest failed after publishing")
        for _ in range(100):  # two seconds more: the peak of the swap, then what stays
            peak.append(rss_mb(pid))
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            stop(process)
        sheet.write_text(original, encoding="utf-8")
    return served, (rss_before, max(peak), rss_mb(pid))


# --- one size --------------------------------------------------------------------------------


def measure(size: int, work: Path, runs: int, seconds: float, cache_from: Path | None) -> Row:
    sheets_dir = work / f"sheets-{size}"
    index_dir = work / f"index-{size}"
    sheets = write_portfolio(sheets_dir, size)
    if cache_from is not None and not (index_dir / "cache").exists():
        shutil.copytree(cache_from / "cache", index_dir / "cache")
    # Builds it the first time; a no-op afterwards (--replace: the folder is the portfolio).
    ingest(sheets_dir, index_dir, replace=True)
    row = Row(providers=size)
    row.noop = median([ingest(sheets_dir, index_dir) for _ in range(runs)])
    sheet = next(p for p in sorted(sheets_dir.iterdir()) if p.stem == sheets[0].provider_id)
    original = sheet.read_text(encoding="utf-8")
    changes, known = [], []
    try:
        for _ in range(runs):
            sheet.write_text(original + EDIT.format(n=f"{time.time_ns()}"), encoding="utf-8")
            changes.append(ingest(sheets_dir, index_dir))
            sheet.write_text(original, encoding="utf-8")
            known.append(ingest(sheets_dir, index_dir))  # put back: every unit already embedded
    finally:
        sheet.write_text(original, encoding="utf-8")
    row.one_sheet, row.one_sheet_known = median(changes), median(known)

    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    for mode in ("lexical", "full"):
        times = []
        for _ in range(runs):
            with service(index_dir, logs / f"{size}-{mode}.log", mode) as (_, _, took):
                times.append(took)
        row.ready[mode] = median(times)
    pairs = questions_of(sheets)
    spread = questions_of(sheets, limit=40)
    with service(index_dir, logs / f"{size}-full.log") as (base, process, _):
        for warm in (pairs, spread):  # query embeddings cached, BM25 built
            latencies(base, warm, len(warm))
        row.latency = latencies(base, pairs, 400)
        row.rps[1] = throughput(base, pairs, seconds)
        row.rps[0] = throughput(base, spread, seconds) if size > 1 else row.rps[1]
        idle = [
            publish_to_served(base, process.pid, sheet, index_dir, sheets_dir, n)
            for n in range(runs)
        ]
        row.served["idle"] = median([s for s, _ in idle])
        row.rss = idle[-1][1]
        loaded = []
        with Clients(base, pairs) as clients:
            for n in range(runs):
                loaded.append(
                    publish_to_served(base, process.pid, sheet, index_dir, sheets_dir, 100 + n)[0]
                )
        if clients.failed:
            raise RuntimeError(f"{len(clients.failed)} failed under load: {clients.failed[:3]}")
        row.served["load"] = median(loaded)
    with service(index_dir, logs / f"{size}-w2.log", workers=2) as (base, _, _):
        latencies(base, pairs, min(len(pairs), 60))
        row.rps[2] = throughput(base, pairs, seconds)
    return row


def interleaved(
    work: Path, sizes: list[int], seconds: float
) -> dict[int, tuple[float, float, float]]:
    """Every size's service running at once, asked in turn: (rule p50 ms, engine p50 ms, req/s)
    of each, measured under the same conditions (what the machine does hits all alike)."""
    sheets = write_portfolio(work / f"sheets-{sizes[-1]}", sizes[-1])
    pairs = questions_of(sheets)
    with contextlib.ExitStack() as stack:
        bases = {}
        for size in sizes:
            log = work / "logs" / f"{size}-interleaved.log"
            bases[size] = stack.enter_context(service(work / f"index-{size}", log))[0]
        clients = {size: httpx.Client(base_url=base, timeout=60) for size, base in bases.items()}
        rules: dict[int, list[tuple[float, float]]] = {size: [] for size in sizes}
        try:
            for turn in range(len(pairs) + 600):
                question, provider = pairs[turn % len(pairs)]
                for size in sizes if turn % 2 else reversed(sizes):
                    started = time.perf_counter()
                    response = clients[size].post(
                        "/ask", json={"question": question, "provider": provider}
                    )
                    wall = (time.perf_counter() - started) * 1000
                    body = response.json()
                    if turn >= len(pairs) and kind_of(body) == "rule":  # the first round warms
                        rules[size].append((wall, float(body["took_ms"])))
        finally:
            for client in clients.values():
                client.close()
        done = {size: 0.0 for size in sizes}
        for _ in range(4):  # short slices in turn, so that drift hits every size alike
            for size in sizes:
                done[size] += throughput(bases[size], pairs, seconds / 4) * seconds / 4
    return {
        size: (
            median([w for w, _ in rules[size]]),
            median([t for _, t in rules[size]]),
            done[size] / seconds,
        )
        for size in sizes
    }


# --- the table -------------------------------------------------------------------------------


def table(rows: list[Row], model_s: float) -> list[str]:
    ref = rows[0]

    def lat(row: Row, kind: str) -> str:
        if kind not in row.latency:
            return "-"
        p50, p95, took = row.latency[kind]
        base = ref.latency.get(kind, (0.0, 0.0, 0.0))[0]
        shown = f"{p50:.1f}/{p95:.1f} ms ({took:.1f})"
        return shown + (f" {p50 / base:.2f}x" if base and row is not ref else "")

    lines = [
        "| providers | rule p50/p95 (engine p50) | retrieval p50/p95 (engine) "
        "| not_found p50/p95 (engine) | req/s 8 clients, 1 worker | 2 workers "
        "| req/s over 40 providers "
        "| publish -> served idle / under load | start -> ready lexical / full "
        "| RSS before / during / after reload | no-op rerun "
        "| one sheet changed (new text / known) |",
        "|---" * 12 + "|",
    ]
    for row in rows:
        rps1 = f"{row.rps[1]:.0f}" + (
            f" ({row.rps[1] / ref.rps[1]:.2f}x)" if row is not ref else ""
        )
        rps2 = f"{row.rps[2]:.0f}" + (
            f" ({row.rps[2] / ref.rps[2]:.2f}x)" if row is not ref else ""
        )
        lines.append(
            f"| {row.providers:,} | {lat(row, 'rule')} | {lat(row, 'retrieval')} "
            f"| {lat(row, 'not_found')} | {rps1} | {rps2} | {row.rps[0]:.0f} "
            f"| {row.served['idle']:.2f} s / {row.served['load']:.2f} s "
            f"| {row.ready['lexical']:.2f} s / {row.ready['full']:.2f} s "
            f"| {row.rss[0]:.0f} / {row.rss[1]:.0f} / {row.rss[2]:.0f} MB "
            f"| {row.noop:.2f} s | {row.one_sheet:.2f} s / {row.one_sheet_known:.2f} s |"
        )
    top = rows[-1]
    rule = top.latency.get("rule", (float("nan"),) * 3)[0] / ref.latency.get("rule", (1,))[0]
    goals = [
        f"model load alone (import + weights + first encode): {model_s:.2f} s",
        f"goals at {top.providers:,} providers:",
        f"  rule p50 within 1.2x of 1 provider: {rule:.2f}x",
        f"  req/s within 1.2x of 1 provider: {ref.rps[1] / top.rps[1]:.2f}x slower (1 worker)",
        f"  publish -> served under 2 s under load: {top.served['load']:.2f} s",
        f"  start -> ready under 3 s plus the model: {top.ready['full']:.2f} s with the model, "
        f"{top.ready['lexical']:.2f} s without",
        f"  no-op rerun under 1 s: {top.noop:.2f} s",
        f"  one sheet changed under 5 s: {top.one_sheet:.2f} s (its new unit loads the model), "
        f"{top.one_sheet_known:.2f} s when every unit is known",
    ]
    return [*lines, "", *goals]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-portfolio")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.workdir.mkdir(parents=True, exist_ok=True)
    started_load = load_average()
    # The largest first: its embedding cache serves the smaller portfolios (the same seeds).
    largest = args.workdir / f"index-{sizes[-1]}"
    write_portfolio(args.workdir / f"sheets-{sizes[-1]}", sizes[-1])
    initial = ingest(args.workdir / f"sheets-{sizes[-1]}", largest, replace=True)
    print(f"ingest of {sizes[-1]} providers (or its no-op when kept): {initial:.1f} s", flush=True)
    rows = []
    for size in sizes:
        rows.append(measure(size, args.workdir, args.runs, args.seconds, largest))
        print(f"measured {size} providers (load average {load_average()})", flush=True)
    model_s = median([model_load_seconds() for _ in range(args.runs)])
    together = interleaved(args.workdir, sizes, args.seconds)
    print()
    for line in table(rows, model_s):
        print(line)
    print()
    print("every size's service at once, asked in turn (the same questions, the same moments):")
    ref = together[sizes[0]]
    for size, (p50, took, rps) in together.items():
        print(
            f"  {size:>5,} providers: rule p50 {p50:.2f} ms ({p50 / ref[0]:.2f}x), engine "
            f"{took:.2f} ms ({took / ref[1]:.2f}x), {rps:.0f} req/s ({rps / ref[2]:.2f}x)"
        )
    print()
    print(
        f"machine: {os.cpu_count()} cores; load average (1, 5, 15 min) {started_load} at the "
        f"start, {load_average()} at the end; medians of {args.runs} runs; "
        f"{args.seconds:.0f} s per throughput run"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
