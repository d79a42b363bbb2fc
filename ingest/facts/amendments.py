"""Values a sheet corrects on another line: "correção: a taxa de mudança de endereço é 90 e não
80", "só corrigindo: o plano de 300 é 99,90 e não 89,90", "a senha do zte tá errada ali em
cima, é X".

A chat corrects a value in a later message, an e-mail thread in a reply on top of the one that
said it. A line that marks a correction and says the right value and the wrong one ("90 e não
80", "não é 80, é 90", "onde se lê 80, leia-se 90") corrects each fact that holds the wrong
one and is named by the words before it ("o plano de 300"); a line that says a router's
password is wrong and gives another corrects that router's password, when one router of the
sheet is named. The corrected fact keeps its kind, subject and normalised forms (with the
right number), takes the right value and the correcting line as its source and the line as a
caveat; the wrong value is no fact any more. In-place corrections of one sentence ("80,
aliás, 90") are ``ingest.corrections``'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from ingest.analysis import ROUTER_BRANDS, STOPWORDS, model_key, parse_money, words
from ingest.facts.kind import Span
from ingest.records import Fact, Unit

# A line that says it corrects something.
_MARK = re.compile(
    r"\b(?:corre[çc](?:[ãa]o|oes|ões)|corrigind[oa]|corrigid[oa]|corrigir|errad[oa]s?|errei|"
    r"errou|retifica\w*|leia-se)\b",
    re.IGNORECASE,
)
_NUMBER = r"(?:R\$\s*)?\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|(?:R\$\s*)?\d+(?:,\d{1,2})?"
_UNIT = r"(?:\s*(?:dias?|reais|horas?|h|mega|megas|mb|giga|gb)\b)?"
# "é 90 e não 80", "20 dias e nao 25", "99,90 e não 89,90".
_RIGHT_NOT_WRONG = re.compile(
    rf"(?P<right>(?:{_NUMBER}){_UNIT})\s*,?\s+e\s+n[aã]o\s+(?:(?:[ée]|era|com|de|o|a)\s+)*"
    rf"(?P<wrong>(?:{_NUMBER}){_UNIT})(?!\d|,\d)",
    re.IGNORECASE,
)
# "não é 80, é 90", "onde se lê 80, leia-se 90".
_WRONG_THEN_RIGHT = re.compile(
    rf"(?:n[aã]o\s+(?:[ée]|era)|onde\s+(?:se\s+l[êe]|est[áa]|diz))\s+(?P<wrong>(?:{_NUMBER}){_UNIT})"
    rf"\s*[,;]?\s*(?:mas\s+|e\s+sim\s+|sim\s+)?(?:[ée]|leia-se)\s+(?P<right>(?:{_NUMBER}){_UNIT})"
    r"(?!\d|,\d)",
    re.IGNORECASE,
)
# "a senha do zte tá errada ..., é Umb&Zte_F670L!": a password said wrong, then the right one.
_PASSWORD_WRONG = re.compile(r"\bsenha\b.*\berrad[oa]\b", re.IGNORECASE)
_PASSWORD_AFTER = re.compile(r"(?:\b[ée]|:)\s+(?P<pw>\S*[^\w\s]\S*|\S*\d\S*)")
# Where the words naming a corrected value start: after the last clause's end before it.
_CLAUSE = re.compile(r"[.;:!?]\s|,\s+(?=e\s)")
# The number attributes a kind normalises its value into.
_NUMBER_ATTRS = ("amount", "price", "days")


class _Correction(NamedTuple):
    right: str
    wrong: str
    named: frozenset[str]  # the words before the values that name what they correct
    span: Span
    line: str


def amend(
    facts: Sequence[Fact], units: Sequence[Unit], line_map: Mapping[str, Sequence[Span]]
) -> list[Fact]:
    """The facts with the values other lines correct put right."""
    out = list(facts)
    for unit, text, span in _marked_lines(units, line_map):
        before = out
        for fix in _numbers_corrected(text, span):
            out = _correct_numbers(out, unit.provider, fix)
        out = _correct_password(out, unit.provider, text, span)
        fixed = {new.id for old, new in zip(before, out, strict=True) if new is not old}
        if fixed:
            # What the correcting line gave of itself is the correction misread ("o plano de
            # 300 é 99,90 e não 89,90" is no fee of 99,90): only the facts it put right stay.
            out = [
                f for f in out if f.id in fixed or f.lines != span or f.provider != unit.provider
            ]
    return out


def _marked_lines(
    units: Sequence[Unit], line_map: Mapping[str, Sequence[Span]]
) -> list[tuple[Unit, str, Span]]:
    found: list[tuple[Unit, str, Span]] = []
    for unit in units:
        texts = unit.answer.split("\n") if unit.answer else []
        spans = list(line_map.get(unit.id, ()))
        if len(spans) != len(texts):
            spans = [unit.lines] * len(texts)
        found.extend((unit, t, s) for t, s in zip(texts, spans, strict=True) if _MARK.search(t))
    return found


def _numbers_corrected(text: str, span: Span) -> list[_Correction]:
    found = [*_RIGHT_NOT_WRONG.finditer(text), *_WRONG_THEN_RIGHT.finditer(text)]
    out = []
    for match in sorted(found, key=lambda m: m.start()):
        before = text[: match.start()]
        cut = [m.end() for m in _CLAUSE.finditer(before)]
        named = _content(before[cut[-1] if cut else 0 :])
        out.append(_Correction(match["right"].strip(), match["wrong"].strip(), named, span, text))
    return out


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in words(_MARK.sub(" ", text)) if w not in STOPWORDS)


def _correct_numbers(facts: list[Fact], provider: str, fix: _Correction) -> list[Fact]:
    """Each fact holding the wrong number, named by the most of the correction's words."""
    wrong, right = parse_money(fix.wrong), parse_money(fix.right)
    if wrong is None or right is None or not fix.named:
        return facts
    scored = []
    for k, fact in enumerate(facts):
        if fact.provider != provider or fact.lines == fix.span or fact.secret:
            continue
        if not any(parse_money(n) == wrong for n in re.findall(_NUMBER, fact.value)):
            continue
        shared = len(fix.named & _content(f"{fact.subject} {fact.value}"))
        if shared:
            scored.append((shared, k))
    if not scored:
        return facts
    best = max(score for score, _ in scored)
    out = list(facts)
    for score, k in scored:
        if score == best:
            out[k] = _corrected(facts[k], fix, right)
    return out


