"""Writers of fees: an amount as its own answer, free, priced lines, a fee with no amount."""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..truth import Fee
from ..values import money
from .common import Style, items, pipe_table, qa, tab_rows

INSTALLATION_LAYOUTS = (
    "answer_line", "yes_installments", "free", "no_amount_statement", "no_amount_answer",
)  # fmt: skip
VISIT_LAYOUTS = ("answer_line", "reais", "free")
SERVICE_LAYOUTS = ("label_lines", "sentence", "table")
SERVICE_HEADERS = (
    ("Serviço", "Valor"),
    ("SERVIÇO", "VALOR", "OBSERVAÇÃO"),
    ("Taxa", "Valor", "Obs"),
)
SERVICE_NOTES = ("—", "", "Sujeito a viabilidade", "Lançado na próxima fatura", "-")
RECONNECTION_LAYOUTS = ("none", "label_line")

SERVICE_LABELS: dict[str, tuple[str, ...]] = {
    "point_change": ("Mudança de ponto", "Mudança de ponto no mesmo local", "Troca de ponto"),
    "address_change": ("Mudança de endereço", "Transferência de endereço"),
    "new_point": ("Novo ponto", "Ponto adicional", "Instalação de novo ponto"),
    "router_setup": ("Configuração de roteador", "Configuração de roteador particular"),
    "extra_cable": ("Cabo adicional (por metro)", "Metro de cabo extra"),
}
FREE_WORDS = ("Não é cobrado", "não é cobrado", "Sem custo", "Gratuito")


def _amount(cents: int) -> float:
    return cents / 100


def write_installation(
    layout: str, cents: int, rng: random.Random, style: Style
) -> tuple[list[str], Fee]:
    """The installation fee in one of INSTALLATION_LAYOUTS."""
    label = "taxa de instalação"
    if layout in ("answer_line", "yes_installments"):
        written, _ = money(cents, rng)
        text = written if layout == "answer_line" else f"Sim, {written} em {rng.randint(2, 4)}x"
        fee = Fee("installation", label, written, _amount(cents), True)
        return qa("installation", [text], style, rng), fee
    if layout == "free":
        text = rng.choice(
            ("Não é cobrado", "Não, instalação gratuita", "Não cobra taxa de instalação")
        )
        return qa("installation", [text], style, rng), Fee("installation", label, text, None, False)
    if layout == "no_amount_statement":
        text = rng.choice(("Possui taxa de instalação", "Tem taxa de instalação"))
        fee = Fee("installation", label, text, None, True, stated_without_amount=True)
        return [text, ""], fee
    if layout == "no_amount_answer":
        text = rng.choice(
            (
                "Sim, tem taxa, o valor é o financeiro que passa",
                "Sim, possui taxa, valor informado pelo comercial",
            )
        )
        fee = Fee("installation", label, text, None, True, stated_without_amount=True)
        return qa("installation", [text], style, rng), fee
    raise ValueError(f"installation layout must be one of {INSTALLATION_LAYOUTS}, got {layout!r}")


def write_visit(layout: str, cents: int, rng: random.Random, style: Style) -> tuple[list[str], Fee]:
    """The unproductive technical visit in one of VISIT_LAYOUTS."""
    label = "visita técnica"
    if layout == "answer_line":
        written, _ = money(cents, rng)
        return qa("visit", [written], style, rng), Fee(
            "unproductive_visit", label, written, _amount(cents), True
        )
    if layout == "reais":
        written = f"{cents // 100} reais"
        text = rng.choice((f"Cobrado o valor de {written}", f"É cobrado {written}"))
        return qa("visit", [text], style, rng), Fee(
            "unproductive_visit", label, written, _amount(cents), True
        )
    if layout == "free":
        text = "Não é cobrado"
        tail = rng.choice(
            (", só em casos em que o cliente tiver danificado o equipamento", "", " pelo provedor")
        )
        lines = qa("visit", [text + tail], style, rng)
        lines += ["Não avisar o cliente, apenas quando o dano for constatado pelo técnico", ""]
        return lines, Fee("unproductive_visit", label, text, None, False)
    raise ValueError(f"visit layout must be one of {VISIT_LAYOUTS}, got {layout!r}")


