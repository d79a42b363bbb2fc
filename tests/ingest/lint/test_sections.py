"""The comparison between sheets from their profiles: the same findings as a plain greedy
comparison of the sheets themselves, and the same after the profiles went through JSON (the
way a partition keeps them)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence

import pytest

from ingest.analysis import fold
from ingest.lint import SheetInput, missing_in_profiles, missing_sections, profile
from ingest.lint.kinds import Kind
from ingest.lint.report import Report
from ingest.lint.sections import (
    FACETS,
    MIN_PEERS,
    SAME_TOPIC,
    Profile,
    Topic,
    facet,
    stems_of,
)
from ingest.records import Finding
from tests.ingest.lint.generated import lint_input
from tests.sheetgen import TEMPLATE_QUESTIONS, generate_sheet


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _mentions(sheet: Profile, core: frozenset[str]) -> bool:
    labels = [frozenset(label.split()) for label in sheet.labels]
    if not core or any(_jaccard(label, core) >= SAME_TOPIC for label in labels):
        return True
    return any(len(set(stems.split()) & core) >= len(core) // 2 + 1 for stems in sheet.units)


def plain_profile(sheet: SheetInput) -> Profile:
    """A sheet's profile made plainly (no secret in these sheets' questions)."""
    by_unit: dict[str, set[str]] = {}
    for fact in sheet.facts:
        if (name := facet(fact)) is not None:
            by_unit.setdefault(fact.unit_id, set()).add(name)
    topics = [
        Topic(sheet.provider, u.question, stems, frozenset(by_unit.get(u.id, ())))
        for u in sheet.units
        if u.question and (stems := stems_of(u.question))
    ]
    labels = [stems_of(u.question) for u in sheet.units if u.question]
    for unit in sheet.units:
        if unit.kind == "keyvalue":
            labels += [stems_of(line.partition(": ")[0]) for line in unit.answer.split("\n")]
    return Profile(
        provider=sheet.provider,
        topics=tuple(topics),
        facets=frozenset(n for f in sheet.facts if (n := facet(f))),
        labels=tuple(" ".join(sorted(s)) for s in labels if s),
        units=tuple(" ".join(sorted(stems_of(u.search_text()))) for u in sheet.units),
    )


def plain(profiles: Sequence[Profile], paths: dict[str, str]) -> list[Finding]:
    """The comparison written plainly (every question against every cluster, every cluster
    against every sheet): what the indexed one must equal."""
    clusters: list[list[Topic]] = []
    for topic in (t for p in profiles for t in p.topics):
        home = next((c for c in clusters if _jaccard(c[0].stems, topic.stems) >= SAME_TOPIC), None)
        if home is None:
            clusters.append(home := [])
        home.append(topic)

    def half(counts: Counter[str], size: int) -> frozenset[str]:
        return frozenset(s for s, n in counts.items() if n * 2 >= size)

    others = len(profiles) - 1
    out: list[Finding] = []
    for sheet in profiles:
        if others < MIN_PEERS or sheet.provider not in paths:
            continue
        report = Report(SheetInput(paths[sheet.provider], sheet.provider, (), ()))
        accounted: set[str] = set()
        for members in clusters:
            providers = {m.provider for m in members}
            core = half(Counter(s for m in members for s in m.stems), len(members))
            stated = half(Counter(f for m in members for f in m.facets), len(members))
            having = len(providers - {sheet.provider})
            if sheet.provider in providers or _mentions(sheet, core):
                accounted |= stated
                continue
            if having < MIN_PEERS or having * 2 <= others:
                continue
            accounted |= stated
            wordings = Counter(fold(m.text) for m in members)
            best = max(wordings.values())
            example = next(m.text for m in members if wordings[fold(m.text)] == best)
            message = (
                f"sem {report.quote(example)}, que {having} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        counts = Counter(n for p in profiles if p is not sheet for n in p.facets)
        for name in sorted(n for n, k in counts.items() if k >= MIN_PEERS and k * 2 > others):
            if name in sheet.facets or name in accounted:
                continue
            if _mentions(sheet, stems_of(FACETS[name])):
                continue
            message = (
                f"sem {FACETS[name]}, que {counts[name]} de {others} planilhas do índice trazem"
            )
            report.add(1, Kind.SECTION_MISSING, message)
        out += report.findings
    return sorted(out)


def _portfolio(seeds: range, cut: int) -> list[SheetInput]:
    """Generated sheets, every ``cut``-th without one of the template's questions."""
    inputs = []
    names = list(TEMPLATE_QUESTIONS)
    for seed in seeds:
        sheet = generate_sheet(seed, fmt="md" if seed % 2 else "txt")
        text = sheet.text
        if seed % cut == 0:
            question = TEMPLATE_QUESTIONS[names[seed % len(names)]]
            text = "\n".join(line for line in text.split("\n") if question not in line)
        inputs.append(lint_input(f"{sheet.provider_id}.txt", text, sheet.provider_id))
    return inputs


