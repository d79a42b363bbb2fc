"""What a fact kind is: its extractor, its change identity and label, whether it is secret.

A kind's module (``ingest.facts.kinds.<kind>``) holds one ``KIND = FactKind(...)``; the registry
(``ingest.facts.registry``) lists them. Extractors read one unit at a time through a
``UnitContext`` (the unit, its answer lines with their spans, its neighbours) and add facts to a
``FactSink``, by general patterns only, never a sheet's values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ingest.analysis import fold
from ingest.parsing.lines import is_policy_start, short_label
from ingest.records import AttrValue, Fact, Unit

Span = tuple[int, int]


class FactSink(Protocol):
    """Where an extractor puts facts (``ingest.facts.extraction.FactBuilder``)."""

    def add(
        self,
        unit: Unit,
        kind: str,
        subject: str,
        value: str,
        lines: Span,
        attrs: Mapping[str, AttrValue],
        caveats: Sequence[str] = (),
    ) -> None: ...


@dataclass(frozen=True)
class UnitContext:
    """One unit as extractors read it: its answer lines, their spans, and its neighbours."""

    units: Sequence[Unit]
    index: int
    texts: list[str]
    spans: list[Span]

    @property
    def unit(self) -> Unit:
        return self.units[self.index]

    @property
    def answer(self) -> str:
        return " ".join(self.texts)

    def neighbour(self, offset: int) -> Unit | None:
        k = self.index + offset
        return self.units[k] if 0 <= k < len(self.units) else None

    def policy_after(self, excluded: Callable[[str], bool] = lambda _: False) -> list[str]:
        """The policy statement right after the unit (same section), to attach to its facts."""
        nxt = self.neighbour(1)
        if nxt is None or nxt.kind != "statement" or nxt.section != self.unit.section:
            return []
        if is_policy_start(nxt.answer) and not excluded(nxt.answer):
            return [nxt.answer.replace("\n", " ")]
        return []

    def in_section(self, word: str) -> bool:
        """Whether the unit's section heading holds a (folded) word."""
        return word in fold(self.unit.section)


Extractor = Callable[[FactSink, UnitContext], None]


# Labels that say only what kind of value follows: the fact is about the section's subject
# ("[mudanca endereco]" over "valor = 90,00" and "prazo = ate 3 dias uteis").
_GENERIC_LABELS = frozenset({"valor", "preco", "taxa", "custo", "quanto custa", "prazo", "prazos"})


def asked_label(unit: Unit) -> str:
    """A unit's question as a fact's subject; a generic label with its section before it."""
    label = short_label((unit.question or "").strip())
    bare = re.sub(r"^(?:d[aeo]s?|o|a|os|as)\s+", "", fold(label).strip(" ?:."))
    if bare in _GENERIC_LABELS and unit.section:
        return f"{unit.section} — {label}"
    return label


def labelled(label: str) -> Callable[[Fact], str]:
    """The default name of a fact in change lines: its kind's label and its subject."""
    return lambda fact: f"{label} {fact.subject}"


def subject_identity(fact: Fact) -> Hashable:
    """The default identity of a fact across versions: its kind and folded subject."""
    return (fact.kind, fold(fact.subject).strip())


@dataclass(frozen=True)
class FactKind:
    """One kind of fact.

    ``label`` names the kind in the change lines printed after an ingest ("fee Instalação:
    100,00 -> 120,00"); ``identity`` says which fact of the previous version a fact is (the
    same plan speed, the same router model); ``secret`` facts are masked for roles that may
    not read them and never printed.
    """

    name: str
    label: str
    extract: Extractor
    secret: bool = False
    identity: Callable[[Fact], Hashable] = subject_identity
    # The change lines of a fact whose value or attributes changed, when the default ("<label>
    # <subject>: old -> new", caveats changed) does not fit (a secret value is never printed).
    changes: Callable[[Fact, Fact], list[str]] | None = None
    # How a change line names one fact ("plan fibra 200MB"); default: label and subject.
    describe: Callable[[Fact], str] | None = None
    # Whether the kind reads a table no kind reads by its columns (fees, days) row by row, each
    # row as a "label: value" line (``ingest.parsing.tables.row_lines``).
    reads_rows: bool = False

    def name_of(self, fact: Fact) -> str:
        return self.describe(fact) if self.describe else labelled(self.label)(fact)
