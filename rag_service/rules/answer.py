"""A rule's answer and how it is written: values exactly as in the sheet, policies beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.analysis import fold
from ingest.records import Fact

Status = Literal["answered", "not_found"]


@dataclass(frozen=True)
class RuleAnswer:
    """A rule's answer: built only from facts, values exactly as in the sheet.

    ``mention`` is the question's words the rule looked up and did not find (a model, a
    speed), or that asked for what it found (a contact's type); ``suggestions`` are the
    sheet's entities a person may have meant, to re-ask with; ``unstated`` is the fact that
    names what was asked without giving the value asked for (a fee said to exist, its amount
    not given).
    """

    rule: str
    status: Status
    answer: str | None
    facts: list[Fact] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    value: str | None = None
    secret: bool = False
    mention: str | None = None
    suggestions: list[str] = field(default_factory=list)
    unstated: Fact | None = None


def caveats(facts: list[Fact], extra: list[str] | None = None) -> list[str]:
    out: list[str] = []
    for text in [c for f in facts for c in f.caveats] + (extra or []):
        if text not in out:
            out.append(text)
    return out


def answered(
    rule: str, facts: list[Fact], lines: list[str], extra: list[str] | None = None
) -> RuleAnswer:
    """The answer text holds the facts' policy sentences too: agents read the answer first.

    Credential policies come BEFORE the credentials (read the policy, then the password);
    other policies come after the values they qualify.
    """
    policies = [c for c in caveats(facts) if not any(c in line for line in lines)]
    secret = any(f.secret for f in facts)
    text = [*policies, *lines] if secret else [*lines, *policies]
    return RuleAnswer(
        rule=rule,
        status="answered",
        answer="\n".join(text),
        facts=facts,
        caveats=caveats(facts, extra),
        value=facts[0].value if len(facts) == 1 else None,
        secret=secret,
    )


def not_found(
    rule: str, sentence: str, mention: str | None = None, suggestions: list[str] | None = None
) -> RuleAnswer:
    return RuleAnswer(
        rule=rule,
        status="not_found",
        answer=None,
        caveats=[sentence],
        mention=mention,
        suggestions=list(suggestions or []),
    )


def value_not_stated(rule: str, fact: Fact, sentence: str) -> RuleAnswer:
    """not_found: the sheet names what was asked (``fact``) but not the value asked for."""
    quoted = f"{sentence} A planilha diz: “{fact.value}” (linha {fact.lines[0]})."
    return RuleAnswer(rule=rule, status="not_found", answer=None, caveats=[quoted], unstated=fact)


def line(fact: Fact) -> str:
    """ "subject: value", or the subject alone when it already says the value (a table row's
    "15 dias: Redução de velocidade")."""
    if fact.value and fact.value in fact.subject:
        return fact.subject
    return f"{fact.subject}: {fact.value}"


def credential_line(fact: Fact) -> str:
    login = fact.attrs.get("login") or "não informado"
    ip = fact.attrs.get("ip")
    at = f" — IP: {ip}" if ip else ""
    return f"{fact.subject} — login: {login} — senha: {fact.value}{at}"


def plan_line(fact: Fact) -> str:
    price = fact.value if fact.value.strip().upper().startswith("R$") else f"R$ {fact.value}"
    row = fact.attrs.get("row")
    if isinstance(row, str) and row:
        return row  # a table's row, each cell under its header: "Plano: Gamer; Upload: 300 Mega"
    tech = str(fact.attrs.get("technology") or "").strip()
    name = fact.attrs.get("name")
    # A plan with a name of its own is written by it ("EMPRESARIAL 600 MEGA + IP FIXO").
    label = name if isinstance(name, str) and name else fact.subject
    prefix = f"{tech.capitalize()} " if tech and tech not in fold(label).split() else ""
    note = fact.attrs.get("note")  # what a sentence says of the plan after its price
    return f"{prefix}{label} — {price}" + (f" ({note})" if isinstance(note, str) and note else "")


def contact_line(fact: Fact) -> str:
    rule = fact.attrs.get("login_rule")
    return f"{fact.subject}: {fact.value}" + (f" ({rule})" if rule else "")


def names(facts: list[Fact]) -> str:
    seen: list[str] = []
    for fact in facts:
        if fact.subject not in seen:
            seen.append(fact.subject)
    return ", ".join(seen)
