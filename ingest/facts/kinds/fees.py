"""Fee facts: what is charged for a service, the amount or that it is free.

Each "Label: R$ value" line of an answer is a fee of its own ("Mudança de endereço: R$ 80,00"
under a question that prices several services); otherwise the answer's clause that holds an
amount or says it is free ("R: Sim, R$ 120,00 em 2x", "Não é cobrado") is the fee of the
question. A fee said to exist without an amount ("tem taxa, o valor é o financeiro que passa")
is a fee with no amount. Found by general patterns only, never a sheet's values.
"""

from __future__ import annotations

import re

from ingest.analysis import BARE_AMOUNT, MONEY, clean, fold, parse_money
from ingest.corrections import corrected
from ingest.facts.kind import FactKind, FactSink, Span, UnitContext, asked_label
from ingest.facts.kinds.addresses import address_in
from ingest.facts.kinds.plans import PLAN, TECHNOLOGIES
from ingest.facts.kinds.thresholds import states_release_limit
from ingest.parsing.lines import is_answer_start
from ingest.placeholders import withholds_amount
from ingest.records import AttrValue, Unit

# ("senão é cobrado" charges: a word's end is no "não").
_FREE = re.compile(
    r"(?<!\w)(?:n[ãa]o\s+(?:é|e|será|sera)\s+cobrad[oa]|sem\s+(?:custo|cobran[çc]a|taxa)"
    r"|gratuit[oa]|isent[oa]|gr[áa]tis|n[ãa]o\s+(?:cobra|cobramos|tem\s+(?:custo|taxa)"
    r"|possui\s+(?:custo|taxa)|h[áa]\s+(?:custo|taxa|cobran[çc]a)))",
    re.IGNORECASE,
)
# "tem taxa", "é cobrado", "possui taxa": charged, whether or not an amount follows.
_CHARGED = re.compile(r"\b(?:tem|possui|h[áa])\s+(?:uma\s+)?taxa\b|\bcobrad[oa]\b|\bcobra\b", re.I)
# "Label: value", "Label - value", "- Label: value": one service priced on its own line.
_LABEL_LINE = re.compile(
    r"^(?:[-•*·]\s*)?(?P<label>[^\W\d][^:?=]{2,59}?)\s*(?::|\s[-–—]\s|=)\s*(?P<value>\S.*)$"
)
# A label that is a case of the question's fee ("s/ fidelidade = R$ 180,00" under "Taxa inst.?").
_CASE_LABEL = re.compile(
    r"^(?:[csp]/|(?:com|sem|para|pra|acima|abaixo|at[eé]|no|na|nos|nas|se|caso|quando|n)\b)"
)
# A label that only says an amount follows ("valor", "taxa", "preço"): the question's fee.
_CHARGE_ONLY = re.compile(
    r"^(?:o\s+|a\s+)?(?:valor|taxa|preco|custo|cobranca)(?:\s+(?:mensal|unic[oa]|total|cobrad[oa]))?$"
)
# "Instalação fibra com fidelidade de 12 meses: Isenta": a fees table's first cell is long.
_MAX_LABEL_WORDS = 8
# A "label" that is an answer or a note ("Não: ...", "Obs: ...", "R: ..."), never a service.
_NOT_A_FEE_LABEL = frozenset({"nao", "sim", "obs", "r"})
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
# A clause opening with one of these is the consequence of the one before ("..., senão é
# cobrado R$ 280,00"), not what is charged.
_CONSEQUENCE_WORDS = {"senao", "se nao", "caso contrario", "do contrario", "mas", "porem"}
_TAX_PHRASE = re.compile(r"\btaxas?\s+(?:de|da|do)\s+\w+(?:\s+(?:de|da|do)\s+\w+)?", re.I)
_NOTE_LABELS = {"obs", "obs.", "observacao", "observacoes", "nota"}
# A note's first words naming what its amount prices ("repetidor em comodato R$ 15,00").
_NOTED_FEE = re.compile(
    rf"^(?P<subject>[^\W\d][^.;:\d]{{2,50}}?)\s+(?:por\s+|custa\s+|é\s+)?(?P<amount>{MONEY.pattern})",
    re.IGNORECASE,
)
_VERDICT_FIRST = re.compile(r"^(?:sim|n[ãa]o)\s*[,;]\s*(?=\S)", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:o|a|os|as)\s+", re.IGNORECASE)


