"""A generated sheet's truth written as a developer keeps a sheet in a repository: a YAML file.

The keys are a developer's short Portuguese names, not the template's questions; the values
are the truth's as written (a password with any punctuation, quoted by the YAML writer as it
must be), so that every fact read back must equal the truth. Round 18's blind sheet is the
hand-written example; this is the same layout at scale.
"""

from __future__ import annotations

from typing import Any

import yaml

from .sheet import GeneratedSheet

# A fee's key as a developer names it.
_FEE_KEYS = {
    "installation": "taxa_instalacao",
    "unproductive_visit": "visita_improdutiva",
    "reset_os": "os_troca_senha",
    "reset": "reset_roteador",
    "point_change": "mudanca_ponto",
    "address_change": "mudanca_endereco",
    "point_address_change": "mudanca_ponto_endereco",
    "new_point": "ponto_adicional",
    "router_setup": "configuracao_roteador",
    "extra_cable": "cabo_extra",
    "reconnection": "religacao",
}
_THRESHOLD_KEYS = {
    "partial_block": "dias_bloqueio_parcial",
    "total_block": "dias_bloqueio_total",
    "max_days_late_release": "desbloqueio_confianca_limite_dias",
}
_CONTACT_KEYS = {
    "phone": "telefone",
    "whatsapp": "whatsapp",
    "email": "email",
    "site": "site",
    "address": "endereco",
}
_HOURS_KEYS = {"call_centre": "horario_central", "company": "horario_loja", "on_call": "plantao"}


def yaml_sheet(sheet: GeneratedSheet) -> str:
    """The sheet's truth as a YAML file, with a comment at its top as developers leave one."""
    truth = sheet.truth
    company: dict[str, Any] = {"nome": truth.provider}
    for contact in truth.contacts:
        if contact.type in _CONTACT_KEYS:
            company[_CONTACT_KEYS[contact.type]] = contact.value
    system = truth.contact("system_url")
    if system is not None:
        company["sistema"] = {"url": system.value}
    portal = truth.contact("subscriber_portal")
    if portal is not None:
        company["central_assinante"] = {"url": portal.value, "login": portal.login_rule}
    for hours in truth.hours:
        company[_HOURS_KEYS[hours.key]] = hours.text
    plans: dict[str, list[dict[str, str]]] = {}
    for plan in truth.plans:
        group = (plan.technology or "fibra").lower().replace(" ", "_").rstrip(":")
        item = {"nome": plan.name} if plan.name else {}
        plans.setdefault(group, []).append({**item, "velocidade": plan.speed, "preco": plan.price})
    routers = [
        {"modelo": c.model, "usuario": c.login, "senha": c.password} for c in truth.credentials
    ]
    fees = {_FEE_KEYS[f.key]: f.value for f in truth.fees}
    # A count of days as the sheet writes it ("30 dias") or, every other seed, bare ("30").
    bare = sum(map(ord, truth.provider)) % 2 == 0
    finance = {_THRESHOLD_KEYS[t.kind]: t.days if bare else t.value for t in truth.thresholds}
    support: dict[str, Any] = {"prazo_atendimento": truth.support_deadline}
    if truth.port is not None:
        support["porta_acesso"] = truth.port
    speedtest = truth.contact("speedtest_site")
    if speedtest is not None:
        support["site_teste_velocidade"] = speedtest.value
    support["informar_senha"] = truth.password_policy.allowed
    support["politica_senha"] = truth.password_policy.text
    document = {
        "empresa": company,
        "planos": plans,
        "roteadores": routers,
        "taxas": fees,
        "financeiro": finance,
        "suporte": support,
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    return f"# planilha-operacional.yml - {truth.provider}\n{body}"
