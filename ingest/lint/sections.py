"""Topics most other sheets have that a sheet does not have at all ("section-missing").

Two things make a sheet's template: its questions (sheets copy the template's questions, so
their words meet across sheets) and the kinds of fact it states (a phone, a router password
table, the days to a total block: typed by ingest, whatever the label). A question is read as
stems (``ingest.analysis.analyze``, without the words that only ask); the questions of all
sheets whose stems overlap are one topic. A topic or a kind of fact that more than half of the
other sheets have (and at least ``MIN_PEERS`` of them) is part of the template; a sheet lacks it
when none of its questions or keys is about it, no unit of it holds most of its stems, and (for
a kind) none of its facts is of it nor any of its questions accounts for it. Each is listed once
per sheet, on its first line. Nothing is compared but words of questions and kinds of facts: no
sheet's value.

What the comparison reads of a sheet is its ``Profile`` (its questions' stems and facets, its
kinds of fact, the stems of its labels and of its units): made once when the sheet is parsed and
kept with its partition, so that a version of a thousand providers is compared without reading
any sheet again. A question is quoted by another sheet's finding as its own sheet wrote it,
its own secret values masked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.analysis import analyze, fold, stem
from ingest.lint.kinds import Kind
from ingest.lint.report import Report, SheetInput
from ingest.records import Fact, Finding

# Fewer other sheets than this say nothing about what a template has.
MIN_PEERS = 2
# Questions whose stems overlap this much (Jaccard) are one topic.
SAME_TOPIC = 0.5
_ASKING = {
    stem(w)
    for w in (
        "qual", "quais", "quanto", "quantos", "quanta", "quantas", "como", "onde", "quando",
        "tem", "possui", "possuem", "existe", "ha", "pode", "podemos", "posso", "sao", "e",
    )
}  # fmt: skip
# "e-mail" and "email", "wi-fi" and "wifi" are one word.
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
# What a sheet states, by kind of fact, in the words of a message.
FACETS: dict[str, str] = {
    "plan": "planos e preços",
    "credential": "usuário e senha padrão dos equipamentos",
    "fee": "taxas",
    "hours": "horário de atendimento",
    "access_port": "porta de acesso aos equipamentos",
    "deadline": "prazo de atendimento",
    "contact:phone": "telefone",
    "contact:whatsapp": "WhatsApp",
    "contact:email": "e-mail",
    "contact:site": "site",
    "contact:address": "endereço",
    "contact:system_url": "link do sistema",
    "contact:subscriber_portal": "central do assinante",
    "contact:speedtest_site": "site de teste de velocidade",
    "day_threshold:partial_block": "dias de atraso para o bloqueio parcial",
    "day_threshold:total_block": "dias de atraso para o bloqueio total",
    "day_threshold:max_days_late_release": "limite de dias de atraso para liberar",
}


def facet(fact: Fact) -> str | None:
    """What a fact says the sheet has: its kind, or its contact or threshold type."""
    if fact.kind == "contact":
        name = f"contact:{fact.attrs.get('contact_type')}"
    elif fact.kind == "day_threshold":
        name = f"day_threshold:{fact.attrs.get('threshold')}"
    else:
        name = fact.kind
    return name if name in FACETS else None


def stems_of(text: str) -> frozenset[str]:
    """The stems a question or key is about."""
    return frozenset(analyze(_HYPHEN.sub("", text))) - _ASKING


@dataclass(frozen=True)
class Topic:
    """A question of one sheet, as written (secrets masked), its stems and its unit's facets."""

    provider: str
    text: str
    stems: frozenset[str]
    facets: frozenset[str]


