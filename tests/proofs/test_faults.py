"""Faults: ingest killed at random, damaged versions, a full disk, a cold start on a bad version.

In every case the service keeps serving the last complete version (``/ready`` 200) and the
index's ``CURRENT`` names a version that loads; a version that does not load is refused and
logged, never served; with nothing loadable the service answers 503 and keeps running.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from bench.processes import free_port, stop
from bench.soak import write_sheets
from ingest.cli import main as ingest_main
from ingest.index import (
    CURRENT,
    PARTITIONS,
    VERSIONS,
    IndexLoadError,
    current_version,
    load_version,
    partition_folder,
    publish,
    read_manifest,
)
from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import LASERNET, ROOT, HashEmbedder

pytestmark = pytest.mark.integration

KILLS = 20
POLL = 0.1
QUESTION = {"question": "qual a porta de acesso", "provider": "lasernet"}


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _settings(index_dir: Path, mode: str = "hybrid") -> Settings:
    return Settings(index_dir=index_dir, mode=mode, poll_interval=POLL, rate_limit=0)


def _publish(index_dir: Path, sheet: Path) -> str:
    argv = [str(sheet), "--index-dir", str(index_dir), "--provider", "lasernet", "--quiet"]
    assert ingest_main(argv, embedder=HashEmbedder()) == 0
    version = current_version(index_dir)
    assert version is not None
    return version


def _serves(client: TestClient, version: str, within: float = 3.0) -> None:
    """``/ready`` is 200 all along and names ``version`` within ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        ready = client.get("/ready")
        assert ready.status_code == 200, ready.text
        if ready.json()["index_version"] == version:
            return
        assert time.monotonic() < deadline, f"still serving {ready.json()}, not {version}"
        time.sleep(0.05)


def _still_serves(client: TestClient, version: str) -> None:
    """Several poll intervals later: still 200 on the same version, and /ask answers from it."""
    for _ in range(8):
        time.sleep(POLL)
        ready = client.get("/ready")
        assert ready.status_code == 200 and ready.json()["index_version"] == version
    ask = client.post("/ask", json=QUESTION)
    assert ask.status_code == 200 and ask.json()["index_version"] == version


# --- ingest killed at random points ----------------------------------------------------------


# By default the killed ingest runs with the HashEmbedder (about 1 s a run, so the random kills
# land in parsing, embedding and every publish step alike); RAG_PROOF_REAL_MODEL=1 runs
# ``python -m ingest`` with the real default model and its embedding cache instead (about 9 s a
# run, most of it loading the model: 2+ minutes for the 20 kills).
REAL_MODEL = os.environ.get("RAG_PROOF_REAL_MODEL") == "1"
HASH_INGEST = """
import sys
from ingest.cli import main
from tests.factories import HashEmbedder
sys.exit(main(sys.argv[1:], embedder=HashEmbedder()))
"""


def _ingest_command(sheet: Path, index_dir: Path) -> list[str]:
    entry = ["-m", "ingest"] if REAL_MODEL else ["-c", HASH_INGEST]
    command = [sys.executable, *entry, str(sheet), "--index-dir", str(index_dir)]
    return [*command, "--provider", "lasernet", "--quiet"]


