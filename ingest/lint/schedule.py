"""Opening hours read into days and times, so that two ways of writing them can be compared.

"De Segunda à Sábado Das 08h às 18h" and "De segunda a sábado das 8:00 as 18:00" are the same
schedule; "Seg a Sex 8h-18h e Sábado 8h-12h" is two segments. Only the shape of the text is read
(day names, ranges, times), never a sheet's value.
"""

from __future__ import annotations

import re

from ingest.analysis import fold

# Day names and their abbreviations, folded, to 0 (Monday) .. 6 (Sunday); 7 is a holiday.
_DAYS: dict[str, int] = {
    "segunda": 0, "seg": 0, "terca": 1, "ter": 1, "quarta": 2, "qua": 2, "quinta": 3,
    "qui": 3, "sexta": 4, "sex": 4, "sabado": 5, "sabados": 5, "sab": 5, "domingo": 6,
    "domingos": 6, "dom": 6, "feriado": 7, "feriados": 7,
}  # fmt: skip
_EVERY_DAY = frozenset(range(7))
_TIME = r"(?P<{n}h>\d{{1,2}})\s*(?:(?:h|hs|:)\s*(?P<{n}m>\d{{2}})?\s*(?:min)?|h)"
_RANGE = re.compile(
    _TIME.format(n="a") + r"\s*(?:as|a|ate|-|–|—)\s*" + _TIME.format(n="b"), re.IGNORECASE
)
_TOKEN = re.compile(r"[a-z]+|24/7")

Segment = tuple[frozenset[int], int, int]


def schedule(text: str) -> frozenset[Segment] | None:
    """The (days, start minute, end minute) segments the text gives, or None without a time.

    A time range takes the days named before it (since the previous range); with none named,
    the days are unknown (an empty set), so "08h às 18h" alone compares equal to itself only.
    """
    folded = fold(text)
    if "24/7" in folded or "24 horas" in folded:
        return frozenset({(_EVERY_DAY, 0, 24 * 60)})
    segments: set[Segment] = set()
    position = 0
    for match in _RANGE.finditer(folded):
        days = _days(folded[position : match.start()])
        start = _minutes(match.group("ah"), match.group("am"))
        end = _minutes(match.group("bh"), match.group("bm"))
        if start is None or end is None:
            continue
        segments.add((days, start, end))
        position = match.end()
    return frozenset(segments) or None


def _minutes(hours: str, minutes: str | None) -> int | None:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59:
        return None
    return h * 60 + m


def _days(text: str) -> frozenset[int]:
    """The days a stretch of text names: single days, ranges ("segunda a sexta"), every day."""
    tokens = _TOKEN.findall(text)
    if "todos" in tokens and ("dias" in tokens or "os" in tokens):
        return _EVERY_DAY
    days: set[int] = set()
    if "fim" in tokens or "finais" in tokens:
        days |= {5, 6}
    k = 0
    while k < len(tokens):
        day = _DAYS.get(tokens[k])
        if day is None:
            k += 1
            continue
        # "segunda a sexta", "seg. à sex.": a range to the day after "a".
        if k + 2 < len(tokens) and tokens[k + 1] in ("a", "ate") and tokens[k + 2] in _DAYS:
            last = _DAYS[tokens[k + 2]]
            days |= set(range(day, last + 1)) if last >= day else {day, last}
            k += 3
            continue
        days.add(day)
        k += 1
    return frozenset(days)


def describe(segments: frozenset[Segment]) -> str:
    """A short, stable rendering of a schedule (for tests and debugging)."""
    parts = []
    for days, start, end in sorted(segments, key=lambda s: (sorted(s[0]), s[1], s[2])):
        names = ",".join(str(d) for d in sorted(days)) or "?"
        parts.append(f"{names} {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
    return "; ".join(parts)
