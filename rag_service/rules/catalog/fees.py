"""What is charged for a service: the amount, or that it is free ("qto custa a visita?")."""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.analysis import fold
from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line, value_not_stated
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.speeds import question_speeds
from rag_service.rules.subjects import SubjectMatch, expanded, match_subject, stem_overlap, stems
from rag_service.rules.words import VOCAB, Word

# The words of any fee: they say a fee is meant, not which.
_CHARGE_STEMS = stems("taxa valor custo preço cobrança")
_NEGATIONS = frozenset({"nao", "sem", "nem", "nunca"})


def fee(q: Question, fees: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    # "Em quanto tempo", "quantos dias": "quanto" asks for a duration there, not a price.
    charge = q.has(Word.CHARGE) and not _asks_duration(q)
    if not charge and q.has_any(Word.HOW, Word.WHERE, Word.WHEN, Word.PLAN):
        return None
    # "Can we / do we tell the customer" words are not the subject of the fee. Without a money
    # word, the equipment moved is not the subject either ("mudar o roteador de cômodo").
    ignored = (Word.CHARGE, Word.POLICY, Word.CUSTOMER) + (() if charge else (Word.EQUIPMENT,))
    asked = q.content(*ignored)
    if not asked:
        return None
    chosen = _chosen(q, asked, ignored, charge, fees, lambda f: f.subject)
    if chosen is None and charge:
        # An amount told in a sentence ("Vendemos ponto mesh em comodato por R$ 19,90/mês"
        # under "Presta suporte a repetidores?"): what is charged is said in the sentence.
        said = [f for f in fees if f.attrs.get("amount") is not None]
        named = [w for w in asked if w not in _NEGATIONS]  # "não devolveu" is no "não possui"
        chosen = _chosen(q, named, ignored, charge, said, lambda f: f"{f.subject} {f.value}")
        if chosen and not _most_words_met(named, chosen[0]):
            chosen = None  # a sentence says many words: most of the question's must be there
    if not chosen:
        return None
    if q.has(Word.AMOUNT) and all(_amount_not_given(f) for f in chosen):
        # "Qual o valor da taxa de instalação?" where the sheet says only that there is one.
        return value_not_stated("fee", chosen[0], "A planilha não informa o valor.")
    return answered("fee", chosen, [line(f) for f in chosen])


def _chosen(
    q: Question,
    asked: list[str],
    ignored: tuple[Word, ...],
    charge: bool,
    fees: list[Fact],
    about: Callable[[Fact], str],
) -> list[Fact] | None:
    """The fees the question's words name, by what ``about`` says each is about."""
    # "sem fidelidade" asked: a fee "com fidelidade" is another case, whatever words it shares.
    wanted = _conditions(q.text)
    fees = [f for f in fees if not _contradicts(wanted, _conditions(about(f)))]
    if not fees:
        return None
    scored = [(match_subject(asked, about(f)), f) for f in fees]
    best = max(m.subject_hits for m, _ in scored)
    top = [(m, f) for m, f in scored if m.subject_hits == best]
    covered = max(m.question_hits for m, _ in top)
    total = scored[0][0].question_words
    if best == 0 or not total:
        return None  # the question is about something the fee subjects do not cover
    # Filler words ("novo") say nothing alone, but one that meets a subject with the question's
    # other words ("novo ponto") names it.
    wide = q.content(*ignored, filler=True)
    wide_hits = {id(f): match_subject(wide, about(f)).subject_hits for _, f in top}
    if charge:
        # The distinctive words must meet the subject: more than half of them, or two stems.
        if not (covered / total > 0.5 or max(best, *wide_hits.values()) >= 2):
            return None
        if best < 2 and (q.has(Word.PLAN) or question_speeds(q, set())):
            return None
    elif best < 2 or covered < max(total, 2):
        # No money word ("cliente mudou de casa"): only when every word names one fee subject,
        # and one word alone never does ("técnico" is no "visita técnica improdutiva").
        return None
    # Of subjects met by as many words: the one the filler words meet too, then the one met
    # most fully; the words of any fee ("taxa", "valor") do not count against a subject.
    keys = {
        id(f): (wide_hits[id(f)], _precision(m, about(f)))
        for m, f in top
        if m.question_hits == covered
    }
    alike = [f for m, f in top if m.question_hits == covered]
    if len(alike) > 1 and _cases_of_one_fee(asked, alike, about):
        return alike  # "taxa de instalação": with and without fidelity, each its amount
    best_key = max(keys.values())
    return [f for _, f in top if keys.get(id(f)) == best_key]


# "com fidelidade", "s/ fidelidade", "sem multa": a condition a fee's case is under.
_CONDITION = re.compile(r"(?<![a-z])(?P<mark>sem|s/|com|c/)\s*(?:a\s+|o\s+)?(?P<word>[a-z]{3,})")
# The words that tell a fee's cases apart, not its service: the case words, the months of a
# fidelity, the technology.
_CASE_STEMS = stems(sorted(w.rstrip("*") for w in VOCAB[Word.CASE])) | stems(
    "meses fibra rádio radio cabo zona"
)


def _conditions(text: str) -> dict[str, bool]:
    """Stem -> whether it is had ("com") or lacked ("sem") in the text's conditions."""
    out: dict[str, bool] = {}
    for found in _CONDITION.finditer(fold(text)):
        for stem in stems(found["word"]):
            out[stem] = found["mark"] in ("com", "c/")
    return out


def _contradicts(wanted: dict[str, bool], has: dict[str, bool]) -> bool:
    return any(stem_overlap({a}, {b}) and wanted[a] != has[b] for a in wanted for b in has)


def _cases_of_one_fee(asked: list[str], fees: list[Fact], about: Callable[[Fact], str]) -> bool:
    """Fees of one answer that the question meets alike and that differ only by their case's
    words ("Instalação c/ fidelidade 12 meses", "Instalação sem fidelidade")."""
    if len({f.unit_id for f in fees}) != 1:
        return False
    met = set().union(*(expanded(w) for w in asked)) if asked else set()
    for f in fees:
        rest = stems(about(f)) - stem_overlap(stems(about(f)), met) - _CHARGE_STEMS
        if rest - stem_overlap(rest, _CASE_STEMS):
            return False
    return True


def _most_words_met(asked: list[str], fee: Fact) -> bool:
    match = match_subject(asked, f"{fee.subject} {fee.value}")
    return match.question_hits >= 2 and match.question_hits / match.question_words > 0.5


def _precision(match: SubjectMatch, about: str) -> float:
    generic = len(stems(about) & _CHARGE_STEMS)
    words = match.subject_words - generic
    return match.subject_hits / words if words > 0 else 0.0


def _amount_not_given(fee: Fact) -> bool:
    return fee.attrs.get("charged") is True and fee.attrs.get("amount") is None


def _asks_duration(q: Question) -> bool:
    return q.phrase(Word.HOW_MANY, Word.TIME_AMOUNT) or q.phrase(Word.HOW_MANY, Word.TIME_UNIT)


RULE = Rule(name="fee", kind="fee", triggers=frozenset({Word.CHARGE}), answer=fee)