def _edit_last_line(sheet: Path, run: int) -> None:
    lines = LASERNET.read_text(encoding="utf-8").splitlines()
    lines.append(f"Observação interna número {run}: registrar no sistema.")
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ingest_killed_at_random_points_never_leaves_a_broken_current(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    sheet = tmp_path / "sheets" / "lasernet.txt"
    sheet.parent.mkdir()
    _edit_last_line(sheet, 0)
    first = subprocess.run(
        _ingest_command(sheet, index_dir), env=_env(), cwd=ROOT, capture_output=True, timeout=600
    )
    assert first.returncode == 0, first.stderr
    # A full run once the cache is warm: the kills are spread over all of it.
    _edit_last_line(sheet, 1)
    started = time.monotonic()
    second = subprocess.run(
        _ingest_command(sheet, index_dir), env=_env(), cwd=ROOT, capture_output=True, timeout=600
    )
    assert second.returncode == 0, second.stderr
    full_run = time.monotonic() - started

    rng = random.Random(6)
    outcomes = {"killed, previous kept": 0, "killed, new published": 0, "finished": 0}
    # Lexical mode: the service needs no model (of either kind) to prove it follows CURRENT.
    with TestClient(create_app(_settings(index_dir, mode="lexical"))) as client:
        _serves(client, current_version(index_dir) or "")
        for run in range(2, 2 + KILLS):
            before = current_version(index_dir)
            _edit_last_line(sheet, run)
            process = subprocess.Popen(
                _ingest_command(sheet, index_dir),
                env=_env(),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            kill_at = time.monotonic() + rng.uniform(0.0, full_run)
            while time.monotonic() < kill_at and process.poll() is None:
                assert client.get("/ready").status_code == 200
                time.sleep(0.05)
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signal.SIGKILL)
            assert process.wait(30) in (0, -signal.SIGKILL)
            after = current_version(index_dir)
            assert after is not None
            loaded = load_version(index_dir)  # complete: every file verified
            assert loaded.version == after
            if finished:
                outcomes["finished"] += 1
            elif after != before:
                outcomes["killed, new published"] += 1
            else:
                outcomes["killed, previous kept"] += 1
            _serves(client, after)
    model = "real model" if REAL_MODEL else "HashEmbedder"
    print(f"{KILLS} random kills in 0..{full_run:.1f} s ({model}): {outcomes}")
    assert sum(outcomes.values()) == KILLS
    assert outcomes["killed, previous kept"] > 0, "no kill landed before the publish completed"


# --- damaged versions ------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


# A damage gets the version's folder (its manifest) and its one partition's folder.
Damage = Callable[[Path, Path], None]


def _manifest_edit(edit: Callable[[dict], None]) -> Damage:
    def damage(version: Path, partition: Path) -> None:
        manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
        edit(manifest)
        (version / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    return damage


def _more_units(manifest: dict) -> None:
    manifest["counts"]["units"] += 1


def _other_digest(manifest: dict) -> None:
    manifest["partitions"][0]["digest"] = "0" * 64


def _other_dim(manifest: dict) -> None:
    manifest["model"]["dim"] += 1


DAMAGES: dict[str, Damage] = {
    "vectors.npy truncated": lambda v, p: _truncate(p / "vectors.npy"),
    "units.json altered": lambda v, p: _flip_byte(p / "units.json"),
    "facts.json missing": lambda v, p: (p / "facts.json").unlink(),
    "part.json altered": lambda v, p: _flip_byte(p / "part.json"),
    "manifest counts do not match": _manifest_edit(_more_units),
    "manifest names a missing partition": _manifest_edit(_other_digest),
    "manifest dim does not match": _manifest_edit(_other_dim),
    "manifest not JSON": lambda v, p: (v / "manifest.json").write_text("{", "utf-8"),
}


def _partition_of(index_dir: Path, version: str) -> Path:
    return partition_folder(index_dir, read_manifest(index_dir, version)["partitions"][0]["digest"])


def _stage_bad_version(tmp_path: Path, sheet: Path, damage: Damage) -> tuple[Path, Path]:
    """A version built elsewhere and damaged there: its folder and its partition's folder, not
    yet in the served index."""
    staging = tmp_path / "staging"
    version = _publish(staging, sheet)
    folder = staging / VERSIONS / version
    partition = _partition_of(staging, version)
    damage(folder, partition)
    return folder, partition


def _point_current_at(index_dir: Path, version: str) -> None:
    tmp = index_dir / "CURRENT.test-tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)


@pytest.fixture
def sheets(tmp_path: Path) -> dict[str, Path]:
    return write_sheets(tmp_path / "sheets")


@pytest.mark.parametrize("damage", list(DAMAGES), ids=str)
def test_damaged_version_is_refused_and_the_previous_one_served(
    tmp_path: Path, sheets: dict[str, Path], damage: str
) -> None:
    index_dir = tmp_path / "index"
    good = _publish(index_dir, sheets["a"])
    bad_folder, bad_partition = _stage_bad_version(tmp_path, sheets["b"], DAMAGES[damage])
    bad = bad_folder.name
    app = create_app(_settings(index_dir), embedder=HashEmbedder())
    with TestClient(app) as client:
        _serves(client, good)
        shutil.copytree(bad_partition, index_dir / PARTITIONS / bad_partition.name)
        shutil.copytree(bad_folder, index_dir / VERSIONS / bad)
        with pytest.raises(IndexLoadError):
            load_version(index_dir, bad)
        _point_current_at(index_dir, bad)
        _still_serves(client, good)
        assert bad in (app.state.services.store.last_error or "")
        # The next good publish is served again.
        _serves(client, _publish(index_dir, sheets["a"]))


def test_current_naming_a_missing_or_invalid_version_keeps_the_previous(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    index_dir = tmp_path / "index"
    good = _publish(index_dir, sheets["a"])
    with TestClient(create_app(_settings(index_dir), embedder=HashEmbedder())) as client:
        _serves(client, good)
        for name in ("20990101T000000Z-abcdef", "../../etc", ""):
            _point_current_at(index_dir, name)
            _still_serves(client, good)


# --- a full disk -----------------------------------------------------------------------------


def test_write_error_enospc_publishes_nothing_and_the_service_keeps_serving(
    tmp_path: Path, sheets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    good = _publish(index_dir, sheets["a"])
    real_write = publish.write_file
    calls = {"n": 0}

    def full_disk(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if path.name == "manifest.json":  # the last file of a version: everything else written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, data)

    with TestClient(create_app(_settings(index_dir), embedder=HashEmbedder())) as client:
        _serves(client, good)
        monkeypatch.setattr(publish, "write_file", full_disk)
        argv = [str(sheets["b"]), "--index-dir", str(index_dir), "--provider", "lasernet"]
        assert ingest_main([*argv, "--quiet"], embedder=HashEmbedder()) == 1
        assert calls["n"] > 0
        assert current_version(index_dir) == good
        assert load_version(index_dir).version == good
        _still_serves(client, good)
        monkeypatch.setattr(publish, "write_file", real_write)
        _serves(client, _publish(index_dir, sheets["b"]))
        assert not list(index_dir.glob(".tmp-*")), "the next publish removes the leftovers"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (root only; skipped where it cannot be mounted)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_tmpfs_publishes_nothing_and_the_service_keeps_serving(
    tiny_disk: Path, sheets: dict[str, Path]
) -> None:
    index_dir = tiny_disk / "index"
    good = _publish(index_dir, sheets["a"])
    with TestClient(create_app(_settings(index_dir), embedder=HashEmbedder())) as client:
        _serves(client, good)
        # Fill the disk but for a few KiB: the next version cannot be written whole.
        filler = tiny_disk / "filler"
        with filler.open("wb") as fh:
            free = shutil.disk_usage(tiny_disk).free
            fh.write(b"\0" * max(0, free - 8 * 1024))
        argv = [str(sheets["b"]), "--index-dir", str(index_dir), "--provider", "lasernet"]
        assert ingest_main([*argv, "--quiet"], embedder=HashEmbedder()) == 1
        assert current_version(index_dir) == good
        assert load_version(index_dir).version == good
        _still_serves(client, good)
        filler.unlink()
        _serves(client, _publish(index_dir, sheets["b"]))


# --- cold start with only a bad version ------------------------------------------------------


def test_cold_start_on_a_bad_version_answers_503_and_keeps_running(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    index_dir = tmp_path / "index"
    bad = _publish(index_dir, sheets["a"])
    _truncate(_partition_of(index_dir, bad) / "vectors.npy")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**_env(), "RAG_POLL_INTERVAL": str(POLL), "RAG_RATE_LIMIT": "0"}
    command = [sys.executable, "-m", "rag_service", "--index-dir", str(index_dir), "--mode"]
    command += ["lexical", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "service.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        for _ in range(3):  # over several poll intervals: 503, and the same process alive
            assert httpx.get(f"{base}/ready", timeout=5).status_code == 503
            ask = httpx.post(f"{base}/ask", json=QUESTION, timeout=5)
            assert ask.status_code == 503, ask.text
            time.sleep(0.5)
        assert process.poll() is None, "the service must not exit on a bad index"
        assert bad in log.read_text(errors="replace"), "the refused version is logged"
        # Publishing a good version brings it up without a restart.
        good = _publish(index_dir, sheets["b"])
        deadline = time.monotonic() + 5
        while httpx.get(f"{base}/ready", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the good version was not picked up"
            time.sleep(0.1)
        assert httpx.get(f"{base}/ready", timeout=5).json()["index_version"] == good
    finally:
        stop(process)
