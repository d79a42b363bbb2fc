"""Writers of the company block: key/value pairs as tab rows, "KEY: value", or key then value."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .common import Style

CONTACT_LAYOUTS = (
    "tab_rows",
    "key_colon",
    "key_next_line",
    "mixed",
    "one_line",
    "dot_leaders",
    "pictographs",
    "arrows",
)
# The marks chat authors open a contact line with.
PICTOGRAPHS = ("☎️", "📞", "📱", "📧", "📍", "🌐", "✅", "📌")

CONTACT_LABELS: dict[str, tuple[str, ...]] = {
    "phone": ("TELEFONE", "Telefone", "FONE", "Telefone fixo"),
    "whatsapp": ("WHATSAPP", "WhatsApp", "Whats", "Zap"),
    "email": ("E-MAIL", "E-mail", "Email"),
    "site": ("SITE", "Site"),
    "address": ("ENDEREÇO", "Endereço"),
    "system_url": ("SISTEMA", "Sistema", "SGP", "Link do sistema"),
    "subscriber_portal": ("CENTRAL DO ASSINANTE", "Central do Assinante", "Central do Cliente"),
    "company_hours": ("HORÁRIO", "Horário de funcionamento", "HORÁRIO DE ATENDIMENTO"),
}


@dataclass(frozen=True)
class Entry:
    """One key/value pair of the block, with sentences that follow it (a portal's login rule)."""

    label: str
    value: str
    after: tuple[str, ...] = ()


def contact_label(kind: str, rng: random.Random, *, caps: bool) -> str:
    """A label for a contact kind, all caps or not as the author writes."""
    labels = CONTACT_LABELS[kind]
    chosen = [label for label in labels if label.isupper() == caps] or list(labels)
    return rng.choice(chosen)


def write_entry(entry: Entry, layout: str, rng: random.Random, style: Style) -> list[str]:
    """One pair in a layout of CONTACT_LAYOUTS ("mixed" picks one per pair)."""
    if layout in ("mixed", "one_line"):
        layout = rng.choice(CONTACT_LAYOUTS[:3]) if layout == "mixed" else "key_colon"
    if layout == "tab_rows":
        gap = rng.choice(("\t", "\t", "\t "))
        lines = [f"{entry.label}{gap}{entry.value}"]
    elif layout == "key_colon":
        key = entry.label
        if style.fmt == "md":
            key = rng.choice((f"**{key}:**", f"- {key}:", f"- **{key}:**"))
        else:
            key += ":"
        lines = [f"{key} {entry.value}"]
    elif layout == "key_next_line":
        key = f"**{entry.label}**" if style.fmt == "md" else entry.label
        lines = [key, entry.value]
    elif layout == "pictographs":
        # "☎️ TELEFONE: (11) 3000-0000", as pasted from a chat group.
        lines = [f"{rng.choice(PICTOGRAPHS)} {entry.label}: {entry.value}"]
    elif layout == "arrows":
        # "whatsapp -> (81) 9...": typed fast (the writer gives lower-case labels), an arrow
        # for the colon.
        arrow = rng.choice(("->", "=>", "→"))
        lines = [f"{entry.label} {arrow} {entry.value}"]
    elif layout == "dot_leaders":
        # "SITE ............ www.x.com", "SITE............: www.x.com": the key padded to a
        # column with dots, the colon after them or not.
        dots = "." * max(2, 24 - len(entry.label))
        if rng.random() < 0.5:
            lines = [f"{entry.label} {dots} {entry.value}"]
        else:
            lines = [f"{entry.label}{dots}: {entry.value}"]
    else:
        raise ValueError(f"contacts layout must be one of {CONTACT_LAYOUTS}, got {layout!r}")
    for sentence in entry.after:
        lines += ["", sentence]
    return [*lines, ""]


def write_entries(
    entries: Sequence[Entry], layout: str, rng: random.Random, style: Style
) -> list[str]:
    """Several pairs one after the other; "one_line": the phones, e-mail and site all on one
    line ("Fone: X, Zap: Y, Email: Z"), the others one per line."""
    single = [e for e in entries if not e.after and e.label not in _ALONE]
    if layout != "one_line" or len(single) < 2:
        return [line for entry in entries for line in write_entry(entry, layout, rng, style)]
    sep = rng.choice((", ", "; ", " | "))
    lines = [
        line for e in entries if e not in single for line in write_entry(e, layout, rng, style)
    ]
    return [*lines, sep.join(f"{e.label}: {e.value}" for e in single), ""]


# Labels whose values hold commas or colons of their own: never shared with another on a line.
_ALONE = {*CONTACT_LABELS["address"], *CONTACT_LABELS["company_hours"]}