def fee_facts(
    out: FactSink, unit: Unit, texts: list[str], spans: list[Span], after: list[str]
) -> None:
    """The fee a qa or statement unit states: what is charged, the amount or that it is free."""
    question = (unit.question or "").strip()
    answer = " ".join(texts)
    # A bare amount under a heading of fees ("[taxas]" over "visita_improdutiva = 60,00") is
    # charged as much as one its own label names.
    both = fold(f"{question} {answer} {unit.section}")
    if not any(w in both for w in _CHARGE_WORDS):
        return
    money = MONEY.search(answer) or BARE_AMOUNT.match(answer)
    if money is not None:
        money = corrected(answer, money, MONEY)  # "60 reais, aliás, corrigindo, 70 reais"
    free = _FREE.search(answer)
    if unit.kind == "statement":
        _statement_fee(out, unit, answer, spans, after, money, free)
        return
    found = money if money and (not free or money.start() < free.start()) else free
    if found is None:
        charged = _CHARGED.search(answer)
        if charged is not None and fold(answer).split()[0] != "nao":
            # "Sim, tem taxa, o valor é o financeiro que passa": charged, no amount given.
            span = _span_of(texts, spans, answer, charged.start())
            value = clean(answer)
            out.add(
                unit,
                "fee",
                _capital(asked_label(unit)),
                value,
                span,
                _fee_attrs(None, True),
                after,
            )
        return
    start, end = _clause(answer, found.start(), found.end())
    if found is free and fold(answer[:start]).strip(" ,") in {"nao", "sim"}:
        start = 0  # "Não, instalação gratuita": the "Não" answers the question too
    clause = answer[start:end]
    subject_match = _CHARGED_SUBJECT.search(clause)
    if subject_match and fold(subject_match["subject"]).strip() in _CONSEQUENCE_WORDS:
        # "Devolver em até 10 dias, senão é cobrado R$ 280,00": the charge is what the
        # sentence's first clause leaves undone; the value is the sentence.
        subject_match = None
        ends = [m.end() for m in _SENTENCE_END.finditer(answer, 0, found.start())]
        start = ends[-1] if ends else 0
    if subject_match:
        start = found.start()  # the clause names what is charged: the value is the amount on
    subject = (
        _LEADING_ARTICLE.sub("", subject_match.group("subject").strip()) if subject_match else ""
    )
    if not subject or fold(subject).split()[0] in {"nao", "sim"}:
        subject = asked_label(unit)
    value = clean(answer[start:end])
    span = _span_of(texts, spans, answer, found.start())
    # The answer's later sentences that price or free the same fee are its cases ("Instalação
    # GRÁTIS com fidelidade. Sem fidelidade a taxa é R$ 150,00.").
    value = _with_conditions(value, answer, end, None)
    if found is money:
        attrs = _fee_attrs(parse_money(money.group(0)), True)
    else:
        attrs = _fee_attrs(None, False)
    out.add(unit, "fee", _capital(clean(subject)), value, span, attrs, after)


