"""What agents type for each thing they ask; every text is lower case without accents."""

from __future__ import annotations

PASSWORD_ASKS = (
    "qual a senha do {m}?", "senha do {m}", "qual senha padrao do roteador {m}?",
    "cliente tem um {m}, qual a senha?", "senha de acesso do {m}", "qual a senha p/ acessar o {m}",
)  # fmt: skip
LOGIN_PASSWORD_ASKS = (
    "login e senha do {m}",
    "usuario e senha do {m}?",
    "qual o login e a senha do {m}?",
)
POLICY_ASKS = (
    "qual a senha do roteador?", "cliente pediu a senha do roteador, posso passar?",
    "qual a senha padrao do modem?", "posso informar a senha do roteador p/ o cliente?",
)  # fmt: skip
PLAN_ASKS = (
    "qto custa o plano de {s}?", "valor do plano {s}", "qual o preco do plano de {s}?",
    "quanto ta o {s}?", "cliente quer o plano de {s}, qual o valor?",
)  # fmt: skip
PLAN_NAME_ASKS = (
    "valor do plano {n}", "qto custa o {n}?", "quanto e o plano {n}?", "preco do {n}",
)  # fmt: skip
FEE_ASKS: dict[str, tuple[str, ...]] = {
    "installation": (
        "qto custa a instalacao?",
        "qual o valor da taxa de instalacao?",
        "tem taxa de instalacao?",
    ),
    "unproductive_visit": (
        "qto custa a visita tecnica improdutiva?",
        "valor da visita improdutiva",
        "se a visita tecnica for improdutiva cobra quanto?",
        "o que cobra na visita tecnica improdutiva?",
    ),
    "reset_os": (
        "se nao tiver acesso p/ trocar a senha e precisar abrir os, e cobrado?",
        "abrir os p/ trocar a senha do roteador e cobrado?",
    ),
    "reset": ("o reset e cobrado?", "qual a tratativa p/ reset, cobra?"),
    "point_change": ("qto custa a mudanca de ponto?", "valor p/ mudar o ponto de lugar"),
    "address_change": ("qto custa a mudanca de endereco?", "valor da transferencia de endereco"),
    "point_address_change": (
        "qto custa a mudanca de ponto?",
        "qual o valor da mudanca de endereco?",
    ),
    "new_point": ("qto custa um ponto adicional?", "valor p/ instalar um novo ponto"),
    "router_setup": (
        "qto custa a configuracao de roteador?",
        "valor p/ configurar o roteador do cliente",
    ),
    "extra_cable": ("qto custa o metro de cabo extra?", "valor do cabo adicional por metro"),
    "reconnection": ("qual a taxa de religacao?", "qto custa p/ religar a internet?"),
}
FEE_NO_AMOUNT_ASKS = (
    "qual o valor da taxa de instalacao?",
    "qto custa a instalacao?",
    "instalacao sai por quanto?",
)
FEE_PAIR_ASKS = (
    "preco da instalacao e da visita improdutiva",
    "qto custa a instalacao e a visita tecnica improdutiva?",
)
CONTACT_ASKS: dict[str, tuple[str, ...]] = {
    "phone": (
        "qual o telefone da empresa?",
        "numero de telefone do provedor",
        "telefone fixo deles?",
    ),
    "whatsapp": ("qual o whatsapp do provedor?", "numero do whats", "qual o zap da empresa?"),
    "email": ("qual o email do provedor?", "e-mail p/ contato"),
    "site": ("qual o site do provedor?", "site da empresa"),
    "address": ("qual o endereco da empresa?", "onde fica a loja?"),
    "system_url": ("qual o link do sistema?", "url do sistema do provedor"),
    "subscriber_portal": (
        "link da central do assinante",
        "como o cliente acessa a central do assinante?",
    ),
    "speedtest_site": ("qual site p/ medir velocidade?", "site do teste de velocidade"),
}
CONTACT_WORDS = {
    "phone": "telefone",
    "whatsapp": "whats",
    "email": "email",
    "site": "site",
    "address": "endereco",
}
CONTACT_PAIRS = (
    ("whatsapp", "email"),
    ("phone", "whatsapp"),
    ("site", "email"),
    ("phone", "address"),
)
PAIR_ASKS = (
    "qual o {a} e o {b}?",
    "me passa o {a} e o {b}",
    "{a} e {b} do provedor",
    "qual o {a} e tambem o {b}?",
)
BLOCK_ASKS = (
    "cliente com {d} dias de atraso ta bloqueado?",
    "cliente c/ {d} dias em atraso, a internet ja ta reduzida?",
    "{d} dias de atraso ja bloqueia?",
)
TRUST_ASKS = (
    "da p/ fazer desbloqueio de confianca com {d} dias de atraso?",
    "cliente com {d} dias de atraso, posso liberar?",
)
PORT_ASKS = (
    "qual a porta de acesso do roteador?",
    "porta p/ acessar o roteador",
    "vc sabe a porta q acessa o roteador?",
)
DEADLINE_ASKS = (
    "qual o prazo de atendimento do suporte?",
    "quanto tempo o suporte leva p/ atender?",
)
HOURS_ASKS: dict[str, tuple[str, ...]] = {
    "company": (
        "qual o horario de atendimento da empresa?",
        "horario de funcionamento do provedor",
    ),
    "on_call": ("tem plantao no fim de semana?", "tem plantao fim de semana e feriado?"),
}
BLANK_ASKS: dict[str, tuple[str, ...]] = {
    "dns": ("qual o dns do provedor?", "qual dns padrao?", "o que coloca de dns?"),
    "repeaters": ("eles dao suporte a repetidor?", "presta suporte a repetidores?"),
    "port": PORT_ASKS,
    "on_call": HOURS_ASKS["on_call"],
    "in_person": ("tem atendimento presencial?", "tem loja p/ atendimento presencial?"),
}
