"""How agents name a router: part of the model, no suffix or prefix, other spacing, the brand."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from .routers import BRAND_BY_NAME, model_key
from .truth import Credential

BRAND_TYPED: dict[str, tuple[str, ...]] = {"TP-Link": ("tp-link", "tplink", "tp link")}


def brand_typed(brand: str, rng: random.Random) -> str:
    """A brand as agents type it."""
    return rng.choice(BRAND_TYPED.get(brand, (brand.lower(),)))


def code_of(cred: Credential) -> str:
    """The model as written without a leading brand name ("ZTE F670L" -> "F670L")."""
    for spelling in BRAND_BY_NAME[cred.brand].spellings:
        if cred.model.lower().startswith(spelling.lower() + " "):
            return cred.model[len(spelling) + 1 :]
    return cred.model


def is_brand_row(cred: Credential) -> bool:
    """Whether the row is named by a brand alone (a catch-all row)."""
    return model_key(cred.model) == model_key(cred.brand)


def names_brand(cred: Credential) -> bool:
    """Whether the sheet writes the brand in the model cell."""
    return code_of(cred) != cred.model or is_brand_row(cred)


def identifies(form: str, target: Credential, rows: Sequence[Credential]) -> bool:
    """Whether form's key is part of the target's model key and of no other row's."""
    key = model_key(form)
    if not key or key not in model_key(target.model):
        return False
    return all(key not in model_key(r.model) for r in rows if r.model != target.model)


def partial(code: str) -> str | None:
    """The longest run of three or more digits ("EG8145V5" -> "8145")."""
    runs = sorted(re.findall(r"\d{3,}", code), key=len, reverse=True)
    return runs[0] if runs else None


def missing_suffix(code: str) -> str | None:
    """The model without trailing letters ("EG8145V5" -> "EG8145", "F670L" -> "F670")."""
    match = re.fullmatch(r"(.*\d)[-\s]?[A-Za-z][-A-Za-z]*\d?", code)
    if match is None or len(model_key(match.group(1))) < 3:
        return None
    return match.group(1).rstrip("- ")


def missing_prefix(code: str) -> str | None:
    """The model without its leading letters ("EG8145V5" -> "8145V5")."""
    match = re.fullmatch(r"[A-Za-z]{2,}[-\s]?(\d.*)", code)
    if match is None or len(model_key(match.group(1))) < 4:
        return None
    return match.group(1)


def respaced(code: str, rng: random.Random) -> str | None:
    """The model with its spacing, hyphens and case changed, same letters and digits."""
    pieces = re.findall(r"[A-Za-z]+|\d+|[^A-Za-z\d]+", code)
    for _ in range(10):
        out = []
        for i, piece in enumerate(pieces):
            if piece[0].isalnum():
                if i > 0 and pieces[i - 1][0].isalnum() and rng.random() < 0.4:
                    out.append(rng.choice((" ", "-")))  # a break where the model has none
                out.append(piece)
            else:
                out.append(rng.choice((piece, "", " ", "-")))
        text = "".join(out)
        text = rng.choice((text.lower(), text.upper(), text))
        if text != code and model_key(text) == model_key(code):
            return text
    return None


def near_model(code: str, rng: random.Random, rows: Sequence[Credential]) -> str | None:
    """The model with one letter or digit changed, matching no row's model key either way."""

    def near_digit(i: int) -> bool:
        return any(code[j].isdigit() for j in (i - 1, i + 1) if 0 <= j < len(code))

    # A digit or a letter touching one: "EG8145V5" -> "EG8145V6", never "Fiberlink" -> "Ciberlink".
    spots = [i for i, ch in enumerate(code) if ch.isdigit() or (ch.isalpha() and near_digit(i))]
    if not spots:
        return None
    keys = [model_key(r.model) for r in rows] + [model_key(code_of(r)) for r in rows]
    for _ in range(30):
        i = rng.choice(spots)
        ch = code[i]
        if ch.isdigit():
            new = rng.choice([d for d in "0123456789" if d != ch])
        else:
            letters = "ABCDEFGHJKLMNPRSTUVWXZ"
            new = rng.choice([c for c in letters if c != ch.upper()])
            new = new if ch.isupper() else new.lower()
        text = code[:i] + new + code[i + 1 :]
        key = model_key(text)
        if all(key not in k and k not in key for k in keys):
            return text
    return None
