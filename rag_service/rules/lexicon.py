"""General Portuguese words the rules compare questions with: synonyms, filler, typos.

Words only, never a sheet's values.
"""

from __future__ import annotations

# General Portuguese words agents use for what a sheet names with another word: the sheet's
# word (key) and the question words that mean it ("mudou de casa" is a "mudança de endereço",
# "mudar de cômodo" a "mudança de ponto", "o técnico foi" a "visita técnica").
SYNONYMS: dict[str, frozenset[str]] = {
    "endereco": frozenset(
        {
            "casa",
            "casas",
            "residencia",
            "residencias",
            "rua",
            "ruas",
            "bairro*",
            "cidade*",
            "imovel",
            "apartamento*",
        }
    ),
    "ponto": frozenset({"comodo*", "quarto*", "sala", "salas", "cozinha", "lugar", "parede"}),
    "mudanca": frozenset(
        {"mover", "moveu", "movendo", "mexer", "reloca*", "troca*", "trocar", "transferencia"}
    ),
    "transferencia": frozenset({"mud*", "mover", "moveu", "movendo"}),
    "visita": frozenset({"tecnico", "tecnicos"}),
    "suporte": frozenset({"tecnico", "tecnicos", "assistencia"}),
    "instalacao": frozenset({"instalar", "instala", "instalou"}),
    "religacao": frozenset({"religar", "religa", "reativa*", "reconect*", "reconex*"}),
    "reativacao": frozenset({"religa*", "reconect*", "reconex*"}),
    "reconexao": frozenset({"religa*", "reativa*"}),
    # "ponto adicional", "novo ponto", "ponto extra": one more outlet.
    "adicional": frozenset({"novo", "nova", "extra", "extras", "mais"}),
    "novo": frozenset({"adicional", "adicionais", "extra", "extras"}),
    "extra": frozenset({"adicional", "adicionais", "novo", "nova"}),
    # The kinds of customer a value is for: "cliente empresa" is the corporate case.
    "corporativo": frozenset({"empresa*", "empresarial*", "comercia*", "pj", "juridica"}),
    "empresarial": frozenset({"empresa*", "corporativ*", "comercia*", "pj", "juridica"}),
    "residencial": frozenset({"casa", "residencia*", "domestic*", "pf", "fisica"}),
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
        "residencial",
        "residenciais",
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

# Router and ONU brands: ``ingest.analysis.ROUTER_BRANDS`` (ingest reads them too).
