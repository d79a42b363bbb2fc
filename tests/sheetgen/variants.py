"""Choosing the layout of each part of a sheet: at random, weighted by format, or forced."""

from __future__ import annotations

import random
from collections.abc import Mapping

from .layouts import FORMATS, LAYOUT_VARIANTS

# Markdown authors reach for pipe tables more often than word-processor authors do.
MD_WEIGHTS: dict[str, dict[str, float]] = {
    "credentials": {"pipe_table": 4.0},
    "plans": {"table_pipes": 3.0, "bullets": 2.0},
    "plans_second": {"table_pipes": 2.0, "bullets": 2.0},
}
# Parts added after many seeds' sheets were measured, drawn apart from rng so that every
# earlier part and value of a seed stays what it was; a quarter of plain-text sheets are
# answered by e-mail.
_DRAWN_APART: dict[str, dict[str, float]] = {"envelope": {"none": 3.0, "mail": 1.0}}


def check_force(fmt: str, force: Mapping[str, str] | None) -> dict[str, str]:
    """The forced variants, checked: a known part, a known option, no contradiction."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    forced = dict(force or {})
    for part, option in forced.items():
        if part not in LAYOUT_VARIANTS:
            raise ValueError(f"unknown sheet part {part!r}; parts are {sorted(LAYOUT_VARIANTS)}")
        if option not in LAYOUT_VARIANTS[part]:
            raise ValueError(f"{part} must be one of {LAYOUT_VARIANTS[part]}, got {option!r}")
    techs, second = forced.get("technologies"), forced.get("plans_second")
    if second is not None and techs is not None and (second == "none") != (techs != "two"):
        raise ValueError(f"plans_second={second!r} contradicts technologies={techs!r}")
    return forced


def choose_variants(
    rng: random.Random, fmt: str, force: Mapping[str, str] | None
) -> dict[str, str]:
    """One option per part of LAYOUT_VARIANTS; forced parts win, the rest stay consistent.

    Every part draws from rng whether forced or not, so forcing one part changes the other
    parts' draws as little as possible.
    """
    forced = check_force(fmt, force)
    chosen: dict[str, str] = {}
    for part, options in LAYOUT_VARIANTS.items():
        if part in _DRAWN_APART:
            continue
        weights = [MD_WEIGHTS.get(part, {}).get(o, 1.0) if fmt == "md" else 1.0 for o in options]
        chosen[part] = rng.choices(options, weights=weights)[0]
    apart = random.Random(repr(sorted(chosen.items())))
    for part, weighted in _DRAWN_APART.items():
        chosen[part] = apart.choices(list(weighted), weights=list(weighted.values()))[0]
    if fmt == "md":
        chosen["envelope"] = "none"  # an e-mail is plain text
    chosen.update(forced)
    if "plans_second" in forced and "technologies" not in forced:
        if forced["plans_second"] != "none":
            chosen["technologies"] = "two"
        elif chosen["technologies"] == "two":
            chosen["technologies"] = "single_labeled"
    if fmt != "md" and "escapes" not in forced:
        chosen["escapes"] = "none"  # backslashes are a Markdown export's
    if fmt == "md" and "tables" not in forced:
        chosen["tables"] = "pipes"  # boxes are drawn in a plain-text file
    if chosen["technologies"] != "two":
        chosen["plans_second"] = "none"
    elif chosen["plans_second"] == "none":
        # Two technologies: the second group is written like the first or as a one-line list.
        chosen["plans_second"] = rng.choice((chosen["plans"], "inline"))
    return chosen