@dataclass(frozen=True)
class Profile:
    """What the comparison reads of one sheet; ``to_dict``/``from_dict`` keep it as JSON (stems
    joined by spaces: a thousand profiles read in a few tens of milliseconds)."""

    provider: str
    topics: tuple[Topic, ...]
    facets: frozenset[str]
    # The stems of its questions and keys (what it names a topic by), and of each unit, joined
    # by spaces: read only for the topics the sheet does not have itself.
    labels: tuple[str, ...]
    units: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": [[t.text, _joined(t.stems), _joined(t.facets)] for t in self.topics],
            "facets": _joined(self.facets),
            "labels": list(self.labels),
            "units": list(self.units),
        }

    @classmethod
    def from_dict(
        cls, provider: str, data: dict[str, Any], shared: dict[str, frozenset[str]]
    ) -> Profile:
        """The profile kept as ``to_dict`` made it (ValueError when it is not one); equal stem
        sets of many profiles are one object in ``shared``."""

        def stems(joined: str) -> frozenset[str]:
            found = shared.get(joined)
            if found is None:
                found = shared[joined] = frozenset(joined.split())
            return found

        try:
            return cls(
                provider=provider,
                topics=tuple(
                    Topic(provider, str(text), stems(words), stems(facets))
                    for text, words, facets in data["topics"]
                ),
                facets=stems(data["facets"]),
                labels=tuple(str(s) for s in data["labels"]),
                units=tuple(str(s) for s in data["units"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{provider}: not a section profile: {exc!r}") from None


def _joined(words: Iterable[str]) -> str:
    return " ".join(sorted(words))


def _facets_by_unit(facts: Sequence[Fact]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for fact in facts:
        name = facet(fact)
        if name is not None:
            out.setdefault(fact.unit_id, set()).add(name)
    return out


def questions(sheet: SheetInput) -> list[Topic]:
    """The sheet's questions, each with its stems and the facets of its unit."""
    by_unit = _facets_by_unit(sheet.facts)
    report = Report(sheet)
    out: list[Topic] = []
    for unit in sheet.units:
        if unit.question and (stems := stems_of(unit.question)):
            facets = frozenset(by_unit.get(unit.id, ()))
            out.append(Topic(sheet.provider, report.mask(unit.question), stems, facets))
    return out


def _own_labels(sheet: SheetInput) -> list[frozenset[str]]:
    """The stems of the sheet's questions and keys (what it names a topic by)."""
    labels = [stems_of(u.question) for u in sheet.units if u.question]
    for unit in sheet.units:
        if unit.kind == "keyvalue":
            labels += [stems_of(line.partition(": ")[0]) for line in unit.answer.split("\n")]
    return [s for s in labels if s]


def profile(sheet: SheetInput) -> Profile:
    """What the comparison reads of a sheet."""
    return Profile(
        provider=sheet.provider,
        topics=tuple(questions(sheet)),
        facets=frozenset(n for f in sheet.facts if (n := facet(f))),
        labels=tuple(_joined(s) for s in _own_labels(sheet)),
        units=tuple(_joined(stems_of(u.search_text())) for u in sheet.units),
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass
class _Cluster:
    """Questions of one topic, with what the comparison asks of them computed once."""

    members: list[Topic]
    providers: frozenset[str]
    core: frozenset[str]  # the stems at least half of its questions have
    facets: frozenset[str]  # the facets the units of at least half of its questions state
    _example: str | None = None

    def example(self, folded: dict[str, str]) -> str:
        """The most frequent wording among the sheets (the first one on a tie); ``folded``
        keeps each distinct text's folding (the same questions recur in every sheet)."""
        if self._example is None:
            texts = Counter(t.text for t in self.members)
            wordings: Counter[str] = Counter()
            for text, count in texts.items():
                if text not in folded:
                    folded[text] = fold(text)
                wordings[folded[text]] += count
            best = max(wordings.values())
            self._example = next(t.text for t in self.members if wordings[folded[t.text]] == best)
        return self._example


def _summary(members: list[Topic]) -> _Cluster:
    half = len(members)
    stems = Counter(s for t in members for s in t.stems)
    facets = Counter(f for t in members for f in t.facets)
    return _Cluster(
        members=members,
        providers=frozenset(t.provider for t in members),
        core=frozenset(s for s, n in stems.items() if n * 2 >= half),
        facets=frozenset(f for f, n in facets.items() if n * 2 >= half),
    )


def _clusters(found: Iterable[Topic]) -> list[_Cluster]:
    """Questions grouped greedily, in order: each joins the first cluster whose first
    question's stems are close enough. Only clusters sharing a stem can be close, and equal
    stems always join the same cluster, so each question is compared with few."""
    firsts: list[frozenset[str]] = []
    members: list[list[Topic]] = []
    by_stem: dict[str, list[int]] = {}
    home_of: dict[frozenset[str], int] = {}
    for topic in found:
        home = home_of.get(topic.stems)
        if home is None:
            candidates = sorted({k for s in topic.stems for k in by_stem.get(s, ())})
            home = next(
                (k for k in candidates if _jaccard(firsts[k], topic.stems) >= SAME_TOPIC), None
            )
            if home is None:
                home = len(firsts)
                firsts.append(topic.stems)
                members.append([])
                for s in topic.stems:
                    by_stem.setdefault(s, []).append(home)
            home_of[topic.stems] = home
        members[home].append(topic)
    return [_summary(m) for m in members]


def _mentions(sheet: Profile, core: frozenset[str]) -> bool:
    """A question or key of the sheet is about the topic, or a unit holds most of its stems."""
    if not core:
        return True
    for label in sheet.labels:
        words = label.split()  # distinct stems
        shared = len(core.intersection(words))
        if shared and shared / (len(core) + len(words) - shared) >= SAME_TOPIC:
            return True
    need = len(core) // 2 + 1
    return any(len(core.intersection(stems.split())) >= need for stems in sheet.units)


def _is_template(having: int, others: int) -> bool:
    return having >= MIN_PEERS and having * 2 > others


def missing_sections(sheets: Sequence[SheetInput], peers: Sequence[SheetInput]) -> list[Finding]:
    """For each of ``sheets``, the template topics and kinds of fact of the other sheets (the
    other given ones and ``peers``) it does not have, each once, on the sheet's first line."""
    everyone = {p.provider: profile(p) for p in peers}
    everyone.update((s.provider, profile(s)) for s in sheets)
    return missing_in_profiles(list(everyone.values()), {s.provider: s.path for s in sheets})


def missing_in_profiles(profiles: Sequence[Profile], paths: Mapping[str, str]) -> list[Finding]:
    """``missing_sections`` over profiles (one a provider, in the order they are compared):
    the findings of the providers in ``paths``, each naming the path given there."""
    others = len(profiles) - 1
    if others < MIN_PEERS:
        return []
    clusters = _clusters(t for p in profiles for t in p.topics)
    # Topics a sheet could lack (more than half of the others have them, if it is not one of
    # them), and those whose facets may account for a kind of fact.
    wide = [c for c in clusters if _is_template(len(c.providers), others)]
    stating = [c for c in clusters if c.facets]
    counts = Counter(n for p in profiles for n in p.facets)
    folded: dict[str, str] = {}
    out: list[Finding] = []
    for sheet in profiles:
        path = paths.get(sheet.provider)
        if path is None:
            continue
        report = Report(SheetInput(path, sheet.provider, (), ()))
        accounted: set[str] = set()
        for cluster in wide:
            if sheet.provider in cluster.providers or _mentions(sheet, cluster.core):
                accounted |= cluster.facets
                continue
            having = len(cluster.providers)
            if not _is_template(having, others):
                continue
            accounted |= cluster.facets
            message = (
                f"sem {report.quote(cluster.example(folded))}, "
                f"que {having} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        lacking = [
            name
            for name in sorted(counts)
            if name not in sheet.facets and _is_template(counts[name], others)
        ]
        for name in lacking:
            if name in accounted or _accounts(stating, sheet, name):
                continue
            if _mentions(sheet, stems_of(FACETS[name])):
                continue
            message = (
                f"sem {FACETS[name]}, que {counts[name]} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        out += report.findings
    return out


def _accounts(stating: Sequence[_Cluster], sheet: Profile, name: str) -> bool:
    """A topic of the sheet (one it has, or mentions) states facts of kind ``name``."""
    return any(
        name in c.facets and (sheet.provider in c.providers or _mentions(sheet, c.core))
        for c in stating
    )
