"""One provider's partition of a version: its files, content-addressed, written once, verified.

A partition folder ``partitions/<digest>/`` holds::

    units.json      the provider's units, in sheet order: {"fields": [...], "rows": [[...], ...]},
                    one row a line (read with one JSON parse, not one per record)
    facts.json      its facts, the same way
    lexical.json    {"tokens": one token list per unit, "words": the distinct words of its units
                    (``ingest.analysis.words``), "stems": their stems}: what the service's BM25
                    and sheet vocabulary are built from, made by the analysis it records
    vectors.npy     float32 rows, one per unit, in units order
    lint.json       what ``ingest.lint`` found when the sheet was parsed: {"findings": its own
                    findings (line, kind, message), "profile": what the comparison with the
                    other providers reads of it}; written and read as given (ingest.pipeline)
    part.json       provider, schema, analysis, parser and model it was made with, counts, and
                    the sha256 and size of every file above

``digest`` is the sha256 of ``part.json``: equal contents have equal names, so a version that
keeps a provider as it was names the same folder as the version before, and nothing is copied.
"""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.analysis import STOPWORDS, analyze, stem, words
from ingest.index.layout import (
    DIGEST,
    PARTITIONS,
    IndexLoadError,
    fsync_dir,
    sha256_bytes,
    sha256_file,
    sync_filesystem,
    write_file,
)
from ingest.records import SCHEMA_VERSION, Fact, Unit

logger = logging.getLogger(__name__)

PART = "part.json"
LINT = "lint.json"
DATA_FILES = ("units.json", "facts.json", "lexical.json", "vectors.npy", LINT)
UNIT_FIELDS = ("id", "provider", "section", "kind", "question", "answer", "lines", "span")
FACT_FIELDS = (
    "id",
    "provider",
    "kind",
    "subject",
    "value",
    "unit_id",
    "lines",
    "attrs",
    "caveats",
    "secret",
    "span",
)


@dataclass(frozen=True)
class EncodedPartition:
    """A partition's files as bytes, ready to be written; ``digest`` names its folder."""

    provider: str
    digest: str
    files: dict[str, bytes]
    units: int
    facts: int


@dataclass(frozen=True)
class Partition:
    """A partition read back and verified: everything of one provider the service needs."""

    provider: str
    digest: str
    meta: dict[str, Any]
    units: list[Unit]
    facts: list[Fact]
    tokens: list[list[str]]
    words: list[str]
    stems: list[str]
    vectors: np.ndarray


def lexical_data(units: Sequence[Unit]) -> dict[str, Any]:
    """Tokens per unit, and the distinct words and stems of all the units' texts."""
    tokens = [analyze(unit.search_text()) for unit in units]
    raw: set[str] = set()
    for unit in units:
        raw.update(words(unit.search_text()))
    stems = {stem(w) for w in raw if w not in STOPWORDS}
    return {"tokens": tokens, "words": sorted(raw), "stems": sorted(stems)}


