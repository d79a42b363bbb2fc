"""The rules on facts, one a module; the registry below is every rule the service tries.

Adding a rule: a module here with ``RULE = Rule(name, kind, triggers, answer, ...)`` and one
line in ``REGISTRY``. Its order among the others does not matter (``rag_service.rules.registry``).
"""

from rag_service.rules.catalog import (
    address,
    contacts,
    credentials,
    deadlines,
    fees,
    hours,
    plans,
    port,
    thresholds,
)
from rag_service.rules.registry import Registry

REGISTRY = Registry(
    [
        address.RULE,
        contacts.RULE,
        credentials.RULE,
        deadlines.RULE,
        fees.RULE,
        hours.RULE,
        plans.RULE,
        port.RULE,
        thresholds.RULE,
    ]
)

__all__ = ["REGISTRY"]
