"""The Portuguese words the rules read questions with: kind words, synonyms, filler.

Words only (folded, no accents), never a sheet's values. An entry ending in ``*`` is a prefix
("cobr*" covers cobra, cobrado, cobrança).
"""

from __future__ import annotations

# Every group the rules ask about. Why a word is here is said next to the group.
VOCAB: dict[str, frozenset[str]] = {
    # Credentials: the words for the password/login itself ...
    "password": frozenset({"senha*", "login", "logins", "logar", "usuario*", "credencia*"}),
    # ... "acesso" only counts next to an equipment word or a model ("acesso ao roteador").
    "access": frozenset({"acesso", "acessos", "acessar"}),
    "equipment": frozenset(
        {"roteador*", "equipamento*", "aparelho*", "padrao", "padroes", "modelo*", "marca"}
    ),
    # A password question about something that is not a router: not a credential fact.
    "not_router": frozenset(
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
    "change": frozenset(
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
    "policy": frozenset(
        {"pode", "posso", "podemos", "informar", "passar", "fornecer", "repassar", "avis*"}
    ),
    # "Pode informar a senha padrão?": asking leave to disclose, the policy even without
    # "cliente" (unless the agent asks for it: "pode ME passar").
    "may": frozenset({"pode", "posso", "podemos", "devo", "devemos"}),
    "disclose": frozenset(
        {"informar", "passar", "fornecer", "repassar", "falar", "dizer", "dar", "divulgar"}
    ),
    "customer": frozenset({"cliente", "clientes", "assinante"}),
    # Questions about how to proceed: never a single fact.
    "procedure": frozenset(
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
    "how": frozenset({"como"}),
    "port": frozenset({"porta", "portas", "port"}),
    # Day thresholds.
    "block": frozenset({"bloqu*"}),
    "cut": frozenset(
        {"corta", "cortar", "corte", "cortada", "cortado", "cortam", "cortou", "suspen*"}
    ),
    "reduce": frozenset({"reduz*", "reduc*"}),
    # "Com quantos dias fica lenta" after a late payment: the speed reduction (partial block).
    "slow": frozenset({"lent*", "devagar"}),
    "late": frozenset({"atras*", "vencid*", "inadimpl*", "devendo"}),
    "partial": frozenset({"parcial*"}),
    "total": frozenset({"total*"}),
    "release": frozenset({"libera*", "desbloque*", "desbloq*", "confianca"}),
    "days": frozenset(
        {"dia", "dias", "atraso*", "atrasad*", "quantos", "limite*", "maximo", "max", "vencid*"}
    ),
    "when": frozenset({"quando"}),
    # Money: a fee or a price question.
    "charge": frozenset(
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
    "plan": frozenset(
        {"plano", "planos", "pacote*", "mensalidade*", "contratar", "contratacao", "assinar"}
    ),
    "list": frozenset(
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
    "cheap": frozenset({"barat*", "economic*"}),
    "fast": frozenset({"rapid*", "veloz", "velozes"}),
    "expensive": frozenset({"caro", "cara", "caros"}),
    "more": frozenset({"mais", "maior", "melhor"}),
    "less": frozenset({"menor", "menos"}),
    "speed": frozenset({"velocidade*"}),
    # Moving to another plan: a number right after these words is a plan speed ("subir pra 400").
    "upgrade": frozenset(
        {"aument*", "subir", "sobe", "upgrade", "downgrade", "diminu*", "baixar", "migra*"}
    ),
    # A speed in a question about a problem is a support question, not a price question.
    "problem": frozenset(
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
    "phone": frozenset({"telefone*", "ligar", "ligacao", "liga"}),
    "number": frozenset({"numero", "numeros"}),
    "number_context": frozenset(
        {"contato", "empresa", "provedor", "loja", "suporte", "ligar", "atendimento", "fixo"}
    ),
    "whatsapp": frozenset({"whatsapp"}),
    "address": frozenset({"endereco", "enderecos", "localizacao"}),
    # A place is asked for its address only with "onde"/"fica" ("onde fica a loja"), not in
    # "que horas a loja fecha" or "cliente pode ir na loja?".
    "place": frozenset({"loja", "lojas", "sede", "escritorio"}),
    "where": frozenset({"onde"}),
    "located": frozenset({"fica", "ficam", "localiza*"}),
    "site": frozenset({"site", "sites", "pagina", "website", "homepage"}),
    "email": frozenset({"email", "emails", "mail", "correio"}),
    "system": frozenset({"sistema", "erp", "sgp"}),
    "portal": frozenset({"portal", "assinante"}),
    "central": frozenset({"central"}),
    "speedtest": frozenset({"speedtest"}),
    "measure": frozenset({"teste*", "testar", "medir", "medicao", "mede", "medidor"}),
    "contacts": frozenset({"contato", "contatos", "canais", "canal"}),
    "link": frozenset({"link", "url", "site", "endereco", "acesso", "acessar", "login", "entrar"}),
    # Doing something through a channel ("enviar fatura pelo whatsapp") is a procedure.
    "channel_action": frozenset(
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
    "hours": frozenset({"horario*", "expediente", "funcionamento"}),
    "oncall": frozenset({"plantao", "plantoes"}),
    # "Tem técnico no domingo?" asks for the on-call service, named or not.
    "technician": frozenset({"tecnico", "tecnicos", "tecnica", "visita*"}),
    "weekend": frozenset({"sabado*", "domingo*", "feriado*", "fim", "final", "finais"}),
    # Words every hours label may carry: they do not pick one hours fact over another.
    "hours_generic": frozenset(
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
    "opens": frozenset(
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
    "time": frozenset(
        {"hora", "horas", "sabado*", "domingo*", "feriado*", "fim", "final", "noite", "cedo"}
    ),
    # Deadline.
    # "SLA" is the call-centre word for the support deadline.
    "deadline": frozenset({"prazo*", "demora*", "sla"}),
    "time_amount": frozenset({"tempo"}),
    # "em quantas horas ..." with a verb of getting the job done is a deadline question.
    "how_many": frozenset({"quanto", "quantos", "quantas", "qts", "qtd"}),
    "time_unit": frozenset({"hora", "horas", "dia", "dias", "minutos"}),
    "resolve": frozenset(
        {"resolv*", "atend*", "vem", "vir", "chega*", "retorn*", "consert*", "arrum*", "visita*"}
    ),
}

# General Portuguese words agents use for what a sheet names with another word: the sheet's
# word (key) and the question words that mean it ("mudou de casa" is a "mudança de endereço",
# "mudar de cômodo" a "mudança de ponto", "o técnico foi" a "visita técnica").
SYNONYMS: dict[str, frozenset[str]] = {
    "endereco": frozenset(
        {
            "casa",
            "casas",
            "residencia*",
            "rua",
            "ruas",
            "bairro*",
            "cidade*",
            "imovel",
            "apartamento*",
        }
    ),
    "ponto": frozenset({"comodo*", "quarto*", "sala", "salas", "cozinha", "lugar", "parede"}),
    "mudanca": frozenset({"mover", "moveu", "movendo", "mexer", "reloca*", "troca*", "trocar"}),
    "transferencia": frozenset({"mud*", "mover", "moveu", "movendo"}),
    "visita": frozenset({"tecnico", "tecnicos"}),
    "suporte": frozenset({"tecnico", "tecnicos", "assistencia"}),
    "instalacao": frozenset({"instalar", "instala", "instalou"}),
    "religacao": frozenset({"religar", "religa", "reativa*", "reconect*"}),
}

# Words that say nothing about the subject: dropped before comparing a question with a fact.
FILLER = frozenset(
    {
        "qual",
        "quais",
        "quanto",
        "quantos",
        "quanta",
        "cliente",
        "clientes",
        "quer",
        "quero",
        "queria",
        "querendo",
        "saber",
        "sabe",
        "precisa",
        "preciso",
        "gostaria",
        "deseja",
        "pergunta",
        "perguntando",
        "tem",
        "possui",
        "existe",
        "ha",
        "sera",
        "seria",
        "vai",
        "fica",
        "sai",
        "informa",
        "informar",
        "passa",
        "passar",
        "me",
        "favor",
        "ai",
        "la",
        "sim",
        "ok",
        "empresa",
        "provedor",
        "internet",
        "caso",
        "outro",
        "outra",
        "outros",
        "outras",
        "novo",
        "nova",
        "agora",
        "hoje",
        "valor",
        "valores",
        "r",
        "reais",
        "real",
        # "plano via rádio": the technology is the subject, not "via".
        "via",
    }
)

# Real words one slip away from a vocabulary word: never read as that word.
NOT_TYPOS = frozenset(
    {
        "venha",
        "tenha",
        "lenha",
        "sonha",
        "senhor",
        "senhora",
        "cobre",
        "cobrem",
        "cobrir",
        "cobria",
        "quarto",
        "quartos",
    }
)
# Five-letter words important enough to tolerate a slip ("sanha", "sennha").
FUZZY_SHORT = frozenset({"senha"})
