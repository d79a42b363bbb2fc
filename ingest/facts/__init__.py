"""Typed facts from parsed units, by kind (``registry``): plans, credentials, fees, thresholds,
contacts, hours, ports, deadlines."""

from ingest.facts.extraction import FactBuilder, extract_facts
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.facts.registry import BY_NAME, KIND_NAMES, KINDS, SECRET_KINDS

__all__ = [
    "BY_NAME",
    "KINDS",
    "KIND_NAMES",
    "SECRET_KINDS",
    "FactBuilder",
    "FactKind",
    "FactSink",
    "UnitContext",
    "extract_facts",
]
