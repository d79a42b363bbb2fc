"""The fact-kind registry: one module per kind, its identity, label and secrecy used everywhere."""

from __future__ import annotations

from ingest.facts import BY_NAME, KIND_NAMES, KINDS, SECRET_KINDS
from ingest.index.changes import describe_changes
from ingest.records import secret_values
from tests.factories import LASERNET, cred, facts_of


def test_kinds_are_unique_and_labelled() -> None:
    assert len(set(KIND_NAMES)) == len(KINDS)
    assert all(kind.label and kind.extract for kind in KINDS)
    assert set(BY_NAME) == set(KIND_NAMES)


def test_the_router_password_is_the_secret_kind() -> None:
    assert {"credential"} == SECRET_KINDS


def test_extracted_facts_carry_their_kinds_secrecy() -> None:
    facts = facts_of(LASERNET)
    assert {f.kind for f in facts} <= set(KIND_NAMES)
    assert all(f.secret == (f.kind in SECRET_KINDS) for f in facts)
    assert "Lnt12345@" in secret_values(facts)
    assert not {f.value for f in facts if not f.secret} & set(secret_values(facts))


def test_a_secret_value_is_never_printed_in_the_changes() -> None:
    old = [cred("acme", "XR500", "admin", "Old#Secret1", "Não passar")]
    new = [cred("acme", "XR500", "root", "New#Secret2", "Não passar")]
    text = "\n".join(describe_changes(old, new))
    assert "password changed" in text and "login: admin -> root" in text
    assert "Secret" not in text
