"""Latency of ``POST /ask`` against a real service process on 127.0.0.1.

    python -m bench.ask_latency --index-dir var/index [--gold eval/gold.jsonl] [--requests 200]

Starts ``python -m rag_service`` on a free local port, asks the evaluation questions (or a
built-in list of agent-style questions without sheet values), and prints: p50/p95 of /ask the
first time each question is asked (no cached query embedding) and when repeated, p50 of rule vs
retrieval answers, throughput with 8 concurrent clients, and the time of one query embedding.
Bounded: every wait has a timeout and the service is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.processes import ROOT, offline_env, service_process
from eval.http_retry import post_retrying
from eval.scoring import percentile

REQUEST_TIMEOUT = 60.0

# How agents type; none of these holds a sheet's value.
BUILTIN_QUESTIONS = [
    "cliente quer cancelar",
    "qual a senha padrão do roteador",
    "qto custa o plano mais barato",
    "tem taxa de instalação?",
    "com quantos dias bloqueia",
    "pode fazer desbloqueio de confiança?",
    "qual o telefone da empresa",
    "qual o whatsapp",
    "horário de atendimento",
    "porta de acesso do roteador",
    "site p medir velocidade",
    "prazo do suporte",
    "quais as formas de pagamento",
    "atende em quais cidades",
    "tem plantão no fim de semana",
    "mudança de endereço quanto custa",
    "visita improdutiva é cobrada?",
    "qual o dns",
    "como o cliente entra na central do assinante",
    "cliente pagou a fatura errada, pagamento invertido",
]


def load_questions(gold: Path | None) -> list[tuple[str, str | None]]:
    """(question, provider) pairs from a JSON-lines gold file, else the built-in list."""
    if gold is None or not gold.is_file():
        return [(q, None) for q in BUILTIN_QUESTIONS]
    pairs: list[tuple[str, str | None]] = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if not isinstance(item, dict):
            continue
        question = item.get("q", item.get("question"))  # eval/ gold lines use "q"
        if isinstance(question, str) and question.strip():
            pairs.append((question, item.get("provider")))
    if not pairs:
        pairs = [(q, None) for q in BUILTIN_QUESTIONS]
    return pairs


def ask(
    client: httpx.Client,
    base: str,
    question: str,
    provider: str | None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[float, str]:
    """(ms, source) of one /ask; a 429/503 is waited out as Retry-After asks, not counted."""
    started = time.perf_counter()
    body = {"question": question, "provider": provider}
    sent = post_retrying(client, f"{base}/ask", body, sleep=sleep)
    # The latency of the answer, not of the waits the service asked for.
    elapsed = (time.perf_counter() - started - sent.waited) * 1000.0
    response = sent.response
    if response.status_code != 200:
        raise SystemExit(f"/ask {question!r} -> {response.status_code}: {response.text[:300]}")
    return elapsed, str(response.json().get("source"))


def concurrent_throughput(
    base: str, questions: list[tuple[str, str | None]], total: int, clients: int
) -> float:
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                question, provider = questions[n % len(questions)]
                ask(client, base, question, provider)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * total)
    return total / (time.perf_counter() - started)


def embedding_ms(model: str, runs: int = 50) -> float:
    from ingest.index import load_embedder

    embedder = load_embedder(model)
    embedder.encode(["aquecimento"])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        embedder.encode(["qual a senha do roteador"])
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args(argv)
    if args.requests < 1 or args.clients < 1:
        raise SystemExit("--requests and --clients must be >= 1")
    questions = load_questions(args.gold)
    log = Path(tempfile.mkdtemp(prefix="bench-")) / "service.log"
    # The bench is one client sending as fast as it can: the per-key rate limit is off for it.
    env = offline_env(RAG_RATE_LIMIT="0")
    quiet = ["--log-level", "warning"]
    with service_process(args.index_dir, log, quiet, env) as (base, _):
        ready = httpx.get(f"{base}/ready", timeout=10).json()
        providers = ready.get("providers") or [None]
        questions = [(q, p or providers[0]) for q, p in questions]
        by_source: dict[str, list[float]] = {}
        first: list[float] = []
        repeated: list[float] = []
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            for question, provider in questions:
                elapsed, source = ask(client, base, question, provider)
                first.append(elapsed)
                by_source.setdefault(source, []).append(elapsed)
            for n in range(args.requests):
                question, provider = questions[n % len(questions)]
                repeated.append(ask(client, base, question, provider)[0])
        throughput = concurrent_throughput(base, questions, args.requests, args.clients)
        manifest = json.loads(
            (args.index_dir / "versions" / ready["index_version"] / "manifest.json").read_text()
        )
    embed = embedding_ms(manifest["model"]["name"])

    print(f"index {ready['index_version']}  model {manifest['model']['name']}  "
          f"questions {len(questions)}  requests {args.requests}")  # fmt: skip
    print(f"{'measure':<38}{'value':>12}")
    rows = [
        ("/ask p50, first time (ms)", percentile(first, 50)),
        ("/ask p95, first time (ms)", percentile(first, 95)),
        ("/ask p50, repeated (ms)", percentile(repeated, 50)),
        ("/ask p95, repeated (ms)", percentile(repeated, 95)),
        (f"throughput, {args.clients} clients (req/s)", throughput),
        ("one query embedding, median of 50 (ms)", embed),
    ]
    for source, values in sorted(by_source.items()):
        rows.append((f"/ask p50, source={source} (n={len(values)}) (ms)", percentile(values, 50)))
    for label, value in rows:
        shown = "-" if value is None else f"{value:.1f}"
        print(f"{label:<38}{shown:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