def _statement_fee(
    out: FactSink,
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
    if money is not None:
        value = _with_conditions(value, answer, money.end(), subject)
    # Free when the sheet says so without an amount; an amount with a free case beside it
    # ("R$ 150,00 ... Nos planos de 500 Mega a instalação é isenta") is charged, with its case.
    negated = fold(answer).startswith("nao ") or (free is not None and money is None)
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


def _with_conditions(value: str, answer: str, end: int, subject: str | None) -> str:
    """The value and the later sentences of the answer that say when the same fee is free or
    costs otherwise ("Nos planos de 500 Mega ou superiores a instalação é isenta ..."): those
    that name ``subject``, or any such sentence of a question's answer (``subject`` None)."""
    keys = {w[:6] for w in re.findall(r"[a-z]{5,}", fold(subject or ""))} - {"valor", "custo"}
    extra = []
    for sentence in re.split(r"(?<=[.!;])\s+", answer[end:].strip()):
        folded = fold(sentence)
        named = subject is None or any(w[:6] in keys for w in re.findall(r"[a-z]{5,}", folded))
        if named and (_FREE.search(sentence) or MONEY.search(sentence)):
            extra.append(sentence.strip(" ,;"))  # ", e se ..." after the amount's clause
    return clean(f"{value.rstrip(' .')}. {' '.join(extra)}") if extra else value


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


def _is_case(label: str) -> bool:
    """A label that is a case of the question's fee: "s/ fidelidade", "acima de 30 dias", a
    technology ("Rádio: taxa de R$ 120,00" under "Possui taxa de instalação?")."""
    folded = fold(label)
    words = re.findall(r"\w+", folded)
    return bool(_CASE_LABEL.match(folded)) or (0 < len(words) <= 2 and words[0] in TECHNOLOGIES)


def _fee_attrs(amount: float | None, charged: bool | None) -> dict[str, AttrValue]:
    return {"amount": amount, "charged": charged}


def extract(out: FactSink, ctx: UnitContext) -> None:
    if ctx.unit.kind not in ("qa", "statement", "list") or PLAN.search(ctx.answer):
        return
    # The policy right after a fee qualifies it ("Não informar o cliente, ..."), but a
    # release limit ("NÃO LIBERAR COM MAIS DE N DIAS") is a threshold of its own.
    after = ctx.policy_after(excluded=states_release_limit)
    rest_texts: list[str] = []
    rest_spans: list[Span] = []
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        if not label_line_fee(out, ctx.unit, text, span, after):
            rest_texts.append(text)
            rest_spans.append(span)
    if rest_texts and ctx.unit.kind != "list":
        fee_facts(out, ctx.unit, rest_texts, rest_spans, after)
        return
    for text, span in zip(rest_texts, rest_spans, strict=True):
        if MONEY.search(text) or _FREE.search(text):
            # An item that prices or frees something in a sentence ("Vendemos ponto mesh em
            # comodato por R$ 19,90/mês", "Isenta com fidelidade"): its own fee, each apart.
            fee_facts(out, ctx.unit, [text], [span], after)


def label_line_fee(out: FactSink, unit: Unit, text: str, span: Span, after: list[str]) -> bool:
    """A "Label: value" line that prices (or frees) one service: its fee; False when not one."""
    match = _LABEL_LINE.match(text.strip())
    if match is None or is_answer_start(text):
        return False
    label, value = clean(match.group("label")), clean(match.group("value"))
    label = _VERDICT_FIRST.sub("", label)  # "Sim, valor: R$ 60,00": the answer, then its amount
    noted = _NOTED_FEE.match(value) if fold(label).split()[0] in _NOTE_LABELS else None
    if noted is not None:
        # "Obs: repetidor em comodato R$ 15,00/mês a mais": a note that prices what it names.
        label, value = noted["subject"], clean(value[noted.start("amount") :].split(". ")[0])
    if len(label.split()) > _MAX_LABEL_WORDS or fold(label).split()[0] in _NOT_A_FEE_LABEL:
        return False
    money = MONEY.search(value) or BARE_AMOUNT.match(value)
    if money is not None:
        attrs = _fee_attrs(parse_money(money.group(0)), True)
    elif _FREE.search(value):
        attrs = _fee_attrs(None, False)
    elif _FREE.search(label) and fold(value) == "sim" and unit.question:
        # "isento com fidelidade: sim" under "taxa instalacao": free in that case.
        out.add(
            unit,
            "fee",
            f"{_capital(asked_label(unit))} — {label}",
            value,
            span,
            _fee_attrs(None, False),
            after,
        )
        return True
    elif _CHARGED.search(value) or (withholds_amount(value) and address_in(value) is None):
        # Charged, the amount not given ("Consultar comercial"); "192.168.0.1 conforme o
        # modelo" is an address, no fee.
        attrs = _fee_attrs(None, True)
    else:
        return False
    if _CHARGE_ONLY.match(fold(label)) and unit.question:
        label = asked_label(unit)  # "valor: R$ 35,00" under "... é cobrado?": that question's
    elif _is_case(label) and unit.question:
        label = f"{asked_label(unit)} — {label}"  # the question's fee, in that case
    out.add(unit, "fee", _capital(label), value, span, attrs, after)
    return True


KIND = FactKind(name="fee", label="fee", extract=extract, reads_rows=True)
