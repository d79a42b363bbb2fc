"""Typed facts from parsed units, found by general patterns and Portuguese kind words.

Nothing here knows a sheet's values: plans are "speed - price" pairs (or rows of a table with a
price column), credentials the rows of a table with a password column or lines that name the
password with a kind word (``ingest.facts.kinds.credentials``), fees the sentences that say what is
charged, and so on. Values are kept exactly as written; normalised forms go to ``attrs`` (see
``ingest.records``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence

from ingest.analysis import clean, fold, parse_money, parse_speed_mbps
from ingest.facts.kinds.credentials import line_credentials, table_credentials
from ingest.facts.kinds.fees import deadline_facts, fee_facts
from ingest.parsing.contact_lines import contact_type
from ingest.parsing.lines import (
    PLAN_SEP,
    PRICE,
    SPEED,
    is_policy_start,
    is_value_shaped,
    short_label,
)
from ingest.parsing.tables import column_roles
from ingest.records import AttrValue, Fact, Unit, stable_id

logger = logging.getLogger(__name__)

Span = tuple[int, int]

_PLAN = re.compile(
    rf"(?P<s1>{SPEED}){PLAN_SEP}(?P<p1>{PRICE})|(?P<p2>{PRICE}){PLAN_SEP}(?P<s2>{SPEED})",
    re.IGNORECASE,
)
_PRICE = re.compile(PRICE, re.IGNORECASE)
_SPEED = re.compile(rf"(?<![\w,.]){SPEED}", re.IGNORECASE)
_DAYS = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<value>(?P<days>\d{1,3})\s*dias?)\b", re.I)
_MAX_LATE = re.compile(r"mais\s+de\s+(?P<value>(?P<days>\d{1,3})\s*dias?)", re.IGNORECASE)
# "Bloqueio parcial com 15 dias": a block named, then when it happens.
_DAYS_INLINE = re.compile(
    r"(?P<label>\b(?:bloqueio|suspens[ãa]o|redu[çc][ãa]o|corte)\b[^,.;:]{0,40}?)\s+"
    r"(?:com|ap[óo]s|em|a\s+partir\s+de|depois\s+de)\s+(?P<value>(?P<days>\d{1,3})\s*dias?)\b",
    re.IGNORECASE,
)
_HOUR = re.compile(r"\b\d{1,2}\s*h\b|\b\d{1,2}:\d{2}\b|24/7", re.IGNORECASE)
_PORT = re.compile(r"\b\d{2,5}\b")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TECH_NOISE = {"planos", "plano", "de", "da", "do", "internet", "tecnologia"}
_CREDENTIAL_TOPIC = ("senha", "acesso", "roteador", "equipamento", "login")


class _Builder:
    """Collects facts with unique ids."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.seen: dict[str, int] = {}

    def add(
        self,
        unit: Unit,
        kind: str,
        subject: str,
        value: str,
        lines: Span,
        attrs: Mapping[str, AttrValue],
        caveats: Sequence[str] = (),
    ) -> None:
        base = f"{unit.provider}:{kind}:{stable_id(unit.id, subject, value)}"
        self.seen[base] = self.seen.get(base, 0) + 1
        fid = base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"
        self.facts.append(
            Fact(
                id=fid,
                provider=unit.provider,
                kind=kind,
                subject=subject,
                value=value,
                unit_id=unit.id,
                lines=lines,
                attrs=dict(attrs),
                caveats=tuple(caveats),
            )
        )


def extract_facts(
    units: list[Unit], line_map: Mapping[str, Sequence[Span]] | None = None
) -> list[Fact]:
    """Facts of the units (of one or more sheets), in unit order.

    ``line_map`` (``ParsedSheet.line_map``) gives the span of each answer line, so that a fact
    points at the line its value came from; without it, facts carry their unit's span.
    """
    out = _Builder()
    for index, unit in enumerate(units):
        texts = unit.answer.split("\n") if unit.answer else []
        spans = list((line_map or {}).get(unit.id, ()))
        if len(spans) != len(texts):
            spans = [unit.lines] * len(texts)
        after = _policy_after(units, index)
        if unit.kind == "table":
            _table_plans(out, unit, texts, spans)
            table_credentials(out, unit, texts, spans, _credential_caveats(units, index))
        else:
            _plans(out, unit, texts, spans)
            line_credentials(out, unit, texts, spans, _credential_caveats(units, index))
        if unit.kind == "keyvalue":
            _contacts(out, unit, texts, spans, units, index)
        if unit.kind in ("qa", "statement"):
            if not _PLAN.search(" ".join(texts)):
                fee_facts(out, unit, texts, spans, after)
            _thresholds(out, unit, texts, spans)
            _qa_kinds(out, unit, texts, spans)
        if unit.kind in ("statement", "list") and "horario" in fold(unit.section):
            # Lines under an hours heading ("Seg a Sex: 8h às 18h") are the hours it heads.
            for text, span in zip(texts, spans, strict=True):
                if _HOUR.search(text):
                    out.add(unit, "hours", unit.section, text, span, {})
    return out.facts


def _policy_after(units: Sequence[Unit], index: int) -> list[str]:
    """The policy statement right after a unit (same section), attached to its facts."""
    if index + 1 >= len(units):
        return []
    nxt = units[index + 1]
    same = nxt.kind == "statement" and nxt.section == units[index].section
    if same and is_policy_start(nxt.answer) and not _MAX_LATE.search(nxt.answer):
        return [nxt.answer.replace("\n", " ")]
    return []


