"""``python -m rag_service.keys add|list|remove --file keys.json``: manage the service's API keys.

``add`` prints a new random key ONCE and stores only its SHA-256; a lost key cannot be recovered,
only replaced. ``add --rate-limit N`` gives the key its own rate (N requests a minute on /ask and
/search, 0 for no limit: a batch client's key); without it the key has the service's default
(``RAG_RATE_LIMIT``). The file is written atomically and readable by its owner only.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from rag_service.security.keyring import (
    KeyEntry,
    KeysError,
    hash_key,
    parse_entries,
    parse_rate_limit,
)
from rag_service.security.roles import ROLES

KEY_BYTES = 32


def new_key() -> str:
    """A random key: 32 bytes from the OS generator, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(KEY_BYTES)


def load(path: Path) -> list[KeyEntry]:
    """The entries of a keys file; a file that does not exist yet has none."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeysError(f"{path}: cannot read keys file: {exc}") from None
    return parse_entries(data, str(path))


def save(path: Path, entries: list[KeyEntry]) -> None:
    """Write the entries atomically (temp file, fsync, rename), mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"keys": [e.to_dict() for e in entries]}, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".keys-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add(path: Path, key_id: str, role: str, rate_limit: float | None = None) -> str:
    """Add a key with a new random value; the key (returned) is stored only as its hash.

    ``rate_limit``: the key's own requests a minute (0: no limit; None: the service's default).
    """
    key_id = key_id.strip()
    if not key_id or any(c in key_id for c in ":,\n"):
        raise KeysError(f"key id {key_id!r} must be non-empty without ':', ',' or newlines")
    if role not in ROLES:
        raise KeysError(f"role {role!r} is not one of {', '.join(ROLES)}")
    entries = load(path)
    if any(e.id == key_id for e in entries):
        raise KeysError(f"{path}: key id {key_id!r} exists; remove it first to replace it")
    rate = parse_rate_limit(rate_limit, f"key {key_id!r}")
    key = new_key()
    raw = {"id": key_id, "role": role, "sha256": hash_key(key), "rate_limit": rate}
    entries.append(parse_entries([raw], "add")[0])
    save(path, entries)
    return key


def remove(path: Path, key_id: str) -> None:
    """Remove the key with this id; KeysError when there is none."""
    entries = load(path)
    kept = [e for e in entries if e.id != key_id]
    if len(kept) == len(entries):
        raise KeysError(f"{path}: no key with id {key_id!r}")
    save(path, kept)


def rate_text(rate_limit: float | None) -> str:
    """How a key's rate reads in ``list``: "default", "unlimited" or "N/min"."""
    if rate_limit is None:
        return "default"
    if rate_limit == 0:
        return "unlimited"
    return f"{rate_limit:g}/min"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rag_service.keys", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    adding = sub.add_parser("add", help="create a key; prints it once")
    adding.add_argument("--id", required=True, dest="key_id")
    adding.add_argument("--role", required=True, choices=ROLES)
    adding.add_argument(
        "--rate-limit",
        type=float,
        metavar="N",
        help="the key's own requests a minute on /ask and /search (0: no limit); "
        "default: the service's RAG_RATE_LIMIT",
    )
    listing = sub.add_parser("list", help="ids, roles and rate limits (never keys)")
    removing = sub.add_parser("remove", help="revoke a key by id")
    removing.add_argument("--id", required=True, dest="key_id")
    for command in (adding, listing, removing):
        command.add_argument("--file", required=True, type=Path, help="the keys file (JSON)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 on a keys error (message on stderr)."""
    args = parse_args(argv)
    out = sys.stdout.write
    try:
        if args.command == "add":
            key = add(args.file, args.key_id, args.role, args.rate_limit)
            out(f"{key}\n")
            sys.stderr.write(
                f"key {args.key_id!r} ({args.role}, rate {rate_text(args.rate_limit)}) added to "
                f"{args.file}; copy it now, it is not stored and will not be shown again\n"
            )
        elif args.command == "list":
            for entry in load(args.file):
                rate = rate_text(entry.rate_limit)
                out(f"{entry.id}\t{entry.role}\t{rate}\tsha256:{entry.sha256[:8]}…\n")
        else:
            remove(args.file, args.key_id)
            sys.stderr.write(f"key {args.key_id!r} removed from {args.file}\n")
    except KeysError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