def write_reset_os(cents: int | None, rng: random.Random, style: Style) -> tuple[list[str], Fee]:
    """Whether opening a work order to change the password is charged."""
    if cents is None:
        text = "não é cobrado"
        return qa("reset_os", [f"Pode abrir OS, {text}"], style, rng), Fee(
            "reset_os", "abrir OS", text, None, False
        )
    written, _ = money(cents, rng)
    lines = qa("reset_os", [f"Sim, pode abrir OS, é cobrado {written}"], style, rng)
    return lines, Fee("reset_os", "abrir OS", written, _amount(cents), True)


def write_reset(cents: int | None, rng: random.Random, style: Style) -> tuple[list[str], Fee]:
    """How resets are handled and whether that is charged."""
    if cents is None:
        text = rng.choice(("não é cobrado", "sem custo"))
        return qa("reset", [f"Abrir OS, {text}"], style, rng), Fee(
            "reset", "reset", text, None, False
        )
    written, _ = money(cents, rng)
    lines = qa("reset", [f"Abrir OS, cobrado {written}"], style, rng)
    return lines, Fee("reset", "reset", written, _amount(cents), True)


def write_services(
    layout: str, prices: Sequence[tuple[str, int]], rng: random.Random, style: Style
) -> tuple[list[str], list[Fee]]:
    """Point/address change and other services; prices are (key, cents) in sheet order.

    "label_lines" writes one "Label: R$ value" line per service inside one answer;
    "sentence" prices point and address change together with the first price only.
    """
    tail = (
        "Pode abrir ocorrência e informar o cliente que o setor responsável irá retornar o contato."
    )
    if layout == "sentence":
        written, _ = money(prices[0][1], rng)
        label = "Mudança de ponto ou endereço"
        text = f"{label} é cobrado o valor de {written}, {tail[0].lower()}{tail[1:]}"
        fee = Fee("point_address_change", label, written, _amount(prices[0][1]), True)
        return qa("services", [text], style, rng), [fee]
    if layout == "table":
        return _service_table(prices, rng, style)
    if layout != "label_lines":
        raise ValueError(f"services layout must be one of {SERVICE_LAYOUTS}, got {layout!r}")
    sep = rng.choice((": ", ": ", " – ", " - "))
    fees: list[Fee] = []
    lines: list[str] = []
    for key, cents in prices:
        label = rng.choice(SERVICE_LABELS[key])
        written, _ = money(cents, rng)
        fees.append(Fee(key, label, written, _amount(cents), True))
        lines.append(f"{label}{sep}{written}")
    body = items(lines, style) + (["", tail] if rng.random() < 0.6 else [])
    return qa("services", body, style, rng, block=True), fees


def _service_table(
    prices: Sequence[tuple[str, int]], rng: random.Random, style: Style
) -> tuple[list[str], list[Fee]]:
    """A table of services and their prices, with a column of notes or not."""
    header = rng.choice(SERVICE_HEADERS)
    fees: list[Fee] = []
    rows: list[list[str]] = []
    for key, cents in prices:
        label = rng.choice(SERVICE_LABELS[key])
        written, _ = money(cents, rng)
        note = rng.choice(SERVICE_NOTES) if len(header) == 3 else None
        fees.append(Fee(key, label, written, _amount(cents), True))
        rows.append([label, written] + ([note] if note is not None else []))
    if style.fmt == "md" or rng.random() < 0.3:
        lines = pipe_table(header, rows, rng)
    else:
        lines = tab_rows(header, rows)
    return qa("services", lines, style, rng, block=True), fees


def write_reconnection(layout: str, cents: int, rng: random.Random) -> tuple[list[str], list[Fee]]:
    """A reconnection fee line in the financial section, or nothing."""
    if layout == "none":
        return [], []
    if layout != "label_line":
        raise ValueError(
            f"reconnection layout must be one of {RECONNECTION_LAYOUTS}, got {layout!r}"
        )
    label = rng.choice(("Taxa de religação", "Taxa de reativação", "Religação"))
    written, _ = money(cents, rng)
    return [f"{label}: {written}", ""], [Fee("reconnection", label, written, _amount(cents), True)]


def free_word(rng: random.Random) -> str:
    """A word authors use for "free"."""
    return rng.choice(FREE_WORDS)
