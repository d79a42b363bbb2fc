"""The word groups the rules read questions with: kind words, typed by ``Word``.

Words only (folded, no accents), never a sheet's values. An entry ending in ``*`` is a prefix
("cobr*" covers cobra, cobrado, cobrança). Each group is a member of the ``Word`` enum, so a
group that does not exist is an AttributeError at import (and a mypy error), never a silently
worse answer.
"""

from __future__ import annotations

from enum import StrEnum

from ingest.analysis import MANAGEMENT_SYSTEMS


class Word(StrEnum):
    """The word groups the rules read questions by; a misspelt member fails at import."""

    PASSWORD = "password"
    ACCESS = "access"
    EQUIPMENT = "equipment"
    NOT_ROUTER = "not_router"
    CHANGE = "change"
    POLICY = "policy"
    MAY = "may"
    DISCLOSE = "disclose"
    CUSTOMER = "customer"
    PROCEDURE = "procedure"
    HOW = "how"
    PORT = "port"
    IP = "ip"
    NOT_ACCESS_IP = "not_access_ip"
    BLOCK = "block"
    CUT = "cut"
    REDUCE = "reduce"
    SLOW = "slow"
    LATE = "late"
    PARTIAL = "partial"
    TOTAL = "total"
    RELEASE = "release"
    DURATION = "duration"
    DAYS = "days"
    WHEN = "when"
    CHARGE = "charge"
    PLAN = "plan"
    LIST = "list"
    CHEAP = "cheap"
    FAST = "fast"
    EXPENSIVE = "expensive"
    MORE = "more"
    LESS = "less"
    SPEED = "speed"
    UPGRADE = "upgrade"
    PROBLEM = "problem"
    PHONE = "phone"
    NUMBER = "number"
    NUMBER_CONTEXT = "number_context"
    WHATSAPP = "whatsapp"
    ADDRESS = "address"
    PLACE = "place"
    WHERE = "where"
    LOCATED = "located"
    SITE = "site"
    EMAIL = "email"
    SYSTEM = "system"
    PORTAL = "portal"
    CENTRAL = "central"
    SPEEDTEST = "speedtest"
    MEASURE = "measure"
    CONTACTS = "contacts"
    LINK = "link"
    CHANNEL_ACTION = "channel_action"
    OFFER = "offer"
    DEPARTMENT = "department"
    OFFICE = "office"
    HOURS = "hours"
    ONCALL = "oncall"
    TECHNICIAN = "technician"
    WEEKEND = "weekend"
    HOURS_GENERIC = "hours_generic"
    OPENS = "opens"
    TIME = "time"
    DEADLINE = "deadline"
    TIME_AMOUNT = "time_amount"
    HOW_MANY = "how_many"
    AMOUNT = "amount"
    TIME_UNIT = "time_unit"
    RESOLVE = "resolve"
    CASE = "case"


