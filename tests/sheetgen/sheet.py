"""generate_sheet: one provider's operating sheet, in the template's order, with its truth."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from . import layouts as lay
from .content import Content, draw_content
from .layouts import Entry, Style
from .truth import Contact, Credential, Fee, Hours, Plan, SheetTruth, Threshold
from .values import coverage
from .variants import choose_variants

REPEATER_ANSWERS = (
    "Possuem alguns clientes com roteador adicional como repetidor, fornecido em comodato.",
    "Não dão suporte a repetidores de terceiros.",
    "Sim, oferecem roteador Mesh em alguns planos.",
)
INVOICE_ANSWERS = ("Sim. Pode enviar a segunda via por e-mail ou WhatsApp.", "Sim, pelo sistema.")
TRUST_ANSWERS = ("Sim, ou orientar a acessar a Central do Assinante.", "Sim, uma vez por mês.")
PAYMENT_ANSWERS = ("Boleto com QR Code PIX", "Boleto, PIX e cartão de crédito", "PIX e boleto")
PROCEDURES = {
    "sales": "Quando o cliente pedir contratação, não transferir: pegar os dados básicos e "
    "encaminhar no grupo do provedor.",
    "cancellation": "Não transferir o atendimento. Abrir uma ocorrência no sistema e informar "
    "que o setor responsável entrará em contato.",
    "financial": "Caso o desbloqueio esteja indisponível ou a demanda seja do setor financeiro, "
    "não transferir: abrir ocorrência e orientar o cliente que haverá retorno.",
    "inverted": "O provedor não faz a inversão dos pagamentos, apenas estende o prazo de "
    "liberação do contrato. Enviar o caso no grupo em horário comercial.",
    "receipt": "Comprovantes de agendamento são aceitos em feriados e finais de semana; em dias "
    "úteis, apenas comprovantes de pagamento.",
}


@dataclass(frozen=True)
class GeneratedSheet:
    """A generated sheet: its id, display title (the first line), text, format and truth.

    provider_id is the title's letters and digits followed by the seed ("brisanet17"): unique
    per seed, the same for both formats of a seed.
    """

    provider_id: str
    title: str
    text: str
    fmt: str
    truth: SheetTruth


class _Writer:
    """Accumulates a sheet's lines and the truth the part writers return."""

    def __init__(self, rng: random.Random, content: Content, variants: Mapping[str, str], fmt: str):
        self.rng, self.c, self.v = rng, content, variants
        self.style = Style(
            fmt,
            variants["answers"],
            variants["blank_lines"],
            variants["unanswered"],
            variants["answer_mark"],
            variants["headings"],
            variants["plan_prices"],
            variants["questions"],
            variants["envelope"],
        )
        self.lines: list[str] = []
        self.plans: list[Plan] = []
        self.fees: list[Fee] = []
        self.thresholds: list[Threshold] = []
        self.contacts: list[Contact] = []
        self.hours: list[Hours] = []
        self.caps = rng.random() < 0.6
        self.coverage = ""
        self.sections = 0

    def qa(self, key: str, answer: list[str], *, block: bool = False) -> None:
        if key in self.c.unanswered:
            self.lines += lay.unanswered(key, self.style)
        else:
            self.lines += lay.qa(key, answer, self.style, self.rng, block=block)

    def heading(self, text: str) -> None:
        self.sections += 1
        self.lines += [lay.heading(text, self.style, number=self.sections), ""]

    def top(self) -> None:
        c, style = self.c, self.style
        self.lines += [
            f"# {c.name}" if style.fmt == "md" else c.name,
            " " if style.fmt == "txt" else "",
        ]
        label = "Horário de atendimento"
        self.lines += [f"{label} da central (GMT -3)", c.call_centre_hours, ""]
        self.hours.append(Hours("call_centre", label, c.call_centre_hours))
        self.lines += ["Fora desse período o atendimento é feito totalmente pela central", ""]
        self.heading("CHAT E LIGAÇÃO" if style.fmt == "txt" else "Suporte técnico")

    def plans_part(self) -> None:
        c = self.c
        connector = self.rng.choice((", ", " e "))
        self.qa("technologies", [connector.join(c.tech_words)])
        self.lines.append(lay.question(lay.TEMPLATE_QUESTIONS["plans"], self.style))
        layouts = [self.v["plans"], self.v["plans_second"]]
        for label, offers, layout in zip(c.group_labels, c.offers, layouts, strict=False):
            lines, plans = lay.write_plan_group(label, offers, layout, self.rng, self.style)
            self.lines += [*lines, ""]
            self.plans += plans
        lines, fee = lay.write_installation(
            self.v["installation_fee"], c.installation, self.rng, self.style
        )
        self.lines += lines
        self.fees.append(fee)
        self.lines += [PROCEDURES["sales"], ""]
        self.coverage = coverage(self.rng, c.place)
        self.qa("coverage", [self.coverage])
        self.qa("repeaters", [self.rng.choice(REPEATER_ANSWERS)])

    def port_part(self) -> None:
        port, layout = str(self.c.port), self.v["port"]
        if layout == "bare":
            self.lines += [lay.question(lay.TEMPLATE_QUESTIONS["port"], self.style), port, ""]
        elif layout == "answer":
            self.qa("port", [port])
        elif layout == "sentence":
            self.qa("port", [self.rng.choice((f"Porta {port}", f"Acesso pela porta {port}"))])
        else:
            self.qa("port", [])

    def credentials_part(self) -> None:
        c = self.c
        table = lay.write_credentials(c.table_rows, self.v["credentials"], self.rng)
        if c.sentence_row is not None:
            form = self.v["credential_sentence"]
            table += ["", lay.write_credential_sentence(c.sentence_row, form, self.rng)]
        self.qa("credentials", table, block=True)
        self.qa("policy", [c.policy.text])

    def support_part(self) -> None:
        c, rng = self.c, self.rng
        lines, fee = lay.write_reset_os(c.reset_os, rng, self.style)
        self.lines += lines
        self.fees.append(fee)
        self.qa("dns", ["Automático, entregue pelo PPPoE"])
        lines, fee = lay.write_reset(c.reset, rng, self.style)
        self.lines += lines
        self.fees.append(fee)
        speedtest = c.contacts["speedtest_site"]
        self.qa("speedtest", [speedtest])
        self.contacts.append(
            Contact("speedtest_site", lay.TEMPLATE_QUESTIONS["speedtest"], speedtest)
        )
        self.qa("deadline", [c.deadline[0]])
        self.lines += ["Registrar todos os atendimentos", ""]
        lines, fee = lay.write_visit(self.v["visit_fee"], c.visit, rng, self.style)
        self.lines += lines
        self.fees.append(fee)
        if c.on_call is None:
            self.qa("on_call", ["Não"])
        else:
            self.qa("on_call", [f"Sim, {c.on_call}"])
            if "on_call" not in c.unanswered:
                self.hours.append(Hours("on_call", "plantão", c.on_call))
        lines, fees = lay.write_services(self.v["service_fees"], c.services, rng, self.style)
        self.lines += lines
        self.fees += fees
        self.qa("cancellation", [PROCEDURES["cancellation"]])

    def financial_part(self) -> None:
        c, rng = self.c, self.rng
        self.heading(
            "FINANCEIRO E COMERCIAL" if self.style.fmt == "txt" else "Financeiro e comercial"
        )
        self.lines += [PROCEDURES["financial"], ""]
        self.qa("invoice", [rng.choice(INVOICE_ANSWERS)])
        self.qa("trust", [rng.choice(TRUST_ANSWERS)])
        lines, threshold = lay.write_trust_limit(self.v["trust_limit"], c.trust, rng)
        self.lines += lines
        self.thresholds.append(threshold)
        lines, thresholds = lay.write_blocks(self.v["blocks"], c.partial, c.total, rng, self.style)
        self.lines += lines
        self.thresholds += thresholds
        self.qa("inverted", [PROCEDURES["inverted"]])
        self.qa("receipt", [PROCEDURES["receipt"]])
        self.qa("payment", [rng.choice(PAYMENT_ANSWERS)])
        lines, fees = lay.write_reconnection(self.v["reconnection_fee"], c.reconnection, rng)
        self.lines += lines
        self.fees += fees

    def entry(self, kind: str, *, after: tuple[str, ...] = ()) -> Entry:
        label = self.contact_label(kind)
        value = self.c.contacts[kind]
        rule = after[0] if after else None
        self.contacts.append(Contact(kind, label, value, rule))
        return Entry(label, value, after)

    def contact_label(self, kind: str) -> str:
        """A contact's label as the author writes it (lower case when typed with arrows)."""
        label = lay.contact_label(kind, self.rng, caps=self.caps)
        return label.lower() if self.v["contacts"] == "arrows" else label

    def company_part(self) -> None:
        c, rng, layout = self.c, self.rng, self.v["contacts"]
        self.heading("Informações da empresa")
        head = [self.entry("system_url"), self.entry("subscriber_portal", after=(c.login_rule,))]
        head.append(self.entry("address"))
        self.lines += lay.write_entries(head, layout, rng, self.style)
        self.qa(
            "in_person",
            [rng.choice(("Sim", "Não", f"Sim, na loja do {c.place.neighbourhoods[0]}"))],
        )
        kinds = [k for k in ("phone", "whatsapp", "email", "site") if k in c.contacts]
        self.lines += lay.write_entries([self.entry(k) for k in kinds], layout, rng, self.style)
        label = self.contact_label("company_hours")
        self.lines += lay.write_entry(Entry(label, c.company_hours), layout, rng, self.style)
        self.hours.append(Hours("company", label, c.company_hours))


