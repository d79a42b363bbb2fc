"""Typed facts from parsed units, found by general patterns and Portuguese kind words.

Nothing here knows a sheet's values: plans are "speed - price" pairs, credentials the rows of a
table with a password column, fees the sentences that say what is charged, and so on. Values
are kept exactly as written; normalised forms go to ``attrs`` (see ``ingest.model``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence

from ingest.lines import PLAN_SEP, PRICE, SPEED, is_policy_start, is_value_shaped, short_label
from ingest.model import AttrValue, Fact, Unit, stable_id
from ingest.text import clean, fold, model_key, parse_money, parse_speed_mbps

logger = logging.getLogger(__name__)

Span = tuple[int, int]

_PLAN = re.compile(
    rf"(?P<s1>{SPEED}){PLAN_SEP}(?P<p1>{PRICE})|(?P<p2>{PRICE}){PLAN_SEP}(?P<s2>{SPEED})",
    re.IGNORECASE,
)
_MONEY = re.compile(r"R\$\s*\d[\d.]*(?:,\d{2})?|\d[\d.]*(?:,\d{2})?\s*reais\b", re.IGNORECASE)
_FREE = re.compile(
    r"n[ãa]o\s+(?:é|e|será|sera)\s+cobrad[oa]|sem\s+(?:custo|cobran[çc]a|taxa)|gratuit[oa]|isent[oa]",
    re.IGNORECASE,
)
_CHARGE_WORDS = ("cobrad", "custo", "custa", "taxa", "valor", "reais", "r$", "gratuit", "isent")
_CHARGED_SUBJECT = re.compile(
    r"^(?P<subject>[^,.;]{3,60}?)\s+(?:n[ãa]o\s+)?(?:é\s+cobrad[oa]|custa|tem\s+custo)",
    re.IGNORECASE,
)
# Where a clause of an answer ends: a sentence mark, or a comma (not one inside "100,00").
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_COMMA = re.compile(r",(?=\s)")
# A clause opening with one of these qualifies its neighbour ("só em casos ...", "se não ...").
_CONDITION_WORDS = {
    "so", "somente", "apenas", "exceto", "salvo", "quando", "caso", "se", "desde", "ate",
    "mediante", "parcelado", "parcelada", "parcelavel",
}  # fmt: skip
_TAX_PHRASE = re.compile(r"\btaxas?\s+(?:de|da|do)\s+\w+(?:\s+(?:de|da|do)\s+\w+)?", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:o|a|os|as)\s+", re.IGNORECASE)
_DAYS = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<value>(?P<days>\d{1,3})\s*dias?)\b", re.I)
_MAX_LATE = re.compile(r"mais\s+de\s+(?P<value>(?P<days>\d{1,3})\s*dias?)", re.IGNORECASE)
# "Bloqueio parcial com 15 dias": a block named, then when it happens.
_DAYS_INLINE = re.compile(
    r"(?P<label>\b(?:bloqueio|suspens[ãa]o|redu[çc][ãa]o|corte)\b[^,.;:]{0,40}?)\s+"
    r"(?:com|ap[óo]s|em|a\s+partir\s+de|depois\s+de)\s+(?P<value>(?P<days>\d{1,3})\s*dias?)\b",
    re.IGNORECASE,
)
_HOUR = re.compile(r"\b\d{1,2}\s*h\b|\b\d{1,2}:\d{2}\b|24/7", re.IGNORECASE)
_DEADLINE = re.compile(r"(?P<value>(?P<hours>\d{1,3})\s*(?:h|horas)\b)", re.IGNORECASE)
_CASE_SPLIT = re.compile(r"[,;.]\s|\s+(?:e|ou)\s+", re.IGNORECASE)
_CASE_PREPOSITIONS = {"para", "pra", "no", "na", "nos", "nas", "em", "ao", "aos", "de", "do", "da"}
_PORT = re.compile(r"\b\d{2,5}\b")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_NO_VALUE = {"", "-", "–", "—"}
_TECH_NOISE = {"planos", "plano", "de", "da", "do", "internet", "tecnologia"}
_CREDENTIAL_TOPIC = ("senha", "acesso", "roteador", "equipamento", "login")
_CONTACT_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("whatsapp", "whats", "zap"), "whatsapp"),
    (("central do assinante", "area do cliente", "portal"), "subscriber_portal"),
    (("e-mail", "email"), "email"),
    (("telefone", "fone", "celular", "tel"), "phone"),
    (("endereco",), "address"),
    (("sistema", "erp"), "system_url"),
    (("site", "pagina"), "site"),
)


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
        _plans(out, unit, texts, spans)
        if unit.kind == "table":
            _credentials(out, unit, texts, spans, _credential_caveats(units, index))
        if unit.kind == "keyvalue":
            _contacts(out, unit, texts, spans, units, index)
        if unit.kind in ("qa", "statement"):
            _fee(out, unit, texts, spans, after)
            _thresholds(out, unit, texts, spans)
            _qa_kinds(out, unit, texts, spans)
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


def _credentials(
    out: _Builder, unit: Unit, texts: list[str], spans: list[Span], caveats: list[str]
) -> None:
    header = [fold(c.strip()) for c in texts[0].split(" | ")] if texts else []
    pw_col = next((i for i, h in enumerate(header) if "senha" in h or "password" in h), None)
    if pw_col is None:
        return
    login_col = next((i for i, h in enumerate(header) if "login" in h or "usu" in h), None)
    model_col = next(i for i in range(len(header)) if i not in (pw_col, login_col))
    for text, span in zip(texts[1:], spans[1:], strict=True):
        row = text.split(" | ")
        if len(row) != len(header):
            continue
        login = row[login_col] if login_col is not None else None
        attrs: dict[str, AttrValue] = {
            "login": None if login is None or login.strip() in _NO_VALUE else login,
            "model_key": model_key(row[model_col]),
        }
        out.add(unit, "credential", row[model_col], row[pw_col], span, attrs, caveats)


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


def _fee(out: _Builder, unit: Unit, texts: list[str], spans: list[Span], after: list[str]) -> None:
    question = (unit.question or "").strip()
    answer = " ".join(texts)
    both = fold(f"{question} {answer}")
    if not any(w in both for w in _CHARGE_WORDS) or _PLAN.search(answer):
        return
    money = _MONEY.search(answer)
    free = _FREE.search(answer)
    if unit.kind == "statement":
        _statement_fee(out, unit, answer, spans, after, money, free)
        return
    found = money if money and (not free or money.start() < free.start()) else free
    if found is None:
        return
    start, end = _clause(answer, found.start(), found.end())
    clause = answer[start:end]
    subject_match = _CHARGED_SUBJECT.search(clause)
    if subject_match:
        start = found.start()  # the clause names what is charged: the value is the amount on
    subject = (
        _LEADING_ARTICLE.sub("", subject_match.group("subject").strip()) if subject_match else ""
    )
    if not subject or fold(subject).split()[0] in {"nao", "sim"}:
        subject = short_label(question)
    value = clean(answer[start:end])
    span = _span_of(texts, spans, answer, found.start())
    if found is money:
        attrs = _fee_attrs(parse_money(money.group(0)), True)
    else:
        attrs = _fee_attrs(None, False)
    out.add(unit, "fee", _capital(clean(subject)), value, span, attrs, after)


def _statement_fee(
    out: _Builder,
    unit: Unit,
    answer: str,
    spans: list[Span],
    after: list[str],
    money: re.Match[str] | None,
    free: re.Match[str] | None,
) -> None:
    """ "Possui taxa de instalação": the fee named is the subject, the statement its value."""
    tax = _TAX_PHRASE.search(answer)
    if tax is None:
        return
    subject = _capital(tax.group(0))
    value = clean(answer)
    if money is not None:
        start, end = _clause(answer, money.start(), money.end())
        # "Taxa de instalação: R$ 100,00 à vista": the value starts at the amount.
        value = clean(answer[money.start() if start < tax.end() else start : end])
    negated = fold(answer).startswith("nao ") or free is not None
    amount = parse_money(money.group(0)) if money is not None else None
    out.add(unit, "fee", subject, value, spans[0], _fee_attrs(amount, not negated), after)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` holding ``text[start:end]``, with its conditions.

    A clause ends at a sentence mark or a comma; a neighbouring clause of the same sentence
    that opens with a condition ("só em casos ...", "se não resolver, ...") belongs to it.
    """
    sent_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    ends = [m.start() for m in _SENTENCE_END.finditer(text, end)]
    sent_end = ends[0] if ends else len(text)
    commas = [m.start() for m in _COMMA.finditer(text, sent_start, sent_end)]
    before = [c for c in commas if c < start]
    after = [c for c in commas if c >= end]
    c_start = before[-1] + 1 if before else sent_start
    c_end = after[0] if after else sent_end
    while c_end < sent_end and _is_condition(text[c_end + 1 : sent_end]):
        c_end = next((c for c in after if c > c_end), sent_end)
    if before:
        prev_start = before[-2] + 1 if len(before) > 1 else sent_start
        if _is_condition(text[prev_start : before[-1]]):
            c_start = prev_start
    while c_start < c_end and text[c_start] in " ,;":
        c_start += 1
    return c_start, c_end


