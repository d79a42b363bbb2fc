"""The rules on facts: what each answers, and how their answers are chosen for one question.

A rule (one module of ``rag_service.rules.catalog``) declares the fact kind it answers, the word
groups that name that kind (its triggers) and those that rule it out (its excludes). Every rule
is tried on its kind's facts; none is tried on a question with a procedure word. What the other
rules' triggers are is derived here, never listed by a rule: a rule that answers from an entity
alone (a model name) gives way when another kind is asked, and the words that name any kind are
never read as part of a model.

The answers are chosen by evidence, so the order of the registry does not matter: each answer
explains some of the question's words (its trigger words, the words its facts' subjects and
values hold, the entity it looked up). A trigger word that names another fact of the kind
("endereço" beside an answer with the phone) is not explained by an answer without that fact.
The answer that explains most wins; an answer that explains other words than those already
chosen joins them, and so does one whose own facts explain a word not yet explained ("preço da
instalação e da visita": the installation's fee joins the visit's). A question asking two
things gets both. Ties go to the answer with fewer facts (the more specific), then to the
rule's name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from ingest.analysis import STOPWORDS, clean, fold, model_key, words
from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, caveats
from rag_service.rules.lexicon import FILLER
from rag_service.rules.question import Question, in_groups
from rag_service.rules.subjects import expanded, stem_overlap, stems
from rag_service.rules.words import Word

logger = logging.getLogger(__name__)

# Questions with these words ask how to proceed: never a single fact.
ALWAYS_EXCLUDED: frozenset[Word] = frozenset({Word.PROCEDURE})


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know of the others: their trigger words, and the words of no entity
    (every rule's triggers and excludes, and the words this rule reads)."""

    other_triggers: tuple[Word, ...]
    not_entity: tuple[Word, ...]


RuleFn = Callable[[Question, list[Fact], RuleContext], RuleAnswer | None]


@dataclass(frozen=True)
class Rule:
    """One rule: the fact kind it answers, the words that name it and those that exclude it."""

    name: str
    kind: str
    triggers: frozenset[Word]
    answer: RuleFn
    excludes: frozenset[Word] = frozenset()
    # Groups the rule reads beside its triggers (qualifiers such as "parcial", "mais barato"):
    # their words count as what the answer explains.
    reads: frozenset[Word] = frozenset()