def _plans(out: _Builder, unit: Unit, texts: list[str], spans: list[Span]) -> None:
    technology: str | None = None
    for text, span in zip(texts, spans, strict=True):
        label = _tech_label(text)
        if label is not None:
            technology = label
        for m in _PLAN.finditer(text):
            speed = (m.group("s1") or m.group("s2")).strip()
            price = (m.group("p1") or m.group("p2")).strip()
            attrs: dict[str, AttrValue] = {
                "technology": technology,
                "speed_mbps": parse_speed_mbps(speed),
                "price": parse_money(price),
            }
            out.add(unit, "plan", speed, price, span, attrs)


def _tech_label(text: str) -> str | None:
    """The technology a label names ("FIBRA:", "PLANOS RÁDIO: ...", "Fibra óptica")."""
    head = text.split(":", 1)[0] if ":" in text else text
    if _PLAN.search(head) or any(c.isdigit() for c in head) or len(head.split()) > 4:
        return None
    words = [w for w in re.findall(r"[a-z]+", fold(head)) if w not in _TECH_NOISE]
    return words[0] if words else None


def _table_plans(out: _Builder, unit: Unit, texts: list[str], spans: list[Span]) -> None:
    """Plans of a table with a price column: the speed from its column (or any cell)."""
    header = texts[0].split(" | ") if texts else []
    roles = column_roles(header)
    if "price" not in roles:
        _plans(out, unit, texts, spans)
        return
    tech_col = roles.get("technology")
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header):
            continue
        price = _PRICE.search(row[roles["price"]])
        cells = [row[roles["speed"]]] if "speed" in roles else row
        speed = next((m for c in cells if (m := _SPEED.search(c))), None)
        if price is None or speed is None:
            continue
        technology = _tech_label(row[tech_col]) if tech_col is not None else None
        attrs: dict[str, AttrValue] = {
            "technology": technology,
            "speed_mbps": parse_speed_mbps(speed.group(0)),
            "price": parse_money(price.group(0)),
        }
        out.add(unit, "plan", speed.group(0).strip(), price.group(0).strip(), span, attrs)


def _credential_caveats(units: Sequence[Unit], index: int) -> list[str]:
    """Policy answers of neighbouring units about passwords/access (e.g. "never tell it")."""
    found: list[str] = []
    for k in (index - 1, index + 1, index + 2):
        if not 0 <= k < len(units) or units[k].kind != "qa" or not units[k].question:
            continue
        topic = fold(units[k].question or "")
        answer = units[k].answer.replace("\n", " ")
        if any(w in topic for w in _CREDENTIAL_TOPIC) and is_policy_start(answer):
            found.append(answer)
    return found


def _thresholds(out: _Builder, unit: Unit, texts: list[str], spans: list[Span]) -> None:
    for text, span in zip(texts, spans, strict=True):
        if m := _DAYS.search(text):
            _threshold(out, unit, m, span)
        elif (m := _MAX_LATE.search(text)) and "liber" in fold(text) and "atraso" in fold(text):
            attrs: dict[str, AttrValue] = {
                "days": int(m.group("days")),
                "threshold": "max_days_late_release",
            }
            out.add(unit, "day_threshold", clean(text), m.group("value"), span, attrs, [text])
        else:
            for m in _DAYS_INLINE.finditer(text):
                _threshold(out, unit, m, span)


def _threshold(out: _Builder, unit: Unit, m: re.Match[str], span: Span) -> None:
    label = m.group("label").strip()
    folded = fold(label)
    kind = (
        "partial_block"
        if "parcial" in folded or "reducao" in folded
        else "total_block"
        if "total" in folded
        else "other"
    )
    attrs: dict[str, AttrValue] = {"days": int(m.group("days")), "threshold": kind}
    out.add(unit, "day_threshold", label, m.group("value"), span, attrs)


def _qa_kinds(out: _Builder, unit: Unit, texts: list[str], spans: list[Span]) -> None:
    """Facts told by the question's kind words: port, deadline, speedtest site, hours."""
    if unit.kind != "qa" or not unit.question or not texts:
        return
    q = fold(unit.question)
    label = short_label(unit.question)
    attrs: dict[str, AttrValue]
    answer = " ".join(texts)
    if "porta" in q and (m := _PORT.search(answer)):
        out.add(unit, "access_port", label, m.group(0), spans[0], {"port": int(m[0])})
    if "prazo" in q:
        deadline_facts(out, unit, label, answer, spans[0])
    if "velocidade" in q and (m := _URL.search(answer)):
        attrs = {"contact_type": "speedtest_site", "login_rule": None}
        out.add(unit, "contact", label, m.group(0), spans[0], attrs)
    if "horario" in q or "plantao" in q:
        for text, span in zip(texts, spans, strict=True):
            if _HOUR.search(text) or "plantao" in q:
                out.add(unit, "hours", label, text, span, {})


def _contacts(
    out: _Builder,
    unit: Unit,
    texts: list[str],
    spans: list[Span],
    units: Sequence[Unit],
    index: int,
) -> None:
    for text, span in zip(texts, spans, strict=True):
        key, _, value = text.partition(": ")
        value = value.strip()
        if _HOUR.search(text) and not is_value_shaped(value):
            out.add(unit, "hours", unit.section, f"{key} {value}", span, {})
            continue
        ctype = contact_type(key, value)
        if ctype is None:
            continue
        rule = _login_rule(units, index) if ctype == "subscriber_portal" else None
        out.add(unit, "contact", key, value, span, {"contact_type": ctype, "login_rule": rule})


def _login_rule(units: Sequence[Unit], index: int) -> str | None:
    """The sentence on how to log in to the subscriber portal: the next statement about it."""
    for k in range(index + 1, min(index + 3, len(units))):
        text = units[k].answer
        folded = fold(text)
        if units[k].kind == "statement" and "login" in folded and "senha" in folded:
            return text.replace("\n", " ")
    return None
