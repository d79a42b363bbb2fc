"""API keys: how they are stored (SHA-256 digests only), read and looked up.

Keys are random tokens; only their SHA-256 digests are stored, in a JSON keys file
(``RAG_KEYS_FILE``) and/or the ``RAG_API_KEYS`` environment variable. Each entry is
``{"id": ..., "role": "agent" | "viewer" | "admin", "sha256": <hex digest of the key>}``, plus
an optional ``"rate_limit"``: the key's own requests a minute on /ask and /search (0: no limit;
absent: the service's default, ``RAG_RATE_LIMIT``), so that a batch client's key can run a
regression at full speed while agents' keys keep the default.
``RAG_API_KEYS`` holds the same JSON list, or ``id:role:sha256[:rate_limit]`` entries separated
by commas.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from rag_service.security.roles import ROLES, Principal, Role

logger = logging.getLogger(__name__)


class KeysError(ValueError):
    """The keys configuration cannot be read; the message names the source and the entry."""


@dataclass(frozen=True)
class KeyEntry:
    """One configured key: its id, role, the hex SHA-256 of the key and its own rate, if any."""

    id: str
    role: Role
    sha256: str
    # Requests a minute on /ask and /search; None: the service's default; 0: no limit.
    rate_limit: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "role": self.role, "sha256": self.sha256}
        if self.rate_limit is not None:
            data["rate_limit"] = self.rate_limit
        return data


def hash_key(key: str) -> str:
    """Hex SHA-256 of a key, as stored."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def parse_entry(raw: Any, source: str) -> KeyEntry:
    """A key entry from its JSON form; KeysError names the source and what is wrong."""
    if not isinstance(raw, dict):
        raise KeysError(f"{source}: a key entry must be an object, got {raw!r}")
    key_id, role, digest = raw.get("id"), raw.get("role"), raw.get("sha256")
    if not isinstance(key_id, str) or not key_id.strip():
        raise KeysError(f"{source}: key entry without an id: {sorted(raw)}")
    if role not in ROLES:
        raise KeysError(f"{source}: key {key_id!r} has role {role!r}, expected one of {ROLES}")
    if not isinstance(digest, str) or len(digest) != 64:
        raise KeysError(f"{source}: key {key_id!r} needs sha256, 64 hex digits")
    try:
        bytes.fromhex(digest)
    except ValueError:
        raise KeysError(f"{source}: key {key_id!r} has a sha256 that is not hex") from None
    rate = parse_rate_limit(raw.get("rate_limit"), f"{source}: key {key_id!r}")
    return KeyEntry(key_id.strip(), cast(Role, role), digest.lower(), rate)


