"""Topics most other sheets have that a sheet does not mention at all ("section-missing").

A sheet's topics are its questions and its keys (the labels of its key-value lines), read as
stems (``ingest.analysis.analyze``) without interrogative words. Topics of all sheets with about
the same stems are one topic (clustered once, greedily); one that more than half of the other
sheets have (and at least ``MIN_PEERS``) is part of the template. A sheet covers it when one of
its own topics is in it, or when one of its units holds most of the topic's stems. Nothing is
compared but the words of questions and keys: no sheet's value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.analysis import analyze, fold, stem
from ingest.lint.kinds import Kind
from ingest.lint.report import Report, SheetInput
from ingest.records import Finding

# Fewer other sheets than this say nothing about what a template has.
MIN_PEERS = 2
# Topics whose stems overlap this much (Jaccard) are one topic.
SAME_TOPIC = 0.5
_ASKING = {
    stem(w)
    for w in (
        "qual", "quais", "quanto", "quantos", "quanta", "quantas", "como", "onde", "quando",
        "tem", "possui", "possuem", "existe", "ha", "pode", "podemos", "posso", "sao", "e",
    )
}  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """A question or key of one sheet, as written, and its stems."""

    provider: str
    text: str
    stems: frozenset[str]


@dataclass
class _Cluster:
    stems: frozenset[str]
    members: list[Topic] = field(default_factory=list)

    @property
    def providers(self) -> set[str]:
        return {t.provider for t in self.members}

    def example(self) -> str:
        """The most frequent wording among the sheets (the first one on a tie)."""
        counts = Counter(fold(t.text) for t in self.members)
        best = max(counts.values())
        return next(t.text for t in self.members if counts[fold(t.text)] == best)


def topics(sheet: SheetInput) -> list[Topic]:
    """The sheet's questions and keys, each with its stems (interrogatives left out)."""
    out: list[Topic] = []
    for unit in sheet.units:
        texts: list[str] = []
        if unit.question:
            texts.append(unit.question)
        if unit.kind == "keyvalue":
            texts += [line.partition(": ")[0] for line in unit.answer.split("\n")]
        for text in texts:
            stems = frozenset(analyze(text)) - _ASKING
            if stems:
                out.append(Topic(sheet.provider, text, stems))
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _clusters(found: Sequence[Topic]) -> list[_Cluster]:
    """Topics grouped by their stems, greedily, in order: each joins the first close cluster."""
    clusters: list[_Cluster] = []
    for topic in found:
        home = next((c for c in clusters if _jaccard(c.stems, topic.stems) >= SAME_TOPIC), None)
        if home is None:
            home = _Cluster(topic.stems)
            clusters.append(home)
        home.members.append(topic)
    return clusters


def _mentions(unit_stems: Sequence[frozenset[str]], cluster: _Cluster) -> bool:
    """Some unit of the sheet holds most of the topic's stems."""
    need = len(cluster.stems) // 2 + 1
    return any(len(stems & cluster.stems) >= need for stems in unit_stems)


def missing_sections(sheets: Sequence[SheetInput], peers: Sequence[SheetInput]) -> list[Finding]:
    """For each of ``sheets``, the template topics of the other sheets (given and ``peers``) it
    does not mention, each once, on the sheet's first line."""
    everyone = {s.provider: s for s in (*peers, *sheets)}
    clusters = _clusters([t for s in everyone.values() for t in topics(s)])
    out: list[Finding] = []
    for sheet in sheets:
        others = len(everyone) - 1
        if others < MIN_PEERS:
            continue
        unit_stems = [frozenset(analyze(u.search_text())) for u in sheet.units]
        report = Report(sheet)
        for cluster in clusters:
            having = len(cluster.providers - {sheet.provider})
            if sheet.provider in cluster.providers or having < MIN_PEERS or having * 2 <= others:
                continue
            if _mentions(unit_stems, cluster):
                continue
            message = (
                f"falta o que {having} de {others} planilhas do índice trazem: "
                f"{report.quote(cluster.example())}"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        out += report.findings
    return out
