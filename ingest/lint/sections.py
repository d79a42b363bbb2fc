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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    """A question of one sheet, as written, its stems and the facets of its unit's facts."""

    provider: str
    text: str
    stems: frozenset[str]
    facets: frozenset[str]


@dataclass
class _Cluster:
    members: list[Topic] = field(default_factory=list)

    @property
    def providers(self) -> set[str]:
        return {t.provider for t in self.members}

    def core(self) -> frozenset[str]:
        """The stems at least half of its questions have."""
        counts = Counter(s for t in self.members for s in t.stems)
        return frozenset(s for s, n in counts.items() if n * 2 >= len(self.members))

    def facets(self) -> frozenset[str]:
        """The facets the units of at least half of its questions state."""
        counts = Counter(f for t in self.members for f in t.facets)
        return frozenset(f for f, n in counts.items() if n * 2 >= len(self.members))

    def example(self) -> str:
        """The most frequent wording among the sheets (the first one on a tie)."""
        counts = Counter(fold(t.text) for t in self.members)
        best = max(counts.values())
        return next(t.text for t in self.members if counts[fold(t.text)] == best)


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
    out: list[Topic] = []
    for unit in sheet.units:
        if unit.question and (stems := stems_of(unit.question)):
            facets = frozenset(by_unit.get(unit.id, ()))
            out.append(Topic(sheet.provider, unit.question, stems, facets))
    return out


def _own_labels(sheet: SheetInput) -> list[frozenset[str]]:
    """The stems of the sheet's questions and keys (what it names a topic by)."""
    labels = [stems_of(u.question) for u in sheet.units if u.question]
    for unit in sheet.units:
        if unit.kind == "keyvalue":
            labels += [stems_of(line.partition(": ")[0]) for line in unit.answer.split("\n")]
    return [s for s in labels if s]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _clusters(found: Sequence[Topic]) -> list[_Cluster]:
    """Questions grouped greedily, in order: each joins the first cluster whose first
    question's stems are close enough."""
    clusters: list[_Cluster] = []
    for topic in found:
        home = next(
            (c for c in clusters if _jaccard(c.members[0].stems, topic.stems) >= SAME_TOPIC), None
        )
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.members.append(topic)
    return clusters


def _mentions(
    labels: Sequence[frozenset[str]], units: Sequence[frozenset[str]], core: frozenset[str]
) -> bool:
    """A question or key of the sheet is about the topic, or a unit holds most of its stems."""
    if not core or any(_jaccard(label, core) >= SAME_TOPIC for label in labels):
        return True
    need = len(core) // 2 + 1
    return any(len(stems & core) >= need for stems in units)


def _template(counts: Counter[str], others: int) -> list[str]:
    return [name for name, n in counts.items() if n >= MIN_PEERS and n * 2 > others]


def missing_sections(sheets: Sequence[SheetInput], peers: Sequence[SheetInput]) -> list[Finding]:
    """For each of ``sheets``, the template topics and kinds of fact of the other sheets (the
    other given ones and ``peers``) it does not have, each once, on the sheet's first line."""
    everyone = {s.provider: s for s in (*peers, *sheets)}
    clusters = _clusters([t for s in everyone.values() for t in questions(s)])
    facets = {pid: {n for f in s.facts if (n := facet(f))} for pid, s in everyone.items()}
    out: list[Finding] = []
    for sheet in sheets:
        others = len(everyone) - 1
        if others < MIN_PEERS:
            continue
        report = Report(sheet)
        labels = _own_labels(sheet)
        units = [stems_of(u.search_text()) for u in sheet.units]
        # Kinds of fact the sheet's own questions account for, even where none was extracted.
        accounted: set[str] = set()
        for cluster in clusters:
            having = len(cluster.providers - {sheet.provider})
            if sheet.provider in cluster.providers or _mentions(labels, units, cluster.core()):
                accounted |= cluster.facets()
                continue
            if having < MIN_PEERS or having * 2 <= others:
                continue
            accounted |= cluster.facets()
            message = (
                f"sem {report.quote(cluster.example())}, "
                f"que {having} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        counts = Counter(n for pid, names in facets.items() if pid != sheet.provider for n in names)
        for name in sorted(_template(counts, others)):
            if name in facets[sheet.provider] or name in accounted:
                continue
            if _mentions(labels, units, stems_of(FACETS[name])):
                continue
            message = (
                f"sem {FACETS[name]}, que {counts[name]} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        out += report.findings
    return out
