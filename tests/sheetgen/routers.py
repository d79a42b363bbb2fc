"""Router models of real brands, invented model codes in the same shapes, logins and passwords."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

Generator = Callable[[random.Random], str]


def _d(rng: random.Random, n: int) -> str:
    """n digits, the first not zero."""
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))


@dataclass(frozen=True)
class Brand:
    """A router brand: how sheets spell it, some real models, and generators of new codes."""

    name: str
    spellings: tuple[str, ...]
    models: tuple[str, ...]
    generators: tuple[Generator, ...]


BRANDS: tuple[Brand, ...] = (
    Brand(
        "Huawei",
        ("Huawei", "HUAWEI"),
        ("EG8145V5", "HG8245H", "HG8245Q2", "EG8145X6", "HG8546M", "EG8141A5"),
        (
            lambda r: (
                r.choice(("EG", "HG", "HS"))
                + "8"
                + _d(r, 3)[:3]
                + r.choice(("V5", "H", "Q2", "X6", "M", "A5", "V2"))
            ),
        ),
    ),
    Brand(
        "ZTE",
        ("ZTE",),
        ("F670L", "F6600P", "F660", "F680", "H199A", "F673AV9"),
        (
            lambda r: "F6" + _d(r, 2) + r.choice(("L", "P", "V9", "AV9", "")),
            lambda r: "H" + _d(r, 3) + r.choice(("A", "N")),
        ),
    ),
    Brand(
        "TP-Link",
        ("TP-Link", "TP-LINK", "TPLink"),
        ("Archer C6 V2", "EX220", "Archer C20", "Archer AX23", "XX230v", "Archer C5 V4"),
        (
            lambda r: (
                "Archer "
                + r.choice(("C", "A", "AX"))
                + str(r.randint(2, 90))
                + r.choice(("", " V2", " V3", " V5"))
            ),
            lambda r: r.choice(("EX", "XC", "XX")) + _d(r, 3),
        ),
    ),
    Brand(
        "Intelbras",
        ("Intelbras", "INTELBRAS"),
        ("W5-1200G", "RF1200", "IWR 3000N", "W4-300F", "GF1200", "RG1200", "WiFiber 121 AC"),
        (
            lambda r: (
                f"W{r.randint(3, 6)}-{r.choice(('300', '1200', '2100', '1500'))}" + r.choice("GFS")
            ),
            lambda r: (
                r.choice(("RF", "RG", "GF", "RX")) + r.choice(("1200", "1500", "3000", "301K"))
            ),
            lambda r: f"IWR {_d(r, 4)}N",
        ),
    ),
    Brand(
        "Nokia",
        ("Nokia", "NOKIA"),
        ("G-1425G-A", "G-140W-C", "G-2425G-A", "G-240W-F"),
        (
            lambda r: (
                f"G-{r.choice(('14', '24', '18'))}{_d(r, 2)}{r.choice('GW')}-{r.choice('ABCF')}"
            ),
        ),
    ),
    Brand(
        "Fiberhome",
        ("Fiberhome", "FIBERHOME", "FiberHome"),
        ("HG6145F", "AN5506-04-FA", "HG6143D", "SR1041F", "AN5506-02-FG"),
        (
            lambda r: "HG61" + _d(r, 2) + r.choice("DFE"),
            lambda r: f"AN55{_d(r, 2)}-0{r.randint(1, 9)}-{r.choice(('FA', 'F', 'FG'))}",
        ),
    ),
    Brand(
        "Mercusys",
        ("Mercusys", "MERCUSYS"),
        ("AC12G", "MR30G", "MR50G", "ME30"),
        (lambda r: "MR" + _d(r, 2) + "G", lambda r: f"AC{r.randint(11, 19)}G"),
    ),
    Brand(
        "Tenda",
        ("Tenda", "TENDA"),
        ("AC10", "AC6", "F6", "AC21", "TX9"),
        (lambda r: f"AC{r.randint(5, 23)}", lambda r: f"TX{r.randint(2, 12)}"),
    ),
    Brand(
        "Parks",
        ("Parks", "PARKS"),
        ("Fiberlink 411", "Fiberlink 501", "Fiberlink 210", "Fiberlink 611"),
        (lambda r: "Fiberlink " + _d(r, 3),),
    ),
    Brand(
        "Datacom",
        ("Datacom", "DATACOM"),
        ("DM985-100", "DM985-424", "DM986-204"),
        (lambda r: f"DM98{r.randint(4, 9)}-{_d(r, 3)}",),
    ),
)
BRAND_BY_NAME: dict[str, Brand] = {b.name: b for b in BRANDS}

LOGINS: tuple[str | None, ...] = (
    "admin", "admin", "root", "telecomadmin", "user", "support", "suporte", "Admin",
    "adminisp", None, None,
)  # fmt: skip
PUNCTUATION = "#:?!@$%&=+./|_-"


def model_key(model: str) -> str:
    """Lower-case letters and digits of a model ("W4- 300F" -> "w4300f")."""
    return re.sub(r"[^a-z0-9]", "", model.lower())


@dataclass(frozen=True)
class RouterModel:
    """One router of a sheet: its brand, its code and the code as the sheet writes it."""

    brand: str
    code: str
    written: str


def _written(rng: random.Random, brand: Brand, code: str, with_brand: bool) -> str:
    text = code
    if rng.random() < 0.15:
        text = text.upper()
    if "-" in text and rng.random() < 0.15:
        text = text.replace("-", "- ", 1)  # a habit of some authors: "W4- 300F"
    if with_brand:
        text = f"{rng.choice(brand.spellings)} {text}"
    return text


def pick_models(rng: random.Random, count: int, *, with_brand: bool = False) -> list[RouterModel]:
    """count models of two to five brands, sometimes two or more of one brand, distinct keys;
    ``with_brand``: every model written after its brand (a sheet with a maker's column)."""
    if not 3 <= count <= 10:
        raise ValueError(f"count must be between 3 and 10, got {count}")
    brands = rng.sample(BRANDS, rng.randint(2, min(5, count)))
    brand_prefix = rng.choice((0.0, 0.3, 0.7, 1.0))
    if with_brand:
        brand_prefix = 1.0
    picked: list[RouterModel] = []
    keys: list[str] = []
    order = list(brands) + [rng.choice(brands) for _ in range(count - len(brands))]
    for brand in order:
        for _ in range(50):
            code = (
                rng.choice(brand.models)
                if rng.random() < 0.4
                else rng.choice(brand.generators)(rng)
            )
            if model_key(code) not in keys:
                break
        else:
            continue
        keys.append(model_key(code))
        written = _written(rng, brand, code, rng.random() < brand_prefix)
        picked.append(RouterModel(brand=brand.name, code=code, written=written))
    rng.shuffle(picked)
    return picked


def login(rng: random.Random) -> str | None:
    """A default login, or None where the sheet has none ("-")."""
    return rng.choice(LOGINS)


def _scrambled(rng: random.Random, allowed: str) -> str:
    length = rng.randint(6, 14)
    alnum = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    chars = [rng.choice(alnum), rng.choice(alnum)]
    for _ in range(length - 2):
        chars.append(rng.choice(allowed) if rng.random() < 0.3 else rng.choice(alnum))
    if sum(c in allowed for c in chars) < 2:
        chars[rng.randint(2, len(chars) - 1)] = rng.choice(allowed)
        chars.append(rng.choice(allowed))
    return "".join(chars)


def password(rng: random.Random, abbreviation: str, code: str, *, allow_pipe: bool) -> str:
    """A default password full of punctuation; never starts with punctuation or holds a space."""
    allowed = PUNCTUATION if allow_pipe else PUNCTUATION.replace("|", "")
    digits = re.sub(r"\D", "", code) or _d(rng, 3)
    shape = rng.randint(0, 4)
    if shape == 0:
        text = f"{abbreviation}{_d(rng, rng.randint(4, 6))}{rng.choice('@#!$')}"
    elif shape == 1:
        text = f"{rng.choice('PpXx')}={abbreviation.lower()}{_d(rng, 2)}{rng.choice('!#:')}{digits}"
    elif shape == 2:
        text = _scrambled(rng, allowed)
    elif shape == 3:
        text = f"{rng.choice('xyzkq')}{rng.choice('@#')}{rng.randint(2, 9)}/{rng.choice('ZQWK')}"
    else:
        text = f"{abbreviation}{rng.choice(allowed)}{digits}{rng.choice(allowed)}{_d(rng, 2)}"
    if rng.random() < 0.2:
        text += rng.choice("?.")
    return text
