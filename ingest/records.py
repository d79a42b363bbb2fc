"""The records that ingest produces and the service reads: units and facts.

A *unit* is one answerable thing of a sheet (a question with its answer, a statement, a list,
a table, a key-value block). A *fact* is a typed value extracted from a unit by general
patterns; values are kept exactly as written, normalised forms sit beside them in ``attrs``.

Fact kinds and their ``attrs`` (every key present, ``None`` where the sheet does not say):

``plan``           subject: the speed as written ("35MB", "15M", "250 MEGA");
                   value: the price as written ("44,50", "R$ 84,00");
                   attrs: technology (folded lower-case label from the sheet, "fibra", "radio"),
                   speed_mbps (float), price (float).
``credential``     subject: the equipment model as written ("XR- 500A");
                   value: the password, character for character;
                   attrs: login (str, or None where the sheet has "-" or nothing),
                   model_key (lower-case letters and digits only, "xr500a").
``fee``            subject: what is charged, in the sheet's words;
                   value: the amount or the statement as written ("15 reais", "não é cobrado");
                   attrs: amount (float or None), charged (bool or None: True "is charged",
                   False "free").
``day_threshold``  subject: the label as written ("Bloqueio Parcial (Redução)");
                   value: as written ("12 Dias"); attrs: days (int), threshold
                   ("partial_block" | "total_block" | "max_days_late_release" | "other").
``contact``        subject: the label as written ("TELEFONE"); value: as written;
                   attrs: contact_type ("phone" | "whatsapp" | "address" | "site" | "email" |
                   "system_url" | "subscriber_portal" | "speedtest_site" | "other"),
                   login_rule (str or None, the sheet's sentence on how to log in).
``hours``          subject: what the hours are of, as written; value: as written
                   ("De Segunda a Sexta Das 07h às 19h"); attrs: none required.
``access_port``    subject: the label; value: the port as written; attrs: port (int).
``deadline``       subject: what has the deadline; value: as written ("36h"); attrs: hours (int).

``caveats`` holds the policy sentences the sheet attaches to a fact, verbatim
("Não passar a senha padrão ao cliente, ...", "Não avisar o cliente, ...").

Where a unit or fact comes from: ``lines`` is its first and last place in the source, 1-based
and inclusive, and ``span`` says what those numbers count:

``"line"``       lines of the sheet's text (TXT and Markdown files as they are; PDF: the
                 lines of its text as ingest reads it). Shown "linha 12" / "linhas 12–14".
``"paragraph"``  DOCX: the document's paragraphs with text and its table rows, one number
                 each, in document order (a table of 8 rows takes 8 numbers; empty paragraphs
                 take none). Shown "parágrafo 12" / "parágrafos 12–14".

``span`` is a column of a partition's units and facts (``ingest.index.partition``); in a
record's ``to_dict`` it is written only when it is not "line", and a record without it reads
as "line".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

# 2: facts say whether their value is secret (``Fact.secret``).
# 3: a version is a manifest naming one content-addressed partition per provider (with its
#    sheet's lint), and the version's findings beside it.
SCHEMA_VERSION = 3

UNIT_KINDS = ("qa", "statement", "list", "table", "keyvalue")
# What the numbers of ``lines`` count: text lines, or a DOCX's paragraphs and table rows.
SPANS = ("line", "paragraph")

AttrValue = str | int | float | bool | None


@dataclass(frozen=True)
class Unit:
    """One answerable thing of a sheet, with where it came from."""

    id: str
    provider: str
    section: str
    kind: str
    question: str | None
    answer: str
    lines: tuple[int, int]
    span: str = "line"

    def search_text(self) -> str:
        """The text that is embedded and indexed: section, question and answer."""
        parts = [self.section, self.question or "", self.answer]
        return "\n".join(p for p in parts if p)

    def content_hash(self) -> str:
        """Hash of what the unit says (not where): the key of the embedding cache."""
        return hashlib.sha256(self.search_text().encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = list(self.lines)
        if self.span == "line":
            del data["span"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unit:
        return cls(
            id=str(data["id"]),
            provider=str(data["provider"]),
            section=str(data["section"]),
            kind=str(data["kind"]),
            question=data.get("question"),
            answer=str(data["answer"]),
            lines=(int(data["lines"][0]), int(data["lines"][1])),
            span=str(data.get("span", "line")),
        )


@dataclass(frozen=True)
class Fact:
    """A typed value of a sheet, exact as written, with normalised forms in ``attrs``."""

    id: str
    provider: str
    kind: str
    subject: str
    value: str
    unit_id: str
    lines: tuple[int, int]
    attrs: Mapping[str, AttrValue] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()
    # A value that only some roles may read (a router password): set from its kind at ingest.
    secret: bool = False
    span: str = "line"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "provider": self.provider,
            "kind": self.kind,
            "subject": self.subject,
            "value": self.value,
            "unit_id": self.unit_id,
            "lines": list(self.lines),
            "attrs": dict(self.attrs),
            "caveats": list(self.caveats),
            "secret": self.secret,
        }
        if self.span != "line":
            data["span"] = self.span
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fact:
        return cls(
            id=str(data["id"]),
            provider=str(data["provider"]),
            kind=str(data["kind"]),
            subject=str(data["subject"]),
            value=str(data["value"]),
            unit_id=str(data["unit_id"]),
            lines=(int(data["lines"][0]), int(data["lines"][1])),
            attrs=dict(data.get("attrs", {})),
            caveats=tuple(data.get("caveats", ())),
            secret=bool(data.get("secret", False)),
            span=str(data.get("span", "line")),
        )


@dataclass(frozen=True, order=True)
class Finding:
    """What a sheet leaves unanswered or unclear (``ingest.lint``), where, in Portuguese.

    ``kind`` is a stable English word ("unanswered-question", ...); ``message`` never holds a
    secret value. Ordered by file, line, kind and message: the order they are printed in.
    """

    path: str
    line: int
    kind: str
    message: str
    provider: str = ""

    def format(self) -> str:
        """The compiler convention: ``PATH:LINE: KIND: message``."""
        return f"{self.path}:{self.line}: {self.kind}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "kind": self.kind,
            "message": self.message,
            "provider": self.provider,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            path=str(data["path"]),
            line=int(data["line"]),
            kind=str(data["kind"]),
            message=str(data["message"]),
            provider=str(data.get("provider", "")),
        )


# Shorter values ("-", "0") are placeholders of the sheet, not passwords; masking them would
# mask every dash of a page.
MIN_SECRET_CHARS = 3


def secret_values(facts: Iterable[Fact]) -> tuple[str, ...]:
    """The distinct secret values of the facts, longest first (so no shorter one splits them)."""
    values: set[str] = set()
    for fact in facts:
        if not fact.secret:
            continue
        password = fact.attrs.get("password")
        for value in (fact.value, password if isinstance(password, str) else ""):
            if len(value.strip()) >= MIN_SECRET_CHARS:
                values.add(value.strip())
    return tuple(sorted(values, key=lambda v: (-len(v), v)))


def stable_id(*parts: str) -> str:
    """A short id that depends only on the given parts."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:12]


def dumps_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