def _npy(vectors: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()


def encode_partition(
    provider: str,
    units: Sequence[Unit],
    facts: Sequence[Fact],
    vectors: np.ndarray,
    *,
    model_name: str,
    dim: int,
    analysis: str,
    parser: str,
    lexical: dict[str, Any] | None = None,
    lint: dict[str, Any] | None = None,
) -> EncodedPartition:
    """The files of one provider's partition (``lexical`` made from the units when not given;
    ``lint`` kept as given, empty when not)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape != (len(units), dim):
        raise ValueError(
            f"{provider}: vectors of shape {vectors.shape} for {len(units)} units of dim {dim}"
        )
    strays = {u.provider for u in units} | {f.provider for f in facts}
    if strays - {provider}:
        raise ValueError(f"{provider}: records of {', '.join(sorted(strays - {provider}))}")
    files = {
        "units.json": _rows(UNIT_FIELDS, [_unit_row(u) for u in units]),
        "facts.json": _rows(FACT_FIELDS, [_fact_row(f) for f in facts]),
        "lexical.json": json.dumps(
            lexical if lexical is not None else lexical_data(units), ensure_ascii=False
        ).encode("utf-8"),
        "vectors.npy": _npy(vectors),
        LINT: json.dumps(lint or {}, ensure_ascii=False, sort_keys=True).encode("utf-8"),
    }
    meta = {
        "provider": provider,
        "schema_version": SCHEMA_VERSION,
        "analysis": analysis,
        "parser": parser,
        "model": {"name": model_name, "dim": dim},
        "counts": {"units": len(units), "facts": len(facts)},
        "files": {
            name: {"sha256": sha256_bytes(data), "bytes": len(data)} for name, data in files.items()
        },
    }
    part = (json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    files[PART] = part
    return EncodedPartition(provider, sha256_bytes(part), files, len(units), len(facts))


def partition_folder(index_dir: Path, digest: str) -> Path:
    if not DIGEST.match(digest):
        raise IndexLoadError(f"{digest!r}: not a partition digest")
    return index_dir / PARTITIONS / digest


def stage_partition(index_dir: Path, encoded: EncodedPartition) -> Path | None:
    """The partition's files written (not yet synced) into a temporary folder; None when an
    intact partition of the same digest is already there (nothing to write)."""
    target = partition_folder(index_dir, encoded.digest)
    if target.is_dir():
        try:
            verify_partition(index_dir, encoded.digest)
            return None
        except IndexLoadError as exc:
            logger.warning("replacing damaged partition: %s", exc)
    tmp = index_dir / f".tmp-part-{encoded.digest[:16]}-{secrets.token_hex(3)}"
    tmp.mkdir(parents=True)
    for name, data in encoded.files.items():
        write_file(tmp / name, data, sync=False)
    return tmp


def commit_partitions(index_dir: Path, staged: Sequence[Path]) -> None:
    """Staged partitions made durable (one filesystem sync) and renamed into place.

    A folder of the same digest already there (damaged, or an interrupted copy) is replaced:
    its content is, by its name, the staged one's.
    """
    if not staged:
        return
    sync_filesystem(index_dir)
    folder = index_dir / PARTITIONS
    folder.mkdir(exist_ok=True)
    for tmp in staged:
        part = (tmp / PART).read_bytes()
        target = partition_folder(index_dir, sha256_bytes(part))
        if target.exists():
            damaged = index_dir / f".tmp-damaged-{target.name[:16]}-{secrets.token_hex(3)}"
            os.replace(target, damaged)
            shutil.rmtree(damaged, ignore_errors=True)
        os.replace(tmp, target)
    fsync_dir(folder)


def write_partition(index_dir: Path, encoded: EncodedPartition) -> bool:
    """Write one partition unless an intact one of the same digest is there; True if written."""
    staged = stage_partition(index_dir, encoded)
    commit_partitions(index_dir, [staged] if staged else [])
    return staged is not None


def read_meta(index_dir: Path, digest: str) -> dict[str, Any]:
    """A partition's ``part.json``, checked against its digest."""
    path = partition_folder(index_dir, digest) / PART
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IndexLoadError(f"partition {digest[:12]}: missing") from None
    except OSError as exc:
        raise IndexLoadError(f"partition {digest[:12]}: {PART} unreadable: {exc}") from None
    if sha256_bytes(data) != digest:
        raise IndexLoadError(f"partition {digest[:12]}: {PART} does not match its digest")
    try:
        meta = json.loads(data)
    except ValueError as exc:
        raise IndexLoadError(f"partition {digest[:12]}: {PART} unreadable: {exc}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
        raise IndexLoadError(f"partition {digest[:12]}: {PART} lists no files")
    return meta


def verify_partition(index_dir: Path, digest: str) -> dict[str, Any]:
    """The partition's ``part.json`` after checking every file's presence, size and sha256."""
    meta = read_meta(index_dir, digest)
    folder = partition_folder(index_dir, digest)
    files = meta["files"]
    for name in DATA_FILES:
        if name not in files:
            raise IndexLoadError(f"partition {digest[:12]}: {PART} does not list {name}")
    for name, expected in files.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise IndexLoadError(f"partition {digest[:12]}: {name} missing") from None
        if size != expected.get("bytes") or sha256_file(path) != expected.get("sha256"):
            raise IndexLoadError(f"partition {digest[:12]}: {name} does not match its sha256")
    return meta


def _rows(fields: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    body = ",\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
    return f'{{"fields": {json.dumps(list(fields))},\n"rows": [\n{body}\n]}}\n'.encode()


def _unit_row(u: Unit) -> list[Any]:
    return [u.id, u.provider, u.section, u.kind, u.question, u.answer, list(u.lines), u.span]


def _fact_row(f: Fact) -> list[Any]:
    return [
        f.id,
        f.provider,
        f.kind,
        f.subject,
        f.value,
        f.unit_id,
        list(f.lines),
        dict(f.attrs),
        list(f.caveats),
        f.secret,
        f.span,
    ]


def _unit(r: list[Any]) -> Unit:
    return Unit(r[0], r[1], r[2], r[3], r[4], r[5], (int(r[6][0]), int(r[6][1])), str(r[7]))


def _fact(r: list[Any]) -> Fact:
    lines = (int(r[6][0]), int(r[6][1]))
    return Fact(
        r[0], r[1], r[2], r[3], r[4], r[5], lines, dict(r[7]), tuple(r[8]), bool(r[9]), str(r[10])
    )


def _read_rows(path: Path, where: str, fields: tuple[str, ...], make: Any) -> list[Any]:
    """The records of a rows file (one JSON parse), each made by ``make``."""
    try:
        data = json.loads(path.read_bytes())
        if data["fields"] != list(fields):
            raise ValueError(f"fields {data['fields']}, this code reads {list(fields)}")
        rows = data["rows"]
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexLoadError(f"{where}: {path.name} unreadable: {exc}") from None
    try:
        return [make(row) for row in rows]
    except (ValueError, KeyError, TypeError, IndexError):
        for number, row in enumerate(rows, start=1):
            try:
                make(row)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise IndexLoadError(f"{where}: {path.name} row {number}: {exc!r}") from None
        raise


def read_facts(index_dir: Path, digest: str) -> list[Fact]:
    """The facts of a verified partition, nothing else read."""
    verify_partition(index_dir, digest)
    path = partition_folder(index_dir, digest) / "facts.json"
    return _read_rows(path, f"partition {digest[:12]}", FACT_FIELDS, _fact)


def read_lint(index_dir: Path, digest: str, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """A partition's ``lint.json``, checked against its ``part.json`` (``meta`` when the caller
    has read and checked it already; nothing else read)."""
    meta = read_meta(index_dir, digest) if meta is None else meta
    where = f"partition {digest[:12]}"
    expected = meta["files"].get(LINT)
    if not isinstance(expected, dict):
        raise IndexLoadError(f"{where}: {PART} does not list {LINT}")
    try:
        data = (partition_folder(index_dir, digest) / LINT).read_bytes()
    except OSError as exc:
        raise IndexLoadError(f"{where}: {LINT} unreadable: {exc}") from None
    if sha256_bytes(data) != expected.get("sha256") or len(data) != expected.get("bytes"):
        raise IndexLoadError(f"{where}: {LINT} does not match its sha256")
    try:
        lint = json.loads(data)
    except ValueError as exc:
        raise IndexLoadError(f"{where}: {LINT} unreadable: {exc}") from None
    if not isinstance(lint, dict):
        raise IndexLoadError(f"{where}: {LINT} is not an object")
    return lint


def read_partition(index_dir: Path, digest: str, provider: str, dim: int) -> Partition:
    """A partition, every file verified, its records checked against ``part.json``."""
    meta = verify_partition(index_dir, digest)
    where = f"partition {digest[:12]}"
    if meta.get("provider") != provider:
        raise IndexLoadError(f"{where}: holds provider {meta.get('provider')!r}")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexLoadError(
            f"{where}: schema version {meta.get('schema_version')!r}, this code reads "
            f"{SCHEMA_VERSION}: re-run python -m ingest"
        )
    folder = partition_folder(index_dir, digest)
    units = _read_rows(folder / "units.json", where, UNIT_FIELDS, _unit)
    facts = _read_rows(folder / "facts.json", where, FACT_FIELDS, _fact)
    try:
        lexical = json.loads((folder / "lexical.json").read_bytes())
        tokens, words_, stems_ = lexical["tokens"], lexical["words"], lexical["stems"]
        if not all(isinstance(x, list) for x in (tokens, words_, stems_)):
            raise TypeError("tokens, words and stems must be lists")
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexLoadError(f"{where}: lexical.json unreadable: {exc!r}") from None
    try:
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise IndexLoadError(f"{where}: vectors.npy unreadable: {exc}") from None
    counts = meta.get("counts", {})
    if counts.get("units") != len(units):
        raise IndexLoadError(f"{where}: {len(units)} units, {PART} says {counts.get('units')}")
    if counts.get("facts") != len(facts):
        raise IndexLoadError(f"{where}: {len(facts)} facts, {PART} says {counts.get('facts')}")
    if len(tokens) != len(units):
        raise IndexLoadError(f"{where}: lexical.json does not have one entry per unit")
    if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[0] != len(units):
        raise IndexLoadError(f"{where}: vectors.npy has shape {vectors.shape} for {len(units)}")
    if vectors.shape[1] != dim:
        raise IndexLoadError(
            f"{where}: vectors of dim {vectors.shape[1]}, manifest model dim {dim}"
        )
    strays = {u.provider for u in units} | {f.provider for f in facts}
    if strays - {provider}:
        raise IndexLoadError(f"{where}: records of {', '.join(sorted(strays - {provider}))}")
    return Partition(
        provider=provider,
        digest=digest,
        meta=meta,
        units=units,
        facts=facts,
        tokens=tokens,
        words=words_,
        stems=stems_,
        vectors=vectors,
    )