class Registry:
    """The rules, each with the context derived from all the others."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"rule names must be unique, got {names}")
        self.rules = tuple(rules)
        every = frozenset().union(*(r.triggers | r.excludes for r in rules)) | ALWAYS_EXCLUDED
        self._contexts = {
            r.name: RuleContext(
                other_triggers=_ordered(
                    frozenset().union(*(o.triggers for o in rules if o is not r)) - r.triggers
                ),
                not_entity=_ordered(every | r.reads),
            )
            for r in rules
        }

    def context(self, rule: Rule) -> RuleContext:
        return self._contexts[rule.name]

    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(r.kind for r in self.rules)

    def answer(self, question: str, facts: list[Fact]) -> RuleAnswer | None:
        """Answer from the facts of ONE provider, or ``None`` when no rule clearly applies.

        Every rule is tried on the whole question and on each of its parts ("o telefone e o
        horário" asks two things); the answers are chosen by what they explain (``choose``).
        """
        text = without_provider_name(clean(question), facts)
        whole = Question.read(text)
        if not [t for t in whole.tokens if t not in STOPWORDS] or whole.has_any(*ALWAYS_EXCLUDED):
            return None
        by_kind: dict[str, list[Fact]] = {}
        for fact in facts:
            by_kind.setdefault(fact.kind, []).append(fact)
        found = self._try(whole, by_kind)
        pieces = parts(text)
        filled = completed(pieces)
        if found:
            # A part can only add to what the whole question is answered with: alone, a part
            # loses the words that qualify it ("cliente bloqueado, COMO desbloquear?").
            for part in filled:
                asked = Question.read(part)
                extra = self._try(asked, by_kind)
                found.extend(
                    # A part that names the kind itself ("... e mudança de endereço, valores?").
                    replace(c, part=asked.has_any(*c.rule.triggers))
                    for c in extra
                    if all(c.answer != f.answer for f in found)
                )
        elif filled != pieces:
            # Parts that took back what they left out ("preço da instalação e da visita") stand
            # on their own, when every one of them is answered.
            answers = [self._try(Question.read(part), by_kind) for part in filled]
            if all(answers):
                found = [c for extra in answers for c in extra]
        chosen = choose(found, in_parts=bool(pieces))
        if not chosen:
            return None
        for candidate in chosen:
            logger.debug("rule %s -> %s", candidate.rule.name, candidate.answer.status)
        return combine([c.answer for c in chosen])

    def _try(self, q: Question, by_kind: dict[str, list[Fact]]) -> list[Candidate]:
        """Every rule's answer to ``q`` (those that give one), with what each explains."""
        found = []
        for rule in self.rules:
            kind_facts = by_kind.get(rule.kind, [])
            if not kind_facts or q.has_any(*rule.excludes):
                continue
            answer = rule.answer(q, kind_facts, self._contexts[rule.name])
            if answer is not None:
                found.append(explained(q, rule, answer, kind_facts))
        return found


# Where a question that asks two things is cut: "e", a comma or ";" before a space, "?" with
# more after it, "+", "também", "além de". Not inside a number ("79,90", "cento e vinte").
_PART_BREAK = re.compile(
    r"\s+(?:e|tamb[eé]m|al[eé]m\s+d[eo]s?)\s+|[,;+](?=\s)|\?(?=\s+\S)", re.IGNORECASE
)


def parts(text: str) -> list[str]:
    """The parts of a question that asks several things, each with a word of its own; none
    when it asks one thing."""
    pieces: list[str] = []
    last = 0
    for m in _PART_BREAK.finditer(text):
        before = words(text[last : m.start()])
        after = words(text[m.end() :])
        number = after and (after[0].isdigit() or after[0] in {"meio", "meia"})
        if before and number and (before[-1].isdigit() or before[-1] in {"mb", "gb"}):
            continue  # "cento e vinte" is one number: its words are digits by now
        if all(w in STOPWORDS or w in FILLER for w in before):
            continue  # "qto e a multa?": "e" is "é" typed without its accent, not a second part
        pieces.append(text[last : m.start()])
        last = m.end()
    pieces.append(text[last:])
    kept = [p.strip() for p in pieces if [w for w in words(p) if w not in STOPWORDS]]
    return kept if len(kept) >= 2 else []


_PREPOSITION = re.compile(r"^(?:d[aeo]s?|pr[ao]s?|para|n[ao]s?)\b", re.IGNORECASE)


def completed(pieces: list[str]) -> list[str]:
    """Parts that leave out what they ask ("preço da instalação e DA VISITA") take it from the
    first part: its words before its first preposition ("preço da visita")."""
    if not pieces:
        return pieces
    words = pieces[0].split()
    cut = next((k for k, w in enumerate(words) if _PREPOSITION.match(w)), None)
    head = " ".join(words[:cut]) if cut else ""
    return [
        f"{head} {p}" if k and head and _PREPOSITION.match(p.strip()) else p
        for k, p in enumerate(pieces)
    ]


def _ordered(groups: frozenset[Word]) -> tuple[Word, ...]:
    return tuple(sorted(groups))


@dataclass(frozen=True)
class Candidate:
    """A rule's answer to a question and the question's words it explains; ``specific`` are
    those its facts (or the entity it looked up) explain, not only its trigger words."""

    rule: Rule
    answer: RuleAnswer
    words: frozenset[str]
    specific: frozenset[str]
    # The question's words that name the rule's kind ("custa", "prazo"): its trigger words.
    naming: frozenset[str] = frozenset()
    # Found for one part of the question that names the rule's kind, not for the whole of it.
    part: bool = False


def explained(q: Question, rule: Rule, answer: RuleAnswer, kind_facts: list[Fact]) -> Candidate:
    """The question's words an answer accounts for: the rule's words, its facts', its mention.

    A word of the rule's groups that names another fact of the kind, one the answer does not
    give, is not accounted for: "endereço" beside the phone asks for the address too.
    """
    asked = [t for t in q.tokens if t not in STOPWORDS and t not in FILLER and len(t) > 1]
    groups = rule.triggers | rule.reads
    mentioned = set(words(answer.mention or ""))
    said = " ".join(_fact_words(f) for f in answer.facts)
    said_words = set(words(said))
    said_stems = stems(said)
    said_keys = [model_key(f.subject) for f in answer.facts]
    given = {id(f) for f in answer.facts}
    other_subjects = stems(" ".join(f.subject for f in kind_facts if id(f) not in given))
    told: set[str] = set()
    specific: set[str] = set()
    for token in asked:
        # A code typed in part ("8240v2" of "EG8240V2") is what the fact is about.
        code = any(c.isdigit() for c in token) and any(token in key for key in said_keys)
        own = token in mentioned or token in said_words or code
        if own or (not token.isdigit() and stem_overlap(expanded(token), said_stems)):
            told.add(token)
            specific.add(token)
        elif in_groups(token, groups) and not stem_overlap(stems(token), other_subjects):
            told.add(token)
    named = _naming_runs(q.tokens, said_keys)
    told |= named & set(asked)
    specific |= named & set(asked)
    naming = {t for t in asked if in_groups(t, rule.triggers)}
    return Candidate(rule, answer, frozenset(told), frozenset(specific), frozenset(naming))


def _naming_runs(tokens: Sequence[str], keys: list[str], longest: int = 5) -> set[str]:
    """The question's words that, run together, are part of a fact's name as a model key:
    "ac" and "7" of "AC-7" name "AC7", "tplink" names "TP-Link Archer AX23"."""
    out: set[str] = set()
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + longest, len(tokens)) + 1):
            run = "".join(tokens[i:j])
            has_digit = any(c.isdigit() for c in run)
            if (has_digit or len(run) >= 4) and any(run in key for key in keys):
                out.update(tokens[i:j])
    return out


