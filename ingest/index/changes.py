"""What changed between two versions' facts, in lines a person can check after an ingest.

Facts are matched by provider, kind and an identity: a plan by technology and speed, a
credential by its model key, a threshold by what it is (partial/total block, ...), the others
by kind and folded subject. Passwords are never written out, only that they changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ingest.analysis import fold, model_key
from ingest.records import Fact

# How each kind is named in a line.
_KIND_LABEL = {
    "plan": "plan",
    "credential": "equipment",
    "fee": "fee",
    "day_threshold": "threshold",
    "contact": "contact",
    "hours": "hours",
    "access_port": "port",
    "deadline": "deadline",
}


def identity(fact: Fact) -> tuple[Hashable, ...]:
    """What makes two facts of two versions "the same fact" (with a changed value maybe)."""
    attrs = fact.attrs
    if fact.kind == "plan":
        return ("plan", attrs.get("technology"), attrs.get("speed_mbps"))
    if fact.kind == "credential":
        return ("credential", attrs.get("model_key") or model_key(fact.subject))
    if fact.kind == "day_threshold" and attrs.get("threshold") not in (None, "other"):
        return ("day_threshold", attrs.get("threshold"))
    if fact.kind == "contact":
        return ("contact", attrs.get("contact_type"), fold(fact.subject).strip())
    return (fact.kind, fold(fact.subject).strip())


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


def _name(fact: Fact) -> str:
    """The fact as a person finds it in the sheet: "plan fibra 200MB", "fee Mudança de ponto"."""
    if fact.kind == "plan":
        technology = fact.attrs.get("technology")
        return f"plan {technology} {fact.subject}" if technology else f"plan {fact.subject}"
    return f"{_KIND_LABEL.get(fact.kind, fact.kind)} {fact.subject}"


def _changed(old: Fact, new: Fact) -> list[str]:
    name = _name(new)
    if new.kind == "credential":
        lines = []
        if old.value != new.value:
            lines.append(f"credential {new.subject} password changed")
        if old.attrs.get("login") != new.attrs.get("login"):
            lines.append(
                f"credential {new.subject} login: {old.attrs.get('login') or '-'} -> "
                f"{new.attrs.get('login') or '-'}"
            )
        if old.subject != new.subject and not lines:
            lines.append(f"equipment {old.subject} now written {new.subject}")
        return lines
    lines = []
    if old.value != new.value:
        lines.append(f"{name}: {old.value} -> {new.value}")
    if new.kind == "contact" and old.attrs.get("login_rule") != new.attrs.get("login_rule"):
        lines.append(f"{name}: login rule changed")
    if tuple(old.caveats) != tuple(new.caveats):
        lines.append(f"{name}: caveats changed")
    return lines


def _added(fact: Fact) -> str:
    if fact.kind == "credential":
        return f"new equipment {fact.subject}"
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
        old = _keyed(old_by_provider[provider])
        new = _keyed(new_by_provider[provider])
        for key, fact in new.items():
            if key in old:
                lines.extend(f"{provider}: {line}" for line in _changed(old[key], fact))
            else:
                lines.append(f"{provider}: {_added(fact)}")
        lines.extend(f"{provider}: {_removed(fact)}" for key, fact in old.items() if key not in new)
    return lines