def generate_sheet(
    seed: int, *, fmt: str = "txt", force: dict[str, str] | None = None
) -> GeneratedSheet:
    """A sheet with random values and known truth, the same for the same seed and arguments.

    fmt is "txt" (a word-processor export) or "md"; force maps parts of
    ``layouts.LAYOUT_VARIANTS`` to the option to use (ValueError names a bad one).
    """
    rng = random.Random(seed)
    variants = choose_variants(rng, fmt, force)
    content = draw_content(rng, variants)
    w = _Writer(rng, content, variants, fmt)
    w.top()
    w.plans_part()
    w.port_part()
    w.credentials_part()
    w.support_part()
    w.financial_part()
    w.company_part()
    text = "\n".join(w.lines).rstrip() + "\n"
    if variants["escapes"] == "backslashes":
        text = lay.escape_markdown(text)
    if variants["tables"] == "boxes":
        text = lay.draw_boxes(text, random.Random(f"boxes-{seed}"))
    foreign: tuple[str, ...] = ()
    if variants["envelope"] == "mail":
        # Drawn apart, like the envelope itself: the sheet's own values stay the seed's.
        text, phone = lay.mail_thread(
            text, random.Random(f"mail-{seed}"), name=content.name, ddd=content.place.ddd
        )
        foreign = (phone,)
    credentials: list[Credential] = list(content.table_rows)
    if content.sentence_row is not None:
        credentials.append(content.sentence_row)
    c = content
    truth = SheetTruth(
        provider=c.name,
        technologies=c.tech_words,
        coverage=w.coverage,
        plans=tuple(w.plans),
        credentials=tuple(credentials),
        fees=tuple(w.fees),
        thresholds=tuple(w.thresholds),
        contacts=tuple(w.contacts),
        hours=tuple(w.hours),
        access_port=None if "port" in c.unanswered else str(c.port),
        port=None if "port" in c.unanswered else c.port,
        support_deadline=c.deadline[0],
        deadline_hours=c.deadline[1],
        password_policy=c.policy,
        unanswered=tuple(lay.TEMPLATE_QUESTIONS[k] for k in c.unanswered),
        variants=dict(variants),
        foreign=foreign,
    )
    # Names repeat across seeds; the seed in the id keeps many sheets apart in one corpus.
    provider_id = f"{c.slug}{seed}"
    return GeneratedSheet(provider_id=provider_id, title=c.name, text=text, fmt=fmt, truth=truth)
