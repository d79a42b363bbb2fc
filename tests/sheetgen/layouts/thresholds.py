"""Writers of the days-late thresholds: label lines, prose, and the trust-release limit."""

from __future__ import annotations

import random

from ..truth import Threshold
from .common import Style, items, pipe_table, qa, tab_rows

BLOCK_LAYOUTS = ("label_lines", "prose", "total_only", "table")
BLOCK_HEADERS = (("Situação", "Dias"), ("SITUAÇÃO", "DIAS DE ATRASO"), ("Bloqueio", "Dias"))
TRUST_LAYOUTS = ("caps_note", "prose", "label_line")

PARTIAL_LABELS = (
    "Bloqueio Parcial (Redução)",
    "Bloqueio parcial",
    "Redução de velocidade",
    "Redução",
)
TOTAL_LABELS = ("Bloqueio Total", "Bloqueio total", "Suspensão total")


def write_blocks(
    layout: str, partial: int, total: int, rng: random.Random, style: Style
) -> tuple[list[str], list[Threshold]]:
    """The answer to "Com quantos dias ocorre o bloqueio?" in one of BLOCK_LAYOUTS."""
    word = rng.choice(("Dias", "dias"))
    if layout == "label_lines":
        sep = rng.choice((": ", ": ", " - "))
        tail = rng.choice(("", "", " de atraso"))
        p_label, t_label = rng.choice(PARTIAL_LABELS), rng.choice(TOTAL_LABELS)
        p_value, t_value = f"{partial} {word}", f"{total} {word}"
        lines = [f"{p_label}{sep}{p_value}{tail}", f"{t_label}{sep}{t_value}{tail}"]
        truths = [
            Threshold("partial_block", p_label, p_value, partial),
            Threshold("total_block", t_label, t_value, total),
        ]
        return qa("blocks", items(lines, style), style, rng), truths
    if layout == "prose":
        if rng.random() < 0.5:
            p_label, t_label = "velocidade é reduzida", "bloqueado totalmente"
            text = (
                f"A partir de {partial} dias de atraso a {p_label} e com {total} dias "
                f"o acesso é {t_label}."
            )
        else:
            p_label, t_label = "redução da velocidade", "bloqueio total"
            text = (
                f"Com {partial} dias de atraso ocorre a {p_label}; com {total} dias, o {t_label}."
            )
        truths = [
            Threshold("partial_block", p_label, f"{partial} dias", partial),
            Threshold("total_block", t_label, f"{total} dias", total),
        ]
        return qa("blocks", [text], style, rng), truths
    if layout == "table":
        # "Situação | Dias" over "Bloqueio parcial | 15": the days' unit in the header only.
        header = rng.choice(BLOCK_HEADERS)
        p_label, t_label = rng.choice(PARTIAL_LABELS), rng.choice(TOTAL_LABELS)
        rows = [[p_label, str(partial)], [t_label, str(total)]]
        if style.fmt == "md" or rng.random() < 0.3:
            lines = pipe_table(header, rows, rng)
        else:
            lines = tab_rows(header, rows)
        truths = [
            Threshold("partial_block", p_label, str(partial), partial),
            Threshold("total_block", t_label, str(total), total),
        ]
        return qa("blocks", lines, style, rng, block=True), truths
    if layout == "total_only":
        label = "bloqueio total"
        text = f"Não possui redução, o {label} ocorre com {total} {word} de atraso"
        return qa("blocks", [text], style, rng), [
            Threshold("total_block", label, f"{total} {word}", total)
        ]
    raise ValueError(f"blocks layout must be one of {BLOCK_LAYOUTS}, got {layout!r}")


def write_trust_limit(layout: str, days: int, rng: random.Random) -> tuple[list[str], Threshold]:
    """The most days late a trust unblock may be given, as a note after the trust answer."""
    if layout == "caps_note":
        label = rng.choice(("NÃO LIBERAR COM MAIS DE", "NÃO FAZER DESBLOQUEIO COM MAIS DE"))
        value = f"{days} DIAS"
        tail = rng.choice((", SOMENTE COM COMPROVANTE DE PAGAMENTO", ""))
        line = f"{label} {value} DE ATRASO{tail}"
    elif layout == "prose":
        label, value = "desbloqueio de confiança", f"{days} dias"
        line = f"O {label} só pode ser feito até {value} de atraso."
    elif layout == "label_line":
        label, value = rng.choice(("Limite para liberação", "Liberação máxima")), f"{days} dias"
        line = f"{label}: {value}"
    else:
        raise ValueError(f"trust limit layout must be one of {TRUST_LAYOUTS}, got {layout!r}")
    lines = [line, ""]
    if rng.random() < 0.5:
        lines += ["Não soma os dias de várias faturas, considera-se apenas a mais antiga", ""]
    return lines, Threshold("max_days_late_release", label, value, days)
