"""Rate limits that fit the deployment: none on loopback without keys, per key with keys, and
each key's own ``rate_limit`` from the keys file (``python -m rag_service.keys add --rate-limit``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag_service import keys as keys_cli
from rag_service.http.app import create_app
from rag_service.http.limits import Caller, Limits, RateLimiter
from rag_service.security import KeyRing, KeysError, hash_key
from rag_service.security.keyring import parse_entries, parse_env_keys
from rag_service.settings import DEFAULT_RATE_LIMIT, Settings
from tests.factories import HashEmbedder

ASK = {"question": "qual a porta", "provider": "lasernet"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ---- the defaults ------------------------------------------------------------------------------


def test_no_rate_limit_by_default_without_keys_and_the_default_per_key_with_keys(
    tmp_path: Path,
) -> None:
    assert Settings().rate_per_minute(keys_required=False) == 0.0
    assert Settings().rate_per_minute(keys_required=True) == DEFAULT_RATE_LIMIT
    assert Settings(rate_limit=30).rate_per_minute(keys_required=False) == 30.0
    assert Settings(rate_limit=0).rate_per_minute(keys_required=True) == 0.0


def test_a_script_on_loopback_without_keys_is_never_throttled(laser_index: Path) -> None:
    """The issue's case: hundreds of questions back to back, default settings, no keys."""
    settings = Settings(index_dir=laser_index, mode="lexical", rate_burst=5)
    with TestClient(create_app(settings, HashEmbedder())) as client:
        codes = [client.post("/ask", json=ASK).status_code for _ in range(150)]
        assert client.get("/search", params={"q": "porta"}).status_code == 200
    assert codes == [200] * 150


# ---- per key, each with its own rate ----------------------------------------------------------


@pytest.fixture
def keyed(laser_index: Path, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """Keys "agent" (the default rate), "slow" (60 a minute) and "batch" (0: unlimited)."""
    path = tmp_path / "keys.json"
    keys = {
        "agent": keys_cli.add(path, "agent", "agent"),
        "slow": keys_cli.add(path, "slow", "agent", rate_limit=60),
        "batch": keys_cli.add(path, "batch", "viewer", rate_limit=0),
    }
    settings = Settings(
        index_dir=laser_index,
        mode="lexical",
        keys_file=path,
        rate_burst=3,
        audit_path=tmp_path / "audit.jsonl",
        feedback_path=tmp_path / "feedback.jsonl",
    )
    app = create_app(settings, HashEmbedder())
    limits: Limits = app.state.services.limits
    limits.rate._clock = FakeClock()  # time stands still: no token comes back during the test
    with TestClient(app) as client:
        yield client, keys


def _codes(client: TestClient, key: str, count: int) -> list[int]:
    headers = {"X-API-Key": key}
    return [client.post("/ask", json=ASK, headers=headers).status_code for _ in range(count)]


def test_with_keys_each_key_has_the_default_rate_unless_it_carries_its_own(
    keyed: tuple[TestClient, dict[str, str]],
) -> None:
    client, keys = keyed
    assert _codes(client, keys["agent"], 4) == [200, 200, 200, 429]
    assert _codes(client, keys["slow"], 3) == [200, 200, 200]
    refused = client.post("/ask", json=ASK, headers={"X-API-Key": keys["slow"]})
    assert refused.headers["Retry-After"] == "1", "60 a minute: a token a second"
    # The batch key runs a regression at full speed while the agents' keys keep theirs.
    assert _codes(client, keys["batch"], 120) == [200] * 120
    assert _codes(client, keys["agent"], 1) == [429]


def test_a_keys_file_edit_changes_the_rate_of_a_running_service(
    keyed: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, keys = keyed
    assert _codes(client, keys["agent"], 4)[-1] == 429
    path = tmp_path / "keys.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["keys"]:
        if entry["id"] == "agent":
            entry["rate_limit"] = 0
    time.sleep(0.01)
    path.write_text(json.dumps(data), encoding="utf-8")
    ring: KeyRing = client.app.state.services.keyring  # type: ignore[attr-defined]
    ring._checked = 0.0  # the next lookup re-reads the file (it checks once a second)
    assert _codes(client, keys["agent"], 10) == [200] * 10


def test_rate_limiter_fills_each_bucket_at_the_callers_own_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=0, burst=2, clock=clock)
    assert [limiter.acquire("anyone") for _ in range(50)] == [None] * 50, "0: no default limit"
    assert [limiter.acquire("k", per_minute=120) for _ in range(2)] == [None, None]
    assert limiter.acquire("k", per_minute=120) == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.acquire("k", per_minute=120) is None
    assert [limiter.acquire("free", per_minute=0) for _ in range(50)] == [None] * 50
    limits = Limits(0, 1, 1, 1.0, clock=clock)
    limits.check_rate(Caller("key:a", 60))
    with pytest.raises(Exception, match="rate limit exceeded"):
        limits.check_rate(Caller("key:a", 60))


# ---- the keys file and the CLI -----------------------------------------------------------------


def test_keys_cli_add_with_rate_limit_stores_and_lists_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "keys.json"
    argv = ["add", "--id", "ci", "--role", "viewer", "--rate-limit", "6000", "--file", str(path)]
    assert keys_cli.main(argv) == 0
    key = capsys.readouterr().out.strip()
    entry = json.loads(path.read_text(encoding="utf-8"))["keys"][0]
    assert entry == {"id": "ci", "role": "viewer", "sha256": hash_key(key), "rate_limit": 6000.0}
    assert keys_cli.main(["add", "--id", "ana", "--role", "agent", "--file", str(path)]) == 0
    capsys.readouterr()
    assert "rate_limit" not in json.loads(path.read_text(encoding="utf-8"))["keys"][1]
    assert keys_cli.main(["list", "--file", str(path)]) == 0
    listed = capsys.readouterr().out
    assert "ci\tviewer\t6000/min\t" in listed and "ana\tagent\tdefault\t" in listed
    ring = KeyRing(keys_file=path)
    assert ring.rate_limit("ci") == 6000.0 and ring.rate_limit("ana") is None
    bad = ["add", "--id", "x", "--role", "agent", "--rate-limit", "-5", "--file", str(path)]
    assert keys_cli.main(bad) == 1
    assert "rate_limit must be a number >= 0" in capsys.readouterr().err


@pytest.mark.parametrize("value", [-1, "fast", True, [], float("inf")])
def test_a_bad_rate_limit_in_the_keys_file_names_the_key(value: Any) -> None:
    raw = {"id": "ana", "role": "agent", "sha256": "0" * 64, "rate_limit": value}
    with pytest.raises(KeysError, match=r"keys\.json: key 'ana'.*rate_limit"):
        parse_entries([raw], "keys.json")


def test_env_keys_may_carry_a_rate_limit() -> None:
    entries = parse_env_keys(f"ci:viewer:{'0' * 64}:0,ana:agent:{'1' * 64}")
    assert [(e.id, e.rate_limit) for e in entries] == [("ci", 0.0), ("ana", None)]
    with pytest.raises(KeysError, match="rate_limit"):
        parse_env_keys(f"ci:viewer:{'0' * 64}:lots")