def _fact_words(fact: Fact) -> str:
    attrs = " ".join(str(v) for v in fact.attrs.values() if isinstance(v, str))
    return f"{fact.subject} {fact.value} {attrs}"


def choose(found: list[Candidate], in_parts: bool = False) -> list[Candidate]:
    """The answers to give: the one that explains most, and those explaining other words (all
    other words, or one its own facts explain) with facts not already given. A question asked
    in parts ("qto custa e qual o prazo?") also gets the answer of another kind whose own
    kind word no answer chosen explains ("custa" beside the deadline's "prazo")."""
    ranked = sorted(found, key=lambda c: (-len(c.words), len(c.answer.facts), c.rule.name))
    chosen: list[Candidate] = []
    covered: set[str] = set()
    given: set[int] = set()
    for candidate in ranked:
        new = candidate.words - covered
        facts = {id(f) for f in candidate.answer.facts}
        kinds = {c.rule.kind for c in chosen}
        if facts - given and _other_of_kind(candidate, chosen):
            # "mudança de ponto e mudança de endereço": the whole question's words met one
            # fee, its second part meets another more fully (or that fee's other cases too:
            # ``combine`` gives a fact and its line once).
            chosen.append(candidate)
            given |= facts
            continue
        if chosen and (not new or facts & given):
            continue
        named = in_parts and candidate.rule.kind not in kinds and bool(new & candidate.naming)
        if not chosen or not candidate.words & covered or new & candidate.specific or named:
            chosen.append(candidate)
            covered |= candidate.words
            given |= facts
    return chosen


def _other_of_kind(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """A part's answer, with facts of its own, of a kind already answered with others."""
    return (
        candidate.part
        and candidate.answer.status == "answered"
        and any(c.rule is candidate.rule and c.answer.status == "answered" for c in chosen)
    )


def combine(answers: list[RuleAnswer]) -> RuleAnswer:
    """One answer from several rules' answers: every part's lines, facts and caveats."""
    if len(answers) == 1:
        return answers[0]
    given = [a for a in answers if a.status == "answered"]
    if any(a.status == "not_found" and a.mention for a in answers) and not any(
        a.facts for a in given
    ):
        # "mercusys login e senha padrão": the model named is not in the sheet; the policy the
        # other part found (no fact of its own) does not answer it.
        given = []
    facts = list({id(f): f for a in given for f in a.facts}.values())
    notes = caveats([], [c for a in answers for c in a.caveats])
    lines = [t for a in given if a.answer for t in a.answer.split("\n")]
    return RuleAnswer(
        rule="+".join(a.rule for a in answers),
        status="answered" if given else "not_found",
        answer="\n".join(dict.fromkeys(lines)) or None,
        facts=facts,
        caveats=notes,
        value=facts[0].value if len(facts) == 1 else None,
        secret=any(a.secret for a in given),
        mention=" ".join(a.mention for a in answers if a.mention) or None,
        suggestions=[s for a in answers for s in a.suggestions],
    )


def without_provider_name(question: str, facts: list[Fact]) -> str:
    """The question without the words naming the provider ("numero da <provedor>").

    The name, or a short form of it of 4+ letters ("<nome>" for "<nome>net"), says nothing about
    the kind of fact asked; a short form that the facts use as a word ("fibra" in a provider
    called "fibra..." that sells fibre, "mega" in one called "mega..." that sells megas) stays.
    """
    ids = {fold(f.provider) for f in facts}
    if not ids:
        return question
    said = [f"{f.subject} {f.value} {f.attrs.get('technology') or ''}" for f in facts]
    # As read and as written: words() reads "50 MEGA" as "50 mb", and "mega" is still a word
    # the facts use ("Megaacaua" asked "quanto é o 100 mega?").
    used = {w for text in said for w in words(text)} | {
        w for text in said for w in re.findall(r"[a-z0-9]+", fold(text))
    }

    def names_provider(word: str) -> bool:
        return any(
            word == pid or (len(word) >= 4 and pid.startswith(word) and word not in used)
            for pid in ids
        )

    tokens = question.split()
    # A word right after a number is its unit ("700 mega", "setecentos mega" of a provider
    # named "mega..."), not the provider's name.
    kept = [
        token
        for k, token in enumerate(tokens)
        if not names_provider(_bare(token))
        or (k > 0 and any(w.isdigit() for w in words(tokens[k - 1])))
    ]
    return " ".join(kept)


def _bare(token: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", fold(token)))
