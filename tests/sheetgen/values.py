"""Random realistic values for generated sheets: names, places, money, speeds, contacts, hours.

Every function takes the caller's ``random.Random`` so that a sheet is a function of its seed.
Money is handled in integer cents; the written forms use the Brazilian comma ("49,90").
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

NAME_WORDS: tuple[str, ...] = (
    "Veloz", "Conecta", "Brisa", "Sertão", "Aurora", "Onda", "Cariri", "Litoral", "Serra",
    "Trilha", "Mandacaru", "Jangada", "Pontal", "Ipê", "Sabiá", "Carnaúba", "Farol", "Maré",
    "Aroeira", "Buriti", "Jurema", "Potiguar", "Oásis", "Vale", "Horizonte", "Estrela", "Rota",
    "Cometa", "Viva", "Plena", "Ágil", "Turbo", "Ibiapaba", "Tucano", "Uirapuru", "Caju",
    "Juá", "Piquiá", "Araripe", "Seridó", "Baraúna", "Canoa", "Oiti", "Cajueiro", "Acauã",
)  # fmt: skip
NAME_PATTERNS: tuple[str, ...] = (
    "{w}Net", "{w} Telecom", "{w} Fibra", "{w}Link", "{w} Internet", "{u}NET", "Rede {w}",
    "{w} Conect", "{w}Fibra", "Mega {w}", "{w} Net",
)  # fmt: skip

CITIES: tuple[tuple[str, str], ...] = (
    ("Caucaia", "CE"), ("Maracanaú", "CE"), ("Sobral", "CE"), ("Juazeiro do Norte", "CE"),
    ("Crato", "CE"), ("Iguatu", "CE"), ("Quixadá", "CE"), ("Mossoró", "RN"),
    ("Parnamirim", "RN"), ("Petrolina", "PE"), ("Caruaru", "PE"), ("Campina Grande", "PB"),
    ("Patos", "PB"), ("Teresina", "PI"), ("Parnaíba", "PI"), ("Imperatriz", "MA"),
    ("Caxias", "MA"), ("Arapiraca", "AL"), ("Itabaiana", "SE"), ("Feira de Santana", "BA"),
    ("Vitória da Conquista", "BA"), ("Montes Claros", "MG"), ("Marabá", "PA"),
    ("Santarém", "PA"),
)  # fmt: skip
DDD: dict[str, tuple[str, ...]] = {
    "CE": ("85", "88"), "RN": ("84",), "PE": ("81", "87"), "PB": ("83",), "PI": ("86", "89"),
    "MA": ("98", "99"), "AL": ("82",), "SE": ("79",), "BA": ("75", "77"), "MG": ("38",),
    "PA": ("94", "93"),
}  # fmt: skip
NEIGHBOURHOODS: tuple[str, ...] = (
    "Centro", "Jardim América", "Planalto", "São José", "Santa Luzia", "Alto da Boa Vista",
    "Vila Nova", "Conjunto Esperança", "Parque Tropical", "Alto Alegre", "Boa Vista",
    "Cidade Nova", "Santo Antônio", "Triângulo", "Pedrinhas", "Dom Expedito", "Brasília",
    "Sumaré", "Padre Lima", "Cohab",
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "Rua José de Alencar", "Avenida Padre Cícero", "Rua Dom Pedro II", "Travessa das Flores",
    "Rua Sete de Setembro", "Avenida Tiradentes", "Rua Santos Dumont", "Rua Frei Damião",
    "Avenida Dom Luís", "Rua Coronel Araújo", "Travessa São Francisco",
    "Rua Barão do Rio Branco", "Avenida Castelo Branco", "Rua Monsenhor Tabosa",
)  # fmt: skip

FIBER_SPEEDS: tuple[int, ...] = (
    50, 80, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 1000,
)  # fmt: skip
RADIO_SPEEDS: tuple[int, ...] = (2, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40)
SPEED_STYLES: tuple[str, ...] = (
    "{n}MB", "{n} MB", "{n} MEGA", "{n} Mega", "{n}M", "{n}Mbps", "{n} Mbps", "{n} MEGAS",
)  # fmt: skip
GIGA_STYLES: tuple[str, ...] = ("{g} GIGA", "{g} Giga", "{g}GIGA", "{n} Mbps", "{n}MB")

DEADLINES: tuple[tuple[str, int], ...] = (
    ("24h", 24), ("48h", 48), ("72h", 72), ("24 horas", 24), ("48 horas", 48), ("36h", 36),
    ("até 48h", 48), ("96h", 96),
)  # fmt: skip
LOGIN_RULES: tuple[str, ...] = (
    "Login é o CPF do titular e a senha são os 5 primeiros dígitos do CPF",
    "Acesso com CPF/CNPJ do titular, a senha é a data de nascimento",
    "Usuário: CPF do cliente / Senha: número do contrato",
    "O login é o e-mail cadastrado e a senha é enviada por SMS",
)
SPEEDTEST_HOSTS: tuple[str, ...] = (
    "https://www.speedtest.net", "https://fast.com", "https://www.minhaconexao.com.br",
    "https://www.nperf.com/pt/", "https://beta.simet.nic.br",
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case text without accents ("Sertão" -> "sertao")."""
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """Lower-case letters and digits only ("Ipê Telecom" -> "ipetelecom")."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def provider_name(rng: random.Random) -> str:
    """An invented Brazilian-sounding provider name ("BrisaNet", "Seridó Telecom")."""
    word = rng.choice(NAME_WORDS)
    return rng.choice(NAME_PATTERNS).format(w=word, u=fold(word).upper())


def name_abbreviation(name: str) -> str:
    """Three letters of a name as providers put them in passwords ("Trilha Fibra" -> "Trl")."""
    letters = slug(name)
    consonants = [c for c in letters[1:] if c not in "aeiou0123456789"]
    return (letters[0] + "".join(consonants[:2])).capitalize()


@dataclass(frozen=True)
class Place:
    """Where a provider works: a city, its state, some neighbourhoods and the phone area code."""

    city: str
    uf: str
    neighbourhoods: tuple[str, ...]
    ddd: str


def place(rng: random.Random) -> Place:
    """A city with two to four neighbourhoods."""
    city, uf = rng.choice(CITIES)
    hoods = tuple(rng.sample(NEIGHBOURHOODS, rng.randint(2, 4)))
    return Place(city=city, uf=uf, neighbourhoods=hoods, ddd=rng.choice(DDD[uf]))


def coverage(rng: random.Random, where: Place) -> str:
    """The answer to "Quais cidades/bairros de atuação?"."""
    hoods = ", ".join(where.neighbourhoods)
    return rng.choice((f"{hoods} - {where.city}", f"{where.city}: {hoods}", f"{hoods}"))


def address(rng: random.Random, where: Place) -> str:
    """A street address in one of the shapes sheets use."""
    street, number = rng.choice(STREETS), rng.randint(12, 2400)
    hood = where.neighbourhoods[0]
    return rng.choice(
        (
            f"{street}, {number} - {hood} - {where.city}-{where.uf}",
            f"{street}, nº {number}, {hood}, {where.city}/{where.uf}",
            f"{street}, {number}, {hood} - {where.city} - {where.uf}",
        )
    )


def phone(rng: random.Random, ddd: str, *, mobile: bool) -> str:
    """A phone number as written: "(85) 3276-5247", "(88)99812-4410", "85 3312-0098"."""
    if mobile:
        head, tail = f"9{rng.randint(8100, 9999)}", f"{rng.randint(0, 9999):04d}"
        if rng.random() < 0.25:
            return f"({ddd}) 9 {head[1:]}-{tail}"
    else:
        head, tail = f"{rng.choice('34')}{rng.randint(100, 999)}", f"{rng.randint(0, 9999):04d}"
    shape = rng.choice(("({d}) {h}-{t}", "({d}){h}-{t}", "{d} {h}-{t}", "({d}) {h}-{t}"))
    return shape.format(d=ddd, h=head, t=tail)


def domain(rng: random.Random, name_slug: str) -> str:
    """The provider's internet domain."""
    return name_slug + rng.choice((".com.br", ".net.br", ".com.br", ".net"))