# Every group the rules ask about. Why a word is here is said next to the group.
VOCAB: dict[Word, frozenset[str]] = {
    # Credentials: the words for the password/login itself ...
    Word.PASSWORD: frozenset(
        {"senha*", "login", "logins", "logar", "usuario*", "credencia*", "pass", "password", "pwd"}
    ),
    # ... "acesso" only counts next to an equipment word or a model ("acesso ao roteador").
    Word.ACCESS: frozenset({"acesso", "acessos", "acessar"}),
    Word.EQUIPMENT: frozenset(
        {
            "roteador*",
            "equipamento*",
            "aparelho*",
            "padrao",
            "padroes",
            "modelo*",
            "marca",
            "onu",
            "onus",
            "ont",
            "onts",
            "modem*",
        }
    ),
    # A password question about something that is not a router: not a credential fact.
    Word.NOT_ROUTER: frozenset(
        {
            "wifi",
            "rede",
            "internet",
            "central",
            "assinante",
            "portal",
            "sistema",
            "cpf",
            "contrato",
            "erp",
            "sgp",
            "email",
            "mail",
        }
    ),
    # Changing / resetting / being charged: a procedure or fee question, not "give me the password".
    Word.CHANGE: frozenset(
        {
            "troca*",
            "trocar",
            "alter*",
            "mudar",
            "muda",
            "mudanca*",
            "esquec*",
            "esqueci*",
            "redefin*",
            "reset*",
            "upgrade",
            "downgrade",
            "migra*",
        }
    ),
    # "Can we give the password to the customer?" is policy, retrieval shows the policy text.
    Word.POLICY: frozenset(
        {"pode", "posso", "podemos", "informar", "passar", "fornecer", "repassar", "avis*"}
    ),
    # "Pode informar a senha padrão?": asking leave to disclose, the policy even without
    # "cliente" (unless the agent asks for it: "pode ME passar").
    Word.MAY: frozenset({"pode", "posso", "podemos", "devo", "devemos"}),
    Word.DISCLOSE: frozenset(
        {"informar", "passar", "fornecer", "repassar", "falar", "dizer", "dar", "divulgar"}
    ),
    Word.CUSTOMER: frozenset({"cliente", "clientes", "assinante"}),
    # Questions about how to proceed: never a single fact.
    Word.PROCEDURE: frozenset(
        {
            "procedimento*",
            "tratativa*",
            "proceder",
            "prosseguir",
            "cancel*",
            "comprovante*",
            "invertido",
            "inversao",
            "transferir",
            "transfere",
        }
    ),
    Word.HOW: frozenset({"como"}),
    Word.PORT: frozenset({"porta", "portas", "port"}),
    # The address a router is reached at; "ip fixo", "ipv6", the DNS are other things.
    Word.IP: frozenset({"ip", "ips", "gateway"}),
    Word.NOT_ACCESS_IP: frozenset(
        {"fixo", "fixos", "dedicado", "publico", "valido", "ipv6", "ipv4", "dns"}
    ),
    # Day thresholds.
    Word.BLOCK: frozenset({"bloqu*"}),
    Word.CUT: frozenset(
        {"corta", "cortar", "corte", "cortada", "cortado", "cortam", "cortou", "suspen*"}
    ),
    Word.REDUCE: frozenset({"reduz*", "reduc*"}),
    # "Com quantos dias fica lenta" after a late payment: the speed reduction (partial block).
    Word.SLOW: frozenset({"lent*", "devagar"}),
    Word.LATE: frozenset({"atras*", "vencid*", "inadimpl*", "devendo"}),
    Word.PARTIAL: frozenset({"parcial*"}),
    Word.TOTAL: frozenset({"total*"}),
    Word.RELEASE: frozenset({"libera*", "desbloque*", "desbloq*", "confianca"}),
    # How long something lasts ("dura quanto", "validade", "por quanto tempo").
    Word.DURATION: frozenset(
        {"dura", "duram", "durar", "duracao", "validade", "vigencia", "tempo"}
    ),
    Word.DAYS: frozenset(
        {"dia", "dias", "atraso*", "atrasad*", "quantos", "limite*", "maximo", "max", "vencid*"}
    ),
    Word.WHEN: frozenset({"quando"}),
    # Money: a fee or a price question.
    Word.CHARGE: frozenset(
        {
            "taxa*",
            # Not "cobr*": "cobre", "cobrem", "cobertura" are about coverage.
            "cobra",
            "cobram",
            "cobrar",
            "cobrad*",
            "cobranc*",
            "cobrou",
            "cobro",
            "custo*",
            "custa*",
            "valor",
            "valores",
            "preco*",
            "paga",
            "pago",
            "pagar",
            "pagam",
            "gratis",
            "gratuit*",
            "quanto",
        }
    ),
    # Plans.
    Word.PLAN: frozenset(
        {"plano", "planos", "pacote*", "mensalidade*", "contratar", "contratacao", "assinar"}
    ),
    Word.LIST: frozenset(
        {
            "quais",
            "lista*",
            "tabela*",
            "todos",
            "todas",
            "opcao",
            "opcoes",
            "disponive*",
            "vend*",
            "oferec*",
            "valores",
            "precos",
        }
    ),
    Word.CHEAP: frozenset({"barat*", "economic*"}),
    Word.FAST: frozenset({"rapid*", "veloz", "velozes"}),
    Word.EXPENSIVE: frozenset({"caro", "cara", "caros"}),
    Word.MORE: frozenset({"mais", "maior", "melhor"}),
    Word.LESS: frozenset({"menor", "menos"}),
    Word.SPEED: frozenset({"velocidade*"}),
    # Moving to another plan: a number right after these words is a plan speed ("subir pra 400").
    Word.UPGRADE: frozenset(
        {"aument*", "subir", "sobe", "upgrade", "downgrade", "diminu*", "baixar", "migra*"}
    ),
    # A speed in a question about a problem is a support question, not a price question.
    Word.PROBLEM: frozenset(
        {
            "lent*",
            "caindo",
            "cai",
            "oscila*",
            "problema*",
            "ruim",
            "chega",
            "passa",
            "teste*",
            "medir",
            "travando",
        }
    ),
    # Contacts.
    # "fixo" alone is not a phone ("ip fixo"): only next to "numero" ("numero fixo").
    Word.PHONE: frozenset({"telefone*", "ligar", "ligacao", "liga", "0800", "fone"}),
    Word.NUMBER: frozenset({"numero", "numeros"}),
    Word.NUMBER_CONTEXT: frozenset(
        {"contato", "empresa", "provedor", "loja", "suporte", "ligar", "atendimento", "fixo"}
    ),
    Word.WHATSAPP: frozenset({"whatsapp"}),
    Word.ADDRESS: frozenset({"endereco", "enderecos", "localizacao"}),
    # A place is asked for its address only with "onde"/"fica" ("onde fica a loja"), not in
    # "que horas a loja fecha" or "cliente pode ir na loja?".
    Word.PLACE: frozenset({"loja", "lojas", "sede", "escritorio"}),
    Word.WHERE: frozenset({"onde"}),
    Word.LOCATED: frozenset({"fica", "ficam", "localiza*"}),
    Word.SITE: frozenset({"site", "sites", "pagina", "website", "homepage"}),
    Word.EMAIL: frozenset({"email", "emails", "mail", "correio"}),
    Word.SYSTEM: frozenset({"sistema", "erp", *MANAGEMENT_SYSTEMS}),
    Word.PORTAL: frozenset({"portal", "assinante"}),
    Word.CENTRAL: frozenset({"central"}),
    Word.SPEEDTEST: frozenset({"speedtest"}),
    Word.MEASURE: frozenset({"teste*", "testar", "medir", "medicao", "mede", "medidor"}),
    Word.CONTACTS: frozenset({"contato", "contatos", "canais", "canal"}),
    Word.LINK: frozenset(
        {"link", "url", "site", "endereco", "acesso", "acessar", "acessa", "acessam", "login"}
        | {"entrar", "entra", "logar", "loga"}
    ),
    # Doing something through a channel ("enviar fatura pelo whatsapp") is a procedure.
    # Selling or offering a service: "vcs vendem telefone fixo?" asks for a product, not the
    # provider's phone number ("telefone de vendas" is a contact: "vendas" is not here), and so
    # does a phone "junto com a internet" or beside a TV.
    Word.OFFER: frozenset(
        {"vender", "vende", "vendem", "oferece", "oferecem", "oferecer", "voip", "combo", "pacote"}
        | {"tv", "televisao", "junto"}
    ),
    # The part of the company a contact belongs to: "telefone da ouvidoria" asks for that one,
    # and a sheet whose contacts name no ombudsman does not answer it.
    Word.DEPARTMENT: frozenset(
        {"ouvidoria", "financeiro", "financeira", "cobranca", "comercial", "vendas", "suporte"}
        | {"sac", "noc", "diretoria", "administrativo", "juridico", "retencao"}
    ),
    # Departments a general line does not stand for: only a contact named so answers them.
    Word.OFFICE: frozenset({"ouvidoria", "diretoria", "juridico", "noc", "administrativo"}),
    Word.CHANNEL_ACTION: frozenset(
        {
            "enviar",
            "envia",
            "envio",
            "mandar",
            "manda",
            "fatura",
            "registrar",
            "anexar",
            "ocorrencia",
            "abrir",
            "via",
        }
    ),
    # Hours.
    Word.HOURS: frozenset({"horario*", "expediente", "funcionamento"}),
    Word.ONCALL: frozenset({"plantao", "plantoes"}),
    # "Tem técnico no domingo?" asks for the on-call service, named or not.
    Word.TECHNICIAN: frozenset({"tecnico", "tecnicos", "tecnica", "visita*"}),
    Word.WEEKEND: frozenset({"sabado*", "domingo*", "feriado*", "fim", "final", "finais"}),
    # Words every hours label may carry: they do not pick one hours fact over another.
    Word.HOURS_GENERIC: frozenset(
        {
            "atendimento",
            "atender",
            "atende",
            "semana",
            "segunda",
            "sexta",
            "dia",
            "dias",
            "loja",
            "lojas",
            "escritorio",
            "sede",
            "comercial",
        }
    ),
    Word.OPENS: frozenset(
        {
            "funciona",
            "funcionam",
            "funcionando",
            "atendimento",
            "abre",
            "abrem",
            "fecha",
            "fecham",
            "atende",
            "atendem",
            "aberto",
            "aberta",
            "fechado",
            "fechada",
        }
    ),
    Word.TIME: frozenset(
        {"hora", "horas", "sabado*", "domingo*", "feriado*", "fim", "final", "noite", "cedo"}
    ),
    # Deadline.
    # "SLA" is the call-centre word for the support deadline.
    Word.DEADLINE: frozenset({"prazo*", "demora*", "sla"}),
    Word.TIME_AMOUNT: frozenset({"tempo"}),
    # "em quantas horas ..." with a verb of getting the job done is a deadline question.
    Word.HOW_MANY: frozenset({"quanto", "quantos", "quantas", "qts", "qtd"}),
    # Asking how much, not whether: "qual o valor da taxa?", "sai por quanto?".
    Word.AMOUNT: frozenset({"quanto", "valor", "valores", "custa*", "custo*", "preco*"}),
    Word.TIME_UNIT: frozenset({"hora", "horas", "dia", "dias", "minutos"}),
    Word.RESOLVE: frozenset(
        {"resolv*", "atend*", "vem", "vir", "chega*", "retorn*", "consert*", "arrum*", "visita*"}
    ),
    # The cases one value of a sheet is told apart by: the kind of customer, the place, the
    # fidelity ("Residencial: 24h / Corporativo: 6h", "Instalação c/ fidelidade: isenta").
    Word.CASE: frozenset(
        {"residencia*", "empresa*", "corporativ*", "comercia*", "rural", "urban*", "fidelidade"}
        | {"pessoa", "fisica", "juridica", "pf", "pj"}
    ),
}

assert set(VOCAB) == set(Word), "every word group has its words"
