"""Plans and prices: one speed's price, the list, the cheapest, fastest or priciest plan."""

from __future__ import annotations

from ingest.analysis import STOPWORDS
from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, not_found, plan_line
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.speeds import question_speeds, technology_words
from rag_service.rules.subjects import stem_overlap, stems
from rag_service.rules.words import Word

# Words of a plan question that say which plan or what of it, not a foreign subject.
_PLAN_WORDS = (
    Word.PLAN,
    Word.LIST,
    Word.CHARGE,
    Word.SPEED,
    Word.MORE,
    Word.LESS,
    Word.CHEAP,
    Word.FAST,
    Word.EXPENSIVE,
)


def plans(q: Question, found: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    techs = technology_words(found)
    tech_words = {w for ws in techs.values() for w in ws}
    asked_techs = {label for label, ws in techs.items() if ws & set(q.tokens)}
    pool = [p for p in found if p.attrs.get("technology") in asked_techs] or found
    em_conta = _em_conta(q)
    residue = [
        t
        for t in q.content(*_PLAN_WORDS)
        if t not in tech_words and not (em_conta and t == "conta")
    ]
    speeds = question_speeds(q, tech_words)
    moving = q.has_any(Word.CHANGE, Word.UPGRADE)
    if moving and not (speeds and q.has(Word.CHARGE)):
        return None  # changing plans is a procedure, unless the price of the new one is asked
    residue = [t for t in residue if t not in q.matching(Word.CHANGE, Word.UPGRADE)]
    if speeds:
        if residue and not q.has(Word.CHARGE):
            return None  # something else about that plan ("upload", "fidelidade")
        hits = _by_name([p for p in pool if any(abs(_speed(p) - s) < 0.5 for s in speeds)], residue)
        if hits:
            return answered("plan_price", hits, [plan_line(p) for p in hits])
        return not_found(
            "plan_price",
            "A planilha não tem plano com essa velocidade. Planos: "
            + "; ".join(plan_line(p) for p in pool)
            + ".",
            mention=" ".join(f"{s:g}" for s in speeds),
            suggestions=[p.subject for p in pool],
        )
    every_name = set(residue) if residue and len(_named(pool, residue)) == len(pool) else set()
    if residue and not every_name:
        # "valor do plano empresarial": the plans whose own name holds every other word.
        named = _named(pool, residue)
        if not named:
            return None
        if not (q.has_any(Word.CHEAP, Word.FAST, Word.EXPENSIVE) or em_conta):
            return answered("plan_price", named, [plan_line(p) for p in named])
        pool = named  # "o plano rural mais barato": the cheapest of those
    # Words every plan's name holds ("planos da caju" for "Caju Essencial", "Caju Mais") name
    # no plan: the question is about all of them.
    cheap = q.has(Word.CHEAP) or q.phrase(Word.LESS, Word.CHARGE) or em_conta
    if cheap:
        low = min(_price(p) for p in pool)
        hits = [p for p in pool if _price(p) == low]
        return answered("cheapest_plan", hits, [plan_line(p) for p in hits])
    fastest = q.has(Word.FAST) and q.has_any(Word.MORE, Word.PLAN)
    if fastest or q.phrase(Word.MORE, Word.SPEED):
        top = max(_speed(p) for p in pool)
        hits = [p for p in pool if _speed(p) == top]
        return answered("fastest_plan", hits, [plan_line(p) for p in hits])
    if q.has(Word.EXPENSIVE) and q.has(Word.MORE):
        high = max(_price(p) for p in pool)
        hits = [p for p in pool if _price(p) == high]
        return answered("priciest_plan", hits, [plan_line(p) for p in hits])
    plan_tokens = q.matching(Word.PLAN)
    only_plan = not [
        t for t in q.tokens if t not in STOPWORDS and t not in plan_tokens and t not in every_name
    ]
    listing = q.has(Word.PLAN) and (
        q.has_any(Word.LIST, Word.CHARGE) or bool(asked_techs) or only_plan
    )
    listing = listing or (q.has(Word.SPEED) and (q.has(Word.LIST) or bool(asked_techs)))
    table = bool(q.matching(Word.LIST) & {"tabela", "tabelas"}) and q.has(Word.CHARGE)
    if listing or table:
        return answered("plan_list", pool, [plan_line(p) for p in pool])
    return None


def _by_name(hits: list[Fact], residue: list[str]) -> list[Fact]:
    """Of plans of one speed, those whose name holds the words that tell them apart ("1 giga
    gamer": Jacarandá 1 Giga Gamer, not Jacarandá 1 Giga); all when no word does."""
    telling = [w for w in residue if 0 < len(_named(hits, [w])) < len(hits)]
    return (_named(hits, telling) or hits) if telling else hits


def _named(pool: list[Fact], residue: list[str]) -> list[Fact]:
    """The plans whose name, or the caption over them ("Rádio (zona rural)"), meets every
    residue word."""
    wanted = [stems(w) for w in residue]
    found = []
    for plan in pool:
        words = " ".join(
            str(plan.attrs[k]) for k in ("name", "caption") if isinstance(plan.attrs.get(k), str)
        )
        if words and all(stem_overlap(w, stems(words)) for w in wanted):
            found.append(plan)
    return found


def _speed(plan: Fact) -> float:
    value = plan.attrs.get("speed_mbps")
    return float(value) if isinstance(value, int | float) else -1.0


def _price(plan: Fact) -> float:
    value = plan.attrs.get("price")
    return float(value) if isinstance(value, int | float) else float("inf")


def _em_conta(q: Question) -> bool:
    return any(a == "em" and b == "conta" for a, b in zip(q.tokens, q.tokens[1:], strict=False))


RULE = Rule(
    name="plans",
    kind="plan",
    triggers=frozenset({Word.PLAN, Word.SPEED}),
    excludes=frozenset({Word.PROBLEM, Word.HOW}),
    reads=frozenset(_PLAN_WORDS),
    answer=plans,
)