def parse_rate_limit(value: Any, where: str) -> float | None:
    """A key's ``rate_limit``: requests a minute (a number >= 0), or None when not given."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise KeysError(f"{where}: rate_limit must be a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise KeysError(f"{where}: rate_limit must be a number >= 0 (a minute), got {value!r}")
    if value == float("inf"):
        raise KeysError(f"{where}: rate_limit must be finite (0 is no limit), got {value!r}")
    return float(value)


def parse_entries(data: Any, source: str) -> list[KeyEntry]:
    """Entries of a keys document: a list, or ``{"keys": [...]}``; ids must be unique."""
    if isinstance(data, dict) and "keys" in data:
        data = data["keys"]
    if not isinstance(data, list):
        raise KeysError(f"{source}: expected a list of keys or {{'keys': [...]}}")
    entries = [parse_entry(item, source) for item in data]
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise KeysError(f"{source}: key id {entry.id!r} appears twice")
        seen.add(entry.id)
    return entries


def parse_env_keys(text: str) -> list[KeyEntry]:
    """``RAG_API_KEYS``: a JSON list of entries, or ``id:role:sha256[,id:role:sha256...]``."""
    text = text.strip()
    if not text:
        return []
    if text.startswith(("[", "{")):
        try:
            return parse_entries(json.loads(text), "RAG_API_KEYS")
        except json.JSONDecodeError as exc:
            raise KeysError(f"RAG_API_KEYS: invalid JSON: {exc}") from None
    raws = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        parts = item.split(":")
        if len(parts) not in (3, 4):
            shown = parts[0] if parts else ""
            raise KeysError(
                f"RAG_API_KEYS: entry starting {shown!r} is not id:role:sha256[:rate_limit]"
            )
        raw: dict[str, Any] = {"id": parts[0], "role": parts[1], "sha256": parts[2]}
        if len(parts) == 4:
            raw["rate_limit"] = parts[3]
        raws.append(raw)
    return parse_entries(raws, "RAG_API_KEYS")


def read_keys_file(path: Path) -> list[KeyEntry]:
    """The entries of a keys file; a missing file is an error (it was configured)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeysError(f"{path}: keys file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeysError(f"{path}: cannot read keys file: {exc}") from None
    return parse_entries(data, str(path))


class KeyRing:
    """The configured keys; ``lookup`` compares digests in constant time.

    A keys file is re-read when it changes (checked at most once a second), so a key added or
    removed with ``python -m rag_service.keys`` takes effect in every worker without a restart.
    A file that turns unreadable keeps the keys read before (and logs why).
    """

    def __init__(
        self, keys_file: Path | None = None, env_keys: str | None = None, check_every: float = 1.0
    ) -> None:
        self.keys_file = Path(keys_file) if keys_file else None
        self._env = parse_env_keys(env_keys or "")
        self._check_every = check_every
        self._lock = threading.Lock()
        self._file_entries: list[KeyEntry] = []
        self._file_stamp: tuple[int, int, int] | None = None
        self._checked = 0.0
        if self.keys_file is not None:
            self._file_entries = read_keys_file(self.keys_file)
            self._file_stamp = self._stamp()
        self._check_ids()

    @property
    def entries(self) -> list[KeyEntry]:
        self._maybe_reload()
        return [*self._env, *self._file_entries]

    @property
    def required(self) -> bool:
        """True when keys are configured (a configured but empty file still requires keys)."""
        return self.keys_file is not None or bool(self._env)

    def lookup(self, key: str) -> Principal | None:
        """The principal of a presented key, or None; every entry is compared (no early exit)."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
        found: KeyEntry | None = None
        for entry in self.entries:
            if hmac.compare_digest(digest, bytes.fromhex(entry.sha256)):
                found = entry
        return Principal(found.id, found.role) if found else None

    def rate_limit(self, key_id: str) -> float | None:
        """The own rate of the key with this id (requests a minute), None when it has none."""
        for entry in self.entries:
            if entry.id == key_id:
                return entry.rate_limit
        return None

    def is_key(self, text: str) -> bool:
        """True when ``text`` is one of the configured keys (used to keep keys out of logs)."""
        return self.lookup(text) is not None

    def _stamp(self) -> tuple[int, int, int] | None:
        assert self.keys_file is not None
        try:
            st = os.stat(self.keys_file)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_ino, st.st_size)

    def _maybe_reload(self) -> None:
        if self.keys_file is None:
            return
        now = time.monotonic()
        if now - self._checked < self._check_every:
            return
        with self._lock:
            self._checked = now
            stamp = self._stamp()
            if stamp is None or stamp == self._file_stamp:
                return
            try:
                entries = read_keys_file(self.keys_file)
            except KeysError as exc:
                logger.error("keys file not reloaded, keeping the keys read before: %s", exc)
                return
            self._file_entries = entries
            self._file_stamp = stamp
            logger.info("keys file %s reloaded: %d keys", self.keys_file, len(entries))

    def _check_ids(self) -> None:
        ids = [e.id for e in [*self._env, *self._file_entries]]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise KeysError(f"key ids configured twice (RAG_API_KEYS and keys file): {twice}")