def _is_condition(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and (words[0] in _CONDITION_WORDS or words[:2] == ["a", "vista"])


def _span_of(texts: list[str], spans: list[Span], joined: str, offset: int) -> Span:
    """The span of the answer line that holds character ``offset`` of the joined answer."""
    position = 0
    for text, span in zip(texts, spans, strict=True):
        position += len(text) + 1
        if offset < position:
            return span
    return spans[0]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fee_attrs(amount: float | None, charged: bool | None) -> dict[str, AttrValue]:
    return {"amount": amount, "charged": charged}


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
        _deadlines(out, unit, label, answer, spans[0])
    if "velocidade" in q and (m := _URL.search(answer)):
        attrs = {"contact_type": "speedtest_site", "login_rule": None}
        out.add(unit, "contact", label, m.group(0), spans[0], attrs)
    if "horario" in q or "plantao" in q:
        for text, span in zip(texts, spans, strict=True):
            if _HOUR.search(text) or "plantao" in q:
                out.add(unit, "hours", label, text, span, {})


def _deadlines(out: _Builder, unit: Unit, label: str, answer: str, span: Span) -> None:
    """One deadline, or one per case the answer names ("24h para residencial e 12h para ...").

    Each case's words go into its subject so that an answer says which value is which; when
    a case cannot be named, the whole phrase stays one fact (hours of its first value).
    """
    found = list(_DEADLINE.finditer(answer))
    if not found:
        return
    if len(found) == 1:
        value = found[0].group("value")
        out.add(unit, "deadline", label, value, span, {"hours": int(found[0].group("hours"))})
        return
    cases = [_case_words(answer, found, k) for k in range(len(found))]
    if not all(cases):
        attrs: dict[str, AttrValue] = {"hours": int(found[0].group("hours"))}
        out.add(unit, "deadline", label, clean(answer), span, attrs)
        return
    base = _label_without(label, cases)
    for m, case in zip(found, cases, strict=True):
        attrs = {"hours": int(m.group("hours"))}
        out.add(unit, "deadline", f"{base} — {case}", m.group("value"), span, attrs)


def _case_words(answer: str, found: list[re.Match[str]], k: int) -> str:
    """The words that name the case of the k-th value: after it ("24h para X"), else before."""
    stop = found[k + 1].start() if k + 1 < len(found) else len(answer)
    after = _CASE_SPLIT.split(answer[found[k].end() : stop])[0]
    case = _case(after)
    if not case:
        begin = found[k - 1].end() if k else 0
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
    firsts = {fold(c.split()[0]) for c in cases}
    cut = next((i for i, w in enumerate(words) if fold(w).strip(",;:") in firsts), None)
    if cut is None or cut == 0:
        return label
    return re.sub(r"(?:[\s,;:–—-]|\b(?:e|ou|para|de|do|da)\b)+$", "", " ".join(words[:cut]))


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
        ctype = _contact_type(key, value)
        if ctype is None:
            continue
        rule = _login_rule(units, index) if ctype == "subscriber_portal" else None
        out.add(unit, "contact", key, value, span, {"contact_type": ctype, "login_rule": rule})


def _contact_type(key: str, value: str) -> str | None:
    folded = fold(key)
    for words, ctype in _CONTACT_KEYS:
        if any(re.search(rf"\b{re.escape(w)}\b", folded) for w in words):
            return ctype
    if _URL.fullmatch(value):
        return "site"
    if "@" in value and is_value_shaped(value):
        return "email"
    if is_value_shaped(value):
        return "phone"
    return None


def _login_rule(units: Sequence[Unit], index: int) -> str | None:
    """The sentence on how to log in to the subscriber portal: the next statement about it."""
    for k in range(index + 1, min(index + 3, len(units))):
        text = units[k].answer
        folded = fold(text)
        if units[k].kind == "statement" and "login" in folded and "senha" in folded:
            return text.replace("\n", " ")
    return None
