"""Day thresholds of late payment: when the speed is reduced (partial block), when access is
blocked (total block), and the most days late for a release in trust.

Read from any line or sentence that gives a number of days in a late-payment context, by the
words of its own clause: "Bloqueio Parcial (Redução): 30 Dias", "Redução - 21 Dias", "a partir
de 12 dias de atraso a velocidade é reduzida e com 35 dias o acesso é bloqueado totalmente",
"NÃO LIBERAR COM MAIS DE 35 DIAS DE ATRASO", "Limite para liberação: 51 dias".
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from ingest.analysis import clean, fold, spelled_counts
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext, subject_identity
from ingest.records import AttrValue, Fact, Unit

_DAYS = re.compile(r"(?P<value>(?P<days>\d{1,3})\s*dias?\b)", re.IGNORECASE)
# "Label: N dias", "Label - N dias": a label of a few words before the number.
_LABELLED = re.compile(
    r"^(?:R\s*:\s*)?(?P<label>[^:\d]{2,60}?)\s*(?::|\s[-–—]\s)\s*(?:com\s+|ap[óo]s\s+)?(?P<value>"
    r"(?P<days>\d{1,3})\s*dias?)\b",
    re.IGNORECASE,
)
# Where a sentence's clauses part: each clause with a number of days is one threshold; a
# sentence's end parts them too ("... total com 20 dias. Desbloqueio só até 30 dias").
_CLAUSE_BREAK = re.compile(
    r"\s*[;,]\s*|\s+e\s+(?=(?:com|a\s+partir|ap[óo]s|depois)\b)"
    r"|(?<=[^\W\d_])\.\s+(?-i:(?=[A-ZÀ-Ý]))",
    re.I,
)
# Words (folded, as prefixes) that say what a clause's number of days is about.
_RELEASE = ("liber", "desbloque", "confianca")
_LIMIT = ("mais de", "acima de", "ate ", "limite", "maxim", "no maximo")
_PARTIAL = ("parcial", "reduz", "reduc", "lent", "diminu")
_TOTAL = ("total", "suspen", "cort", "bloqueado", "bloqueia", "bloqueio")
# Labels of how long something lasts or takes, not of how late a payment is.
_DURATION = ("validade", "duracao", "dura ", "vigencia", "prazo")
# Words of payment late ("com mais de 40 dias de atraso"): days late, not how long a release is.
_LATE = ("atras", "vencid", "inadimpl")
# A clause is about late payment when it, or the unit's question, says so.
_CONTEXT: tuple[str, ...] = (
    "atras", "vencid", "inadimpl", "bloque", "suspen", "corte", "cortad", "reduz", "reduc",
    *_RELEASE,
)  # fmt: skip


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if unit.kind not in ("qa", "statement", "list", "keyvalue"):
        return
    _release_durations(out, ctx)
    asked = any(w in fold(unit.question or "") for w in _CONTEXT)
    read = [
        (_read_counts(text, unit.question), text, span)
        for text, span in zip(ctx.texts, ctx.spans, strict=True)
    ]
    clauses = [
        (c, as_written, text, span)
        for (line, as_written), text, span in read
        for c in day_clauses(line)
    ]
    # One number of days under a question that names its threshold ("Com quantos dias reduz a
    # velocidade?" over "Com 10 dias de atraso a velocidade cai pra 2 Mega"): the question's.
    by_question = threshold_kind(unit.question or "") if len(clauses) == 1 else None
    for (label, value, days), as_written, text, span in clauses:
        labelled = None
        if _DAYS.match(label) and threshold_kind(label) is None and _is_label(unit.question):
            # "Redução (parcial)" over "10 dias — cai pra 1M", "Limite" over "45 dias de
            # atraso" under "Desbloqueio de confiança": the label says what the days are of
            # (the subject when the line says only the days); "Validade: 3 dias" is how long
            # something lasts, no count of days late.
            if _mentions(unit.question or "", _DURATION):
                if _lasts(unit.question or "", unit):
                    _add(
                        out,
                        unit,
                        _label_of(unit),
                        value,
                        days,
                        "release_duration",
                        span,
                        text,
                        False,
                    )
                continue
            labelled = _label_of(unit)
            if not _TRAILING_DAYS.sub("", label).strip(" -–—:,"):
                label = labelled
        kind = threshold_kind(label) or (threshold_kind(labelled) if labelled else None)
        if kind is None and _is_label(unit.question) and not _DAYS.match(label):
            if _lasts(f"{label} {unit.question}", unit):
                # "prazo liberacao: 3 dias" under "desbloqueio confianca": how long it lasts.
                _add(out, unit, label, value, days, "release_duration", span, text, False)
                continue
            # "limite dias: 35" under "desbloqueio confianca": the label under its question.
            kind = threshold_kind(f"{unit.question} {label}")
        kind = kind or by_question
        if kind is None and not (asked or _mentions(label, _CONTEXT)):
            continue
        written = as_written.get(value, value)
        _add(out, unit, label, written, days, kind or "other", span, text, is_case(label))


def _lasts(label: str, unit: Unit) -> bool:
    """Whether a label says how long a release in trust lasts ("Validade" under "Desbloqueio
    de confiança"), not how late a payment may be."""
    about = f"{label} {unit.question or ''} {unit.section}"
    return _mentions(label, _DURATION) and _mentions(about, _RELEASE)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# "libera por 3 dias", "libera por até 48h" is hours: "por N dias" said of a release in trust.
_FOR_DAYS = re.compile(
    r"\bpor\s+(?:at[ée]\s+)?(?P<value>(?P<days>\d{1,3})\s*dias?)\b(?!\s+[úu]teis)"
)


def _release_durations(out: FactSink, ctx: UnitContext) -> None:
    """How long a release in trust lasts, told as "por N dias" on a line about the release (or
    under a question or heading about it): the days it lasts, no count of days late."""
    unit = ctx.unit
    around = _mentions(f"{unit.question or ''} {unit.section}", _RELEASE)
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        for found in _FOR_DAYS.finditer(text):
            clause = text[: found.end()]
            cut = [m.end() for m in _CLAUSE_BREAK.finditer(clause[: found.start()])]
            clause = clause[cut[-1] if cut else 0 :]
            if not (around or _mentions(clause, _RELEASE)) or _mentions(clause, _LATE):
                continue
            # Its sentence is its subject: how often beside how long ("1 vez a cada 30 dias,
            # libera por 3 dias") is one rule.
            starts = [m.end() for m in _SENTENCE_END.finditer(text[: found.start()])]
            ends = _SENTENCE_END.search(text, found.end())
            label = text[starts[-1] if starts else 0 : ends.start() if ends else len(text)]
            label = label.strip(" -–—:,.")
            days = int(found["days"])
            _add(out, unit, label, found["value"], days, "release_duration", span, text, False)


def _is_label(question: str | None) -> bool:
    """A short label a value is under, not a question ("Redução (parcial)", "Limite")."""
    text = (question or "").strip()
    return bool(text) and not text.endswith("?") and len(text.split()) <= 5


def _label_of(unit: Unit) -> str:
    """A label, with its section before it when the label alone names no threshold."""
    label = (unit.question or "").strip().rstrip(":")
    if threshold_kind(label) is None and unit.section:
        return f"{unit.section} — {label}"
    return label


def _read_counts(text: str, question: str | None = None) -> tuple[str, dict[str, str]]:
    """A line with its spelled counts as digits ("quinze dias": compared as 15), and each
    count as the sheet writes it; a bare count whose label says it is of days or days late
    ("dias bloqueio total: 20", "20" under "dias bloqueio total", "Limite de atraso: 30")
    reads "20 dias", written "20"."""
    bare = _BARE_DAYS.match(text.strip())
    if bare is not None and _mentions(bare["label"] or question or "", _COUNTS_DAYS):
        count = bare["count"]
        label = f"{bare['label']}: " if bare["label"] else ""
        return f"{label}{count} dias", {f"{count} dias": count}
    spelled = spelled_counts(text)
    read = text
    for written, digits in spelled:
        read = read.replace(written, digits, 1)
    return read, {digits: written for written, digits in spelled}


# Words of a label whose bare count is of days: days named, or days late ("Limite de atraso").
_COUNTS_DAYS = ("dia ", "dias ", "atras")
# "dias bloqueio total: 20", "limite dias: 35", a lone "20": a count with no unit after it.
_BARE_DAYS = re.compile(r"^(?:(?P<label>[^\d:]{2,60}?)\s*:\s*)?(?P<count>\d{1,3})$")


def day_clauses(text: str) -> list[tuple[str, str, int]]:
    """(label or clause, days as written, days) of each number of days a line gives."""
    line = clean(text)
    labelled = _LABELLED.match(line)
    if labelled and len(_DAYS.findall(line)) == 1:
        label = labelled.group("label").strip(" -–—")
        value = labelled.group("value")
        rest = line[labelled.end("value") :]
        if rest.startswith(" — "):
            value += rest  # a table row's note ("12 dias — Velocidade reduzida para 2 Mega")
        return [(label, value, int(labelled.group("days")))]
    clauses: list[str] = []
    opening: list[str] = []  # "O bloqueio parcial, que reduz a velocidade, é com 10 dias"
    for piece in _CLAUSE_BREAK.split(line):
        if _DAYS.search(piece):
            # The words before only when the clause names no kind of its own ("Não possui
            # redução, o bloqueio total ocorre: 38 dias" is the total block).
            said = not clauses and opening and threshold_kind(_clause(piece)[0]) is None
            clauses.append(", ".join([*opening, piece]) if said else piece)
        elif clauses:
            clauses[-1] = f"{clauses[-1]}, {piece}"  # "com 30 dias, o bloqueio total": one
        else:
            opening.append(piece)
    return [_clause(c) for c in clauses if not _NOT_LATE_DAYS.search(c)]


# A number of days that is a frequency, a duration or a deadline, not a count of days late.
_NOT_LATE_DAYS = re.compile(
    r"\b(?:a\s+cada|por|durante|em\s+at[ée])\s+\d{1,3}\s*dias?\b|dias?\s+[úu]teis"
    # "pelo período mínimo de 30 e máximo de 120 dias": how long, not how late
    r"|\b(?:m[íi]nimo|m[áa]ximo)\s+de\s+\d{1,3}\s*dias?\b(?!\s+(?:de\s+|em\s+)?atras)"
    r"|\d{1,3}\s*dias?\s+(?:por|na|da|a)\s+semana\b"  # "24 horas por dia, 7 dias por semana"
    # "suspensão temporária de 30 a 90 dias": a span of time, not a count of days late
    r"|\bde\s+\d{1,3}\s+a\s+\d{1,3}\s*dias?\b(?!\s+(?:de\s+|em\s+)?atras)",
    re.I,
)


# The number of days at the end of a clause: "Bloqueio parcial com 15 dias (de atraso)".
_TRAILING_DAYS = re.compile(
    r"\s*(?:[-–—:]|com|ap[óo]s|em|a\s+partir\s+de|depois\s+de)?\s*\d{1,3}\s*dias?"
    r"(?:\s+de\s+atraso)?\s*\.?$",
    re.IGNORECASE,
)


def _clause(text: str) -> tuple[str, str, int]:
    """A clause's label (its words before a trailing number of days, else the whole clause)."""
    found = _DAYS.search(text)
    assert found is not None
    clause = re.sub(r"^R\s*:\s*", "", text).strip(" .;,")
    label = _TRAILING_DAYS.sub("", clause).strip(" -–—:,")
    dangling = fold(label).split()[-1:] in (["de"], ["com"], ["a"], ["em"], ["ate"], ["que"])
    # A number of its own in the label (but for one in brackets: "(reduzida para 2 Mega)").
    numbered = any(c.isdigit() for c in re.sub(r"\([^)]*\)", "", label))
    if len(label) < 2 or numbered or dangling:
        label = clause
    return (label, found.group("value"), int(found["days"]))


def threshold_kind(label: str) -> str | None:
    """What a clause's days are: a release limit, a partial or a total block; None unsaid."""
    if _mentions(label, _RELEASE) and (_mentions(label, _LIMIT) or "nao" in fold(label)):
        return "max_days_late_release"
    if _mentions(label, _PARTIAL):
        return "partial_block"
    if _mentions(label, _TOTAL):
        return "total_block"
    return None


def states_release_limit(text: str) -> bool:
    """Whether a line gives the most days late for a release ("NÃO LIBERAR COM MAIS DE N DIAS")."""
    return any(
        threshold_kind(label) == "max_days_late_release" for label, _, _ in day_clauses(text)
    )


# A worked case, one customer at one count of days ("CLIENTE C/ 15 DIAS DE ATRASO: TA REDUZIDO,
# PODE FAZER CONFIANCA"): what applies to them, not where a threshold lies ("cliente com mais
# de 35 dias" states a limit, and is no case).
_CASE = re.compile(
    r"^(?:se\s+)?(?:o\s+|um\s+)?(?:cliente|assinante|cli)\s+(?:que\s+)?"
    r"(?:esta\s+|estiver\s+|ta\s+|tiver\s+|ficou\s+)?(?:com|c/)\s+\d{1,3}\s*dias?\b"
)


def is_case(label: str) -> bool:
    """Whether a clause tells what applies to one customer late by some days."""
    return _CASE.match(fold(label).lstrip("-•*> ")) is not None


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    folded = f" {fold(text)} "
    return any(w in folded for w in words)


def _add(
    out: FactSink,
    unit: Unit,
    label: str,
    value: str,
    days: int,
    kind: str,
    span: Span,
    line: str,
    case: bool,
) -> None:
    attrs: dict[str, AttrValue] = {"days": days, "threshold": kind}
    if case:
        attrs["case"] = True
    # A release limit is a rule to say as written ("... SOMENTE COM COMPROVANTE").
    caveats = [clean(line)] if kind == "max_days_late_release" else []
    out.add(unit, "day_threshold", label, value, span, attrs, caveats)


def identity(fact: Fact) -> Hashable:
    """A threshold is the same when it is the same kind of block (or release limit)."""
    if fact.attrs.get("threshold") not in (None, "other"):
        return ("day_threshold", fact.attrs.get("threshold"))
    return subject_identity(fact)


KIND = FactKind(
    name="day_threshold", label="threshold", extract=extract, identity=identity, reads_rows=True
)
