"""Fact differences between two versions, as lines for a person."""

from __future__ import annotations

from ingest.index.changes import describe_changes
from ingest.records import Fact


def fact(kind: str, subject: str, value: str, provider: str = "acme", **attrs) -> Fact:
    return Fact(
        id=f"{kind}-{subject}-{value}",
        provider=provider,
        kind=kind,
        subject=subject,
        value=value,
        unit_id="u",
        lines=(1, 1),
        attrs=attrs,
    )


def plan(speed: str, mbps: float, price: str, technology: str = "fibra", **kw) -> Fact:
    return fact("plan", speed, price, technology=technology, speed_mbps=mbps, price=None, **kw)


def cred(model: str, key: str, password: str, login: str | None = "admin") -> Fact:
    return fact("credential", model, password, login=login, model_key=key)


def test_identical_facts_give_no_line() -> None:
    facts = [plan("200MB", 200, "79,90"), cred("RG1200", "rg1200", "Secret!1")]
    assert describe_changes(facts, list(facts)) == []


def test_price_change_of_a_plan() -> None:
    old = [plan("200MB", 200, "79,90"), plan("10M", 10, "49,90", technology="radio")]
    new = [plan("200MB", 200, "84,90"), plan("10M", 10, "49,90", technology="radio")]
    assert describe_changes(old, new) == ["acme: plan fibra 200MB: 79,90 -> 84,90"]


def test_same_speed_other_technology_is_another_plan() -> None:
    old = [plan("10M", 10, "49,90", technology="radio")]
    new = [plan("10M", 10, "49,90", technology="radio"), plan("10MB", 10, "39,90")]
    assert describe_changes(old, new) == ["acme: new plan fibra 10MB: 39,90"]


def test_password_change_never_shows_the_password() -> None:
    old = [cred("RG1200", "rg1200", "OldPass!1")]
    new = [cred("RG 1200", "rg1200", "NewPass!2")]
    lines = describe_changes(old, new)
    assert lines == ["acme: credential RG 1200 password changed"]
    assert not any("Pass" in line for line in lines)


def test_case_only_password_change_is_a_change() -> None:
    lines = describe_changes([cred("X1", "x1", "abc")], [cred("X1", "x1", "ABC")])
    assert lines == ["acme: credential X1 password changed"]


def test_login_change_is_reported() -> None:
    lines = describe_changes([cred("X1", "x1", "p", login=None)], [cred("X1", "x1", "p")])
    assert lines == ["acme: credential X1 login: - -> admin"]


def test_new_and_removed_equipment() -> None:
    old = [cred("GF1200", "gf1200", "secretA")]
    new = [cred("XR500", "xr500", "secretB")]
    lines = describe_changes(old, new)
    assert lines == ["acme: new equipment XR500", "acme: equipment GF1200 removed"]
    assert not any("secret" in line for line in lines)


def test_fee_contact_threshold_hours_port_deadline() -> None:
    old = [
        fact("fee", "Mudança de ponto", "20 reais", amount=20.0, charged=True),
        fact("contact", "TELEFONE", "(11) 1111-1111", contact_type="phone", login_rule=None),
        fact("day_threshold", "Bloqueio Total", "35 Dias", days=35, threshold="total_block"),
        fact("hours", "HORÁRIO", "Das 08h as 18h"),
        fact("access_port", "porta", "9020", port=9020),
        fact("deadline", "Suporte", "48h", hours=48),
    ]
    new = [
        fact("fee", "Mudança de ponto", "30 reais", amount=30.0, charged=True),
        fact("contact", "Telefone", "(11) 2222-2222", contact_type="phone", login_rule=None),
        fact("day_threshold", "Bloqueio total:", "40 Dias", days=40, threshold="total_block"),
        fact("hours", "HORÁRIO", "Das 09h as 18h"),
        fact("access_port", "porta", "8088", port=8088),
        fact("deadline", "Suporte", "24h", hours=24),
    ]
    assert describe_changes(old, new) == [
        "acme: fee Mudança de ponto: 20 reais -> 30 reais",
        "acme: contact Telefone: (11) 1111-1111 -> (11) 2222-2222",
        "acme: threshold Bloqueio total:: 35 Dias -> 40 Dias",
        "acme: hours HORÁRIO: Das 08h as 18h -> Das 09h as 18h",
        "acme: port porta: 9020 -> 8088",
        "acme: deadline Suporte: 48h -> 24h",
    ]


def test_repeated_identities_are_paired_in_order() -> None:
    old = [fact("hours", "HORÁRIO", "A"), fact("hours", "HORÁRIO", "B")]
    new = [fact("hours", "HORÁRIO", "A"), fact("hours", "HORÁRIO", "C")]
    assert describe_changes(old, new) == ["acme: hours HORÁRIO: B -> C"]


def test_providers_are_compared_separately() -> None:
    old = [plan("50MB", 50, "49,90", provider="a"), plan("50MB", 50, "49,90", provider="b")]
    new = [plan("50MB", 50, "49,90", provider="b"), plan("50MB", 50, "59,90", provider="c")]
    assert describe_changes(old, new) == ["a: provider removed", "c: new provider (1 facts)"]


def test_caveat_change_is_reported() -> None:
    old = [fact("fee", "reset", "não é cobrado", amount=None, charged=False)]
    new = [
        Fact(**{**old[0].__dict__, "caveats": ("Só com autorização do supervisor",)}),
    ]
    assert describe_changes(old, new) == ["acme: fee reset: caveats changed"]
