"""Redaction of secret values for viewers: pure functions on facts and response dicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.records import Fact, secret_values
from rag_service.security.redact import (
    MASK,
    contains_secret,
    for_role,
    prepare,
    redact_body,
    secret_pattern,
)
from tests.factories import LASERNET, VELOCINET


def _fact(kind: str, value: str, **attrs: object) -> Fact:
    return Fact(
        id=f"p:{kind}:{value}",
        provider="p",
        kind=kind,
        subject="X1",
        value=value,
        unit_id="p:u",
        lines=(1, 1),
        attrs=dict(attrs),  # type: ignore[arg-type]
        secret=kind == "credential",
    )


def _sheet_facts(path: Path) -> list[Fact]:
    parsed = parse_sheet(path.read_text(encoding="utf-8"), path.stem)
    return extract_facts(parsed.units)


def test_secret_values_are_credential_passwords_longest_first() -> None:
    facts = [
        _fact("credential", "ab12"),
        _fact("credential", "ab12xyz"),
        _fact("credential", "ab12"),  # same password on two models: listed once
        _fact("plan", "99,90"),
        _fact("contact", "https://sistema.exemplo"),
        _fact("credential", "-"),  # the sheet's placeholder, not a password
        _fact("credential", "zz99", password="Other#Pass1"),
    ]
    assert secret_values(facts) == ("Other#Pass1", "ab12xyz", "ab12", "zz99")


@pytest.mark.parametrize("sheet", [LASERNET, VELOCINET], ids=["lasernet", "velocinet"])
def test_every_password_of_a_sheet_is_masked_everywhere(sheet: Path) -> None:
    facts = _sheet_facts(sheet)
    creds = [f for f in facts if f.kind == "credential"]
    assert creds, "the template's credential table gives credential facts"
    secrets = prepare(secret_values(facts))
    listing = "\n".join(f"{f.subject} {f.attrs.get('login')} {f.value}" for f in creds)
    body = {
        "question": f"senha {creds[0].value}?",
        "answer": listing,
        "value": creds[-1].value,
        "facts": [f.to_dict() for f in creds],
        "caveats": [f"não passar {creds[0].value}"],
        "passages": [{"id": "u", "text": listing, "lines": [1, 2], "score": 0.5}],
        "confidence": 1.0,
    }
    out = redact_body(body, secrets)
    raw = json.dumps(out, ensure_ascii=False)
    for fact in creds:
        if len(fact.value.strip()) >= 3:
            assert fact.value not in raw
            assert json.dumps(fact.value)[1:-1] not in raw  # nor its JSON-escaped form
    assert out["redacted"] is True
    assert out["value"] == MASK
    assert all(f["value"] == MASK for f in out["facts"])
    # What is not secret stays: models, logins, numbers, lines.
    assert creds[0].subject in out["answer"]
    assert out["passages"][0]["lines"] == [1, 2] and out["confidence"] == 1.0
    assert not contains_secret(out, secrets)
    assert contains_secret(body, secrets)


def test_longer_password_is_masked_whole_not_split_by_a_shorter_one() -> None:
    secrets = prepare(secret_values([_fact("credential", "abc1"), _fact("credential", "abc1XYZ")]))
    out = redact_body({"answer": "A: abc1XYZ B: abc1"}, secrets)
    assert out["answer"] == f"A: {MASK} B: {MASK}"
    assert "XYZ" not in out["answer"]


def test_regex_characters_in_a_password_are_literal() -> None:
    secrets = prepare(("a.b*c(d)[e]|f\\g",))
    out = redact_body({"answer": "x a.b*c(d)[e]|f\\g y", "value": "aXbbbcd"}, secrets)
    assert out["answer"] == f"x {MASK} y"
    assert out["value"] == "aXbbbcd"  # the pattern is not a regex of the password


def test_redaction_is_case_sensitive_exact_but_does_not_touch_other_case() -> None:
    # "Lnt12345@" and "lnt12345@" are two passwords of the shipped sheet: both in the set.
    secrets = prepare(
        secret_values([_fact("credential", "Abc123@"), _fact("credential", "abc123@")])
    )
    out = redact_body({"answer": "Abc123@ / abc123@ / ABC123@"}, secrets)
    assert out["answer"] == f"{MASK} / {MASK} / ABC123@"


def test_agent_body_is_unchanged_and_marked_not_redacted() -> None:
    body = {"value": "Abc123@", "facts": [{"value": "Abc123@"}]}
    out = for_role(body, prepare(("Abc123@",)), sees_secrets=True)
    assert out == {**body, "redacted": False}
    assert body == {"value": "Abc123@", "facts": [{"value": "Abc123@"}]}  # input not modified
    viewer = for_role(body, prepare(("Abc123@",)), sees_secrets=False)
    assert viewer["value"] == MASK and viewer["redacted"] is True
    assert body["value"] == "Abc123@"


def test_no_secrets_no_change_but_still_marked() -> None:
    body = {"answer": "R$ 99,90", "value": None}
    assert redact_body(body, prepare(())) == {**body, "redacted": True}
    assert secret_pattern(()) is None
    assert not contains_secret(body, prepare(()))