def email(rng: random.Random, host: str) -> str:
    """An e-mail address at the provider's domain."""
    local = rng.choice(("contato", "financeiro", "suporte", "atendimento", "comercial", "sac"))
    return f"{local}@{host}"


def site_url(rng: random.Random, host: str) -> str:
    """The provider's site as written."""
    return rng.choice(
        (f"https://www.{host}", f"http://www.{host}/", f"www.{host}", f"https://{host}")
    )


def _ip(rng: random.Random) -> str:
    first = rng.choice((45, 138, 143, 168, 177, 179, 186, 187, 189, 191, 200, 201))
    return f"{first}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 254)}"


def system_url(rng: random.Random, name_slug: str) -> str:
    """The management system's URL: an IP with a port, or a hosted system."""
    port, path = (
        rng.choice((8000, 8080, 8090, 8443)),
        rng.choice(("login", "admin/", "sistema/login")),
    )
    return rng.choice(
        (
            f"http://{_ip(rng)}:{port}/{path}",
            f"https://{name_slug}.sgp.net.br/admin/",
            f"https://sistema.{name_slug}.com.br/login",
            f"http://{_ip(rng)}/mkauth/",
        )
    )


def portal_url(rng: random.Random, name_slug: str, host: str) -> str:
    """The subscriber portal's URL."""
    return rng.choice(
        (
            f"https://central.{host}",
            f"https://{host}/central",
            f"https://cliente.{host}/login",
            f"https://{name_slug}.sgp.net.br/central/",
        )
    )


