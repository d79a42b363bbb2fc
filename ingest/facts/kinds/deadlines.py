"""Support deadlines: one per case the answer names ("24h para residencial e 12h para ...")."""

from __future__ import annotations

import re

from ingest.analysis import clean, fold
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext, asked_label
from ingest.parsing.lines import short_label
from ingest.records import AttrValue, Unit

# "24h", "48 horas", "3 dias úteis", and the kind of hours or days when the sheet says it
# ("24 horas úteis"); days late ("15 dias de atraso") are a threshold, never a deadline.
_DEADLINE = re.compile(
    r"(?P<value>(?P<count>\d{1,3})\s*(?:(?P<hours>h|horas)|dias?)\b"
    r"(?:\s+(?:[úu]teis|corridas|comerciais)\b)?)(?!\s+(?:de\s+|em\s+)?atras)",
    re.IGNORECASE,
)
_CASE_SPLIT = re.compile(r"[,;.]\s|\n|\s+(?:e|ou)\s+", re.IGNORECASE)
# "Corporativo: até 8h": a case's label, a colon, the value.
_LABEL_BEFORE = re.compile(r"(?:^|\n)(?P<case>[^\W\d][^:;,.\n]{0,40}):\s*(?:at[ée]\s+)?$")
_CASE_PREPOSITIONS = {"para", "pra", "no", "na", "nos", "nas", "em", "ao", "aos", "de", "do", "da"}


# "Prazo: até 5 dias úteis", "prazo de instalação - 48h": a deadline labelled inside a line.
_LABELLED = re.compile(
    r"\b(?P<label>prazo\b[^:;.\n\d]{0,40}?)\s*(?::|\s[-–—]\s)\s*(?:at[ée]\s+|em\s+)?(?=\d)",
    re.IGNORECASE,
)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if not ctx.texts:
        return
    if unit.kind == "qa" and unit.question and "prazo" in fold(unit.question):
        # Lines kept apart: "Residencial: até 24h úteis" / "Corporativo: 6h" are two cases.
        deadline_facts(out, unit, asked_label(unit), "\n".join(ctx.texts), ctx.spans[0])
        return
    if unit.kind == "qa" and _case_under_deadlines(ctx):
        # "Residencial" over "até 24h" under a heading "Prazo de atendimento do suporte".
        label = f"{unit.section} — {short_label(unit.question or '')}"
        deadline_facts(out, unit, label, "\n".join(ctx.texts), ctx.spans[0])
        return
    caption = _caption(ctx) or (unit.section if ctx.in_section("prazo") else None)
    if unit.kind in ("keyvalue", "list") and caption:
        # "Residencial: 24h uteis" / "Empresarial: 6h" lines under the deadlines' heading.
        for text, span in zip(ctx.texts, ctx.spans, strict=True):
            case, colon, said = text.partition(":")
            value = _DEADLINE.match(re.sub(r"^at[ée]\s+", "", said.strip()))
            if colon and _case(case) and value is not None:
                subject = f"{caption} — {_case(case)}"
                out.add(unit, "deadline", subject, value["value"], span, _count(value))
        return
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        # "... abrir OS, taxa de R$ 120,00. Prazo: até 5 dias úteis" under "Mudança de endereço".
        for found in _LABELLED.finditer(text):
            value = _DEADLINE.match(text, found.end())
            if value is not None:
                subject = (
                    f"{unit.section} — {clean(found['label'])}" if unit.section else found["label"]
                )
                out.add(unit, "deadline", subject, value.group("value"), span, _count(value))


def _caption(ctx: UnitContext) -> str | None:
    """The caption right over the lines when it names deadlines ("PRAZO DE ATENDIMENTO")."""
    above = ctx.neighbour(-1)
    named = (
        above is not None
        and above.kind == "statement"
        and "\n" not in above.answer
        and len(above.answer.split()) <= 6
        and "prazo" in fold(above.answer)
    )
    return above.answer.strip() if named and above is not None else None


def _case_under_deadlines(ctx: UnitContext) -> bool:
    """A case's short label (no "?") answered under a heading that names deadlines."""
    asked = (ctx.unit.question or "").strip()
    return ctx.in_section("prazo") and not asked.endswith("?") and bool(_case(asked))


def deadline_facts(out: FactSink, unit: Unit, label: str, answer: str, span: Span) -> None:
    """One deadline, or one per case the answer names.

    Each case's words go into its subject so that an answer says which value is which; when
    a case cannot be named, the whole phrase stays one fact (hours of its first value).
    """
    found = list(_DEADLINE.finditer(answer))
    if not found:
        return
    if len(found) == 1:
        # "Residencial: até 23h" alone: the case it is for goes with it.
        labelled = _LABEL_BEFORE.search(answer[: found[0].start()])
        case = _case(labelled.group("case")) if labelled else ""
        subject = f"{_label_without(label, [case])} — {case}" if case else label
        out.add(unit, "deadline", subject, found[0].group("value"), span, _count(found[0]))
        return
    cases = [_case_words(answer, found, k) for k in range(len(found))]
    if not all(cases):
        out.add(unit, "deadline", label, clean(answer), span, _count(found[0]))
        return
    base = _label_without(label, cases)
    for m, case in zip(found, cases, strict=True):
        out.add(unit, "deadline", f"{base} — {case}", m.group("value"), span, _count(m))


def _count(found: re.Match[str]) -> dict[str, AttrValue]:
    """A deadline's hours, or its days."""
    unit = "hours" if found.group("hours") else "days"
    return {unit: int(found.group("count"))}


def _case_words(answer: str, found: list[re.Match[str]], k: int) -> str:
    """The words that name the case of the k-th value: after it ("24h para X"), else before."""
    begin = found[k - 1].end() if k else 0
    labelled = _LABEL_BEFORE.search(answer[begin : found[k].start()])
    if labelled and _case(labelled.group("case")):
        return _case(labelled.group("case"))  # "Residencial: até 24 horas"
    stop = found[k + 1].start() if k + 1 < len(found) else len(answer)
    after = _CASE_SPLIT.split(answer[found[k].end() : stop])[0]
    case = _case(after)
    if not case:
        case = _case(_CASE_SPLIT.split(answer[begin : found[k].start()])[-1])
    return case


def _case(text: str) -> str:
    words = text.strip(" :–—-").split()
    while words and fold(words[0]) in _CASE_PREPOSITIONS:
        words = words[1:]
    return " ".join(words) if 1 <= len(words) <= 4 else ""


def _label_without(label: str, cases: list[str]) -> str:
    """The label less its list of cases ("Prazo do Suporte, residencial e corporativo")."""
    words = label.split()
    # A word of the label that is one of a case's, or the same but for its ending
    # ("residencial" / "clientes residenciais").
    named = {fold(w)[:6] for c in cases for w in c.split() if len(w) >= 5}
    cut = next(
        (i for i, w in enumerate(words) if len(w) >= 5 and fold(w).strip(",;:")[:6] in named),
        None,
    )
    if cut is None or cut == 0:
        return label
    return re.sub(r"(?:[\s,;:–—-]|\b(?:e|ou|para|de|do|da)\b)+$", "", " ".join(words[:cut]))


KIND = FactKind(name="deadline", label="deadline", extract=extract, reads_rows=True)
