"""Every fact kind ingest extracts, in the order they are tried on each unit.

Adding a kind: a module in ``ingest.facts.kinds`` with ``KIND = FactKind(...)`` (its extractor,
change identity and label, whether it is secret) and one line here; on the service side, a rule
that answers it (``rag_service.rules.catalog``).
"""

from __future__ import annotations

from ingest.facts.kind import FactKind
from ingest.facts.kinds import (
    addresses,
    contacts,
    credentials,
    deadlines,
    fees,
    hours,
    plans,
    ports,
    thresholds,
)

KINDS: tuple[FactKind, ...] = (
    plans.KIND,
    credentials.KIND,
    contacts.KIND,
    fees.KIND,
    thresholds.KIND,
    ports.KIND,
    addresses.KIND,
    deadlines.KIND,
    hours.KIND,
)
BY_NAME: dict[str, FactKind] = {kind.name: kind for kind in KINDS}
KIND_NAMES: tuple[str, ...] = tuple(BY_NAME)
SECRET_KINDS: frozenset[str] = frozenset(k.name for k in KINDS if k.secret)

if len(BY_NAME) != len(KINDS):
    raise ValueError(f"fact kind names must be unique: {[k.name for k in KINDS]}")