def speedtest_url(rng: random.Random, host: str) -> str:
    """The site the provider uses to measure speed."""
    if rng.random() < 0.2:
        return f"https://velocidade.{host}"
    return rng.choice(SPEEDTEST_HOSTS)


def plan_price(cents: int) -> str:
    """A plan price as written without a currency sign: 4990 -> "49,90"."""
    return f"{cents // 100},{cents % 100:02d}"


MONEY_STYLES: tuple[str, ...] = ("R$ {c}", "R${c}", "{i} reais", "R$ {i}", "R$ {c}", "R$ {d}")


def money(cents: int, rng: random.Random) -> tuple[str, str]:
    """A fee amount as written and its number as written: ("R$ 80,00", "80,00"); "R$ 80,0"
    with one decimal, as typed in a hurry."""
    style = rng.choice(MONEY_STYLES) if cents % 100 == 0 else "R$ {c}"
    if "{d}" in style:
        core = plan_price(cents)[:-1]
    else:
        core = plan_price(cents) if "{c}" in style else str(cents // 100)
    return style.format(c=core, i=core, d=core), core


def related(a: str, b: str) -> bool:
    """Whether one string holds the other (then an answer with one would pass for the other)."""
    return a in b or b in a


def fee_cents(rng: random.Random, low: int, high: int, taken: list[str]) -> int:
    """A fee in whole reais, a multiple of five, between low and high.

    taken holds the amounts already in the sheet as written ("59,90", "80"); the fee's reais
    are chosen apart from all of them where possible, so an expected "80" never passes for
    "180,00". The new fee's reais are appended to taken.
    """
    options = [r * 100 for r in range(low, high + 1, 5)]
    apart = [c for c in options if not any(related(str(c // 100), t) for t in taken)]
    cents = rng.choice(apart or [c for c in options if str(c // 100) not in taken])
    taken.append(str(cents // 100))
    return cents


def speed_text(mbps: int, style: str, giga_style: str) -> str:
    """A speed as written: 300 -> "300 MEGA", 1000 -> "1 GIGA" or "1000 Mbps"."""
    if mbps >= 1000 and mbps % 1000 == 0:
        return giga_style.format(g=mbps // 1000, n=mbps)
    return style.format(n=mbps)


def hours_text(rng: random.Random) -> str:
    """Opening hours as written ("De Segunda a Sexta das 08h às 18h")."""
    days = rng.choice(
        (
            "De Segunda a Sexta",
            "De Segunda à Sábado",
            "Segunda a Sábado",
            "De Seg. a Sex.",
            "Todos os dias",
            "De Segunda a Domingo",
        )
    )
    start, end = rng.randint(6, 9), rng.randint(17, 22)
    times = rng.choice(
        (
            f"das {start:02d}h às {end:02d}h",
            f"Das {start:02d}h as {end:02d}h",
            f"{start:02d}:00 às {end:02d}:00",
            f"das {start}h às {end}h",
            f"das {start:02d}h30 às {end:02d}h",
        )
    )
    text = f"{days} {times}"
    if ("Sexta" in days or "Sex." in days) and rng.random() < 0.4:
        text += f" e Sábado das {start:02d}h às 12h"
    return text


def access_port(rng: random.Random) -> int:
    """A router management port."""
    if rng.random() < 0.5:
        return rng.choice((8080, 8085, 8888, 9090, 8181, 8000, 8443, 9000, 10000, 8081, 8090))
    return rng.randint(7100, 8999)
