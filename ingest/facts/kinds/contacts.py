"""Contact facts: the lines of a key-value block whose key or value names a contact, and the
speed-test site a question about measuring speed answers."""

from __future__ import annotations

import re
from collections.abc import Hashable

from ingest.analysis import fold
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.facts.kinds.hours import HOUR
from ingest.parsing.contact_lines import contact_type, is_value_shaped
from ingest.parsing.lines import short_label
from ingest.records import AttrValue, Fact

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if unit.kind == "keyvalue":
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            key, _, value = text.partition(": ")
            value = value.strip()
            if HOUR.search(text) and not is_value_shaped(value):
                continue  # an hours line (ingest.facts.kinds.hours)
            ctype = contact_type(key, value)
            if ctype is None:
                continue
            rule = _login_rule(ctx) if ctype == "subscriber_portal" else None
            attrs: dict[str, AttrValue] = {"contact_type": ctype, "login_rule": rule}
            out.add(unit, "contact", key, value, span, attrs)
        return
    if unit.kind != "qa" or not unit.question or not ctx.texts:
        return
    if "velocidade" in fold(unit.question) and (m := _URL.search(ctx.answer)):
        attrs = {"contact_type": "speedtest_site", "login_rule": None}
        out.add(unit, "contact", short_label(unit.question), m.group(0), ctx.spans[0], attrs)


def _login_rule(ctx: UnitContext) -> str | None:
    """The sentence on how to log in to the subscriber portal: the next statement about it."""
    for offset in (1, 2):
        unit = ctx.neighbour(offset)
        if unit is None:
            break
        folded = fold(unit.answer)
        if unit.kind == "statement" and "login" in folded and "senha" in folded:
            return unit.answer.replace("\n", " ")
    return None


def identity(fact: Fact) -> Hashable:
    """A contact is the same when its type and its key are."""
    return ("contact", fact.attrs.get("contact_type"), fold(fact.subject).strip())


def changes(old: Fact, new: Fact) -> list[str]:
    """The value, the portal's login rule and the caveats of a contact."""
    name = f"contact {new.subject}"
    lines = [f"{name}: {old.value} -> {new.value}"] if old.value != new.value else []
    if old.attrs.get("login_rule") != new.attrs.get("login_rule"):
        lines.append(f"{name}: login rule changed")
    if tuple(old.caveats) != tuple(new.caveats):
        lines.append(f"{name}: caveats changed")
    return lines


KIND = FactKind(
    name="contact", label="contact", extract=extract, identity=identity, changes=changes
)