@pytest.mark.parametrize(("seeds", "cut"), [(range(12), 3), (range(40, 100), 4)])
def test_profiles_find_what_the_plain_comparison_finds(seeds: range, cut: int) -> None:
    inputs = _portfolio(seeds, cut)
    expected = plain([plain_profile(s) for s in inputs], {s.provider: s.path for s in inputs})
    assert [f for f in expected if f.kind == Kind.SECTION_MISSING], "the test finds something"
    assert sorted(missing_sections(inputs, ())) == expected
    # Through JSON, as partitions keep them, and in another order of the targets' paths.
    shared: dict[str, frozenset[str]] = {}
    kept = [
        Profile.from_dict(s.provider, json.loads(json.dumps(profile(s).to_dict())), shared)
        for s in inputs
    ]
    paths = {s.provider: s.path for s in reversed(inputs)}
    assert sorted(missing_in_profiles(kept, paths)) == expected
    # Only some targets: their findings alone, compared with everyone.
    some = {s.provider: s.path for s in inputs[::5]}
    assert sorted(missing_in_profiles(kept, some)) == [f for f in expected if f.provider in some]


@pytest.mark.parametrize("seed", range(40))
def test_profiles_with_overlapping_topics_agree_with_the_plain_comparison(seed: int) -> None:
    """Small random profiles over a few stems: questions near several clusters at once, topics
    held by just over half of the others, kinds of fact accounted for by a topic."""
    rng = random.Random(seed)
    stems = [f"s{k}" for k in range(7)]
    names = sorted(FACETS)[:5]
    profiles = []
    for k in range(rng.randint(3, 8)):
        pid = f"p{k}"
        topics = tuple(
            Topic(
                pid,
                f"pergunta {rng.choice('abc')}?",
                frozenset(rng.sample(stems, rng.randint(1, 3))),
                frozenset(rng.sample(names, rng.randint(0, 1))),
            )
            for _ in range(rng.randint(0, 4))
        )
        profiles.append(
            Profile(
                provider=pid,
                topics=topics,
                facets=frozenset(rng.sample(names, rng.randint(0, 3))),
                labels=tuple(
                    " ".join(sorted(rng.sample(stems, 2))) for _ in range(rng.randint(0, 2))
                ),
                units=tuple(" ".join(sorted(rng.sample(stems, 3))) for _ in range(2)),
            )
        )
    paths = {p.provider: f"{p.provider}.txt" for p in profiles if rng.random() < 0.7}
    assert sorted(missing_in_profiles(profiles, paths)) == plain(profiles, paths)


def test_a_question_quoted_elsewhere_has_its_own_sheets_secrets_masked() -> None:
    secret = "Zq9#Segredo"
    lines = [
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "EQUIPAMENTO\tLOGIN\tSENHA",
        f"XR500\tadmin\t{secret}",
        "",
        f"A senha {secret} vale para o modelo antigo?",
        "R: Sim",
    ]
    peers = [lint_input(f"p{k}.txt", "\n".join(lines), f"p{k}") for k in range(3)]
    assert secret in peers[0].secrets
    target = lint_input("t.txt", "Qual a porta de acesso?\nR: 8080", "t")
    found = missing_sections([target], peers)
    assert found and all(secret not in f.message for f in found)
    assert any("'A senha [senha] vale para o modelo antigo?'" in f.message for f in found)
