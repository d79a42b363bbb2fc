"""What changed between two versions' facts, in lines a person can check after an ingest.

Facts are matched by provider and by their kind's identity (a plan by technology and speed, a
credential by its model key, a threshold by what it is, ...: ``ingest.facts.kind``). A secret
value is never written out, only that it changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ingest.facts.kind import FactKind, labelled, subject_identity
from ingest.facts.registry import BY_NAME
from ingest.records import Fact


def _kind(fact: Fact) -> FactKind | None:
    return BY_NAME.get(fact.kind)


def identity(fact: Fact) -> tuple[Hashable, ...]:
    """What makes two facts of two versions "the same fact" (with a changed value maybe)."""
    kind = _kind(fact)
    found = kind.identity(fact) if kind else subject_identity(fact)
    return found if isinstance(found, tuple) else (found,)


def _keyed(facts: Sequence[Fact]) -> dict[tuple[Hashable, ...], Fact]:
    """Facts by identity; a repeated identity is told apart by its occurrence number."""
    seen: dict[tuple[Hashable, ...], int] = {}
    out: dict[tuple[Hashable, ...], Fact] = {}
    for fact in facts:
        key = identity(fact)
        number = seen.get(key, 0)
        seen[key] = number + 1
        out[(*key, number)] = fact
    return out


def _secret(fact: Fact) -> bool:
    """A secret value is never printed: the fact says so, or its kind does."""
    kind = _kind(fact)
    return fact.secret or (kind is not None and kind.secret)


def _name(fact: Fact) -> str:
    kind = _kind(fact)
    return kind.name_of(fact) if kind else labelled(fact.kind)(fact)


def _changed(old: Fact, new: Fact) -> list[str]:
    kind = _kind(new)
    if kind is not None and kind.changes is not None:
        return kind.changes(old, new)
    name = _name(new)
    lines: list[str] = []
    if old.value != new.value:
        shown = "changed" if _secret(new) else f"{old.value} -> {new.value}"
        lines.append(f"{name}: {shown}")
    if tuple(old.caveats) != tuple(new.caveats):
        lines.append(f"{name}: caveats changed")
    return lines


def _added(fact: Fact) -> str:
    if _secret(fact):
        return f"new {_name(fact)}"
    return f"new {_name(fact)}: {fact.value}"


def _removed(fact: Fact) -> str:
    return f"{_name(fact)} removed"


def describe_changes(old_facts: Sequence[Fact], new_facts: Sequence[Fact]) -> list[str]:
    """Lines "<provider>: <what changed>" from old to new facts, providers in name order."""
    old_by_provider: dict[str, list[Fact]] = {}
    new_by_provider: dict[str, list[Fact]] = {}
    for fact in old_facts:
        old_by_provider.setdefault(fact.provider, []).append(fact)
    for fact in new_facts:
        new_by_provider.setdefault(fact.provider, []).append(fact)

    lines: list[str] = []
    for provider in sorted(old_by_provider.keys() | new_by_provider.keys()):
        if provider not in old_by_provider:
            count = len(new_by_provider[provider])
            lines.append(f"{provider}: new provider ({count} facts)")
            continue
        if provider not in new_by_provider:
            lines.append(f"{provider}: provider removed")
            continue
        lines.extend(provider_changes(old_by_provider[provider], new_by_provider[provider]))
    return lines


def provider_changes(old_facts: Sequence[Fact], new_facts: Sequence[Fact]) -> list[str]:
    """The change lines of one provider's facts."""
    old = _keyed(old_facts)
    new = _keyed(new_facts)
    provider = (new_facts or old_facts)[0].provider if (new_facts or old_facts) else ""
    lines: list[str] = []
    for key, fact in new.items():
        if key in old:
            lines.extend(f"{provider}: {line}" for line in _changed(old[key], fact))
        else:
            lines.append(f"{provider}: {_added(fact)}")
    lines.extend(f"{provider}: {_removed(fact)}" for key, fact in old.items() if key not in new)
    return lines