def _corrected(fact: Fact, fix: _Correction, right: float) -> Fact:
    """The fact with the right value: the number alone when the fact held the number alone
    ("89,90", "25 dias"), else the correcting line's words."""
    alone = re.fullmatch(rf"\s*(?:{_NUMBER}){_UNIT}\s*", fact.value, re.IGNORECASE) is not None
    value = fix.right if alone else fix.line
    if alone and re.search(r"\bdias?\b", fact.value) and not re.search(r"\bdias?\b", value):
        value = f"{value} dias"  # "20 dias e nao 25" said of "25 dias"
    attrs = dict(fact.attrs)
    for key in _NUMBER_ATTRS:
        if isinstance(attrs.get(key), int | float) and not isinstance(attrs.get(key), bool):
            attrs[key] = int(right) if key == "days" else right
    return replace(
        fact, value=value, lines=fix.span, attrs=attrs, caveats=(*fact.caveats, fix.line)
    )


def _correct_password(facts: list[Fact], provider: str, text: str, span: Span) -> list[Fact]:
    """The one router the line names, when the line says its password is wrong and gives one."""
    wrong = _PASSWORD_WRONG.search(text)
    if wrong is None:
        return facts
    said = _PASSWORD_AFTER.search(text, wrong.end())
    if said is None:
        return facts
    password = said["pw"].rstrip(",;")
    named = {model_key(w) for w in text[: wrong.end()].split()}
    routers = [
        k
        for k, fact in enumerate(facts)
        if fact.provider == provider
        and fact.kind == "credential"
        and fact.lines != span
        and _names_router(named, fact.subject)
    ]
    if len({facts[k].subject for k in routers}) != 1:
        return facts
    out = list(facts)
    for k in routers:
        out[k] = replace(facts[k], value=password, lines=span, caveats=(*facts[k].caveats, text))
    return out


def _names_router(named: set[str], model: str) -> bool:
    """The line's words name the model: its brand (a maker's name, or the first word the
    sheet writes the model with), or one of its codes."""
    keys = [model_key(w) for w in model.split()]
    return any(
        k in named
        and (k in ROUTER_BRANDS or any(c.isdigit() for c in k) or (n == 0 and k.isalpha()))
        for n, k in enumerate(keys)
    )
