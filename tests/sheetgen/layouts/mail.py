"""A sheet answered by e-mail: the call centre's questions quoted, the owner's answers under them.

    De: Rita Menezes <rita@brisanet.com.br>
    Enviado em: terça-feira, 4 de março de 2025 10:12
    Para: Coordenação Atendimento <coordenacao@central.com.br>
    Assunto: RE: Planilha operacional - Brisanet

    Bom dia, segue respondido abaixo.

    > Qual o valor da taxa de instalação?
    R$ 120,00
    ...
    Att,
    Rita Menezes
    Diretora comercial
    Cel: (85) 99123-4567

The quote marks go on the template's lines (``Style.envelope``, written by ``question`` and
``heading``); this module writes what surrounds them: the headers, a greeting, the owner's
signature with a phone that is no contact of the sheet, a disclaimer and the quoted request.
"""

from __future__ import annotations

import random

from .. import values

ENVELOPES = ("none", "mail")
_OWNERS = ("Rita Menezes", "Carlos Albuquerque", "Juliana Paes Leme", "Edson Rocha", "Marta Lins")
_ROLES = ("Diretora comercial", "Sócio-proprietário", "Gerente administrativo", "Financeiro")
_GREETINGS = (
    "Bom dia, segue respondido abaixo.",
    "Boa tarde! Respondi embaixo de cada pergunta.",
    "Oi, tudo bem? Segue as respostas no meio do texto.",
)
_CLOSINGS = ("Att,", "Atenciosamente,", "Abraços,")
_DISCLAIMER = (
    "AVISO LEGAL: Esta mensagem pode conter informação confidencial. Se você não for o "
    "destinatário, apague-a e avise o remetente pelo telefone {phone}."
)


def quote(line: str) -> str:
    """A line of the request as the reply quotes it."""
    return f"> {line}" if line else ">"


def mail_thread(text: str, rng: random.Random, *, name: str, ddd: str) -> tuple[str, str]:
    """The sheet's text as the owner's reply, and the signature's phone (no contact)."""
    owner = rng.choice(_OWNERS)
    login = values.fold(owner.split()[0])
    host = f"{values.slug(name)}.com.br"
    phone = values.phone(rng, ddd, mobile=True)
    head = [
        f"De: {owner} <{login}@{host}>",
        f"Enviado em: terça-feira, {rng.randint(2, 27)} de março de 2025 {rng.randint(8, 17)}:12",
        "Para: Coordenação Atendimento <coordenacao@centralatende.com.br>",
        f"Assunto: RE: Planilha operacional - {name}",
        "",
        rng.choice(_GREETINGS),
        "",
    ]
    tail = [
        "",
        rng.choice(_CLOSINGS),
        owner,
        rng.choice(_ROLES),
        f"Cel: {phone}",
        "",
        _DISCLAIMER.format(phone=phone),
        "",
        "Em seg., 3 de mar. de 2025 às 09:40, Coordenação Atendimento "
        "<coordenacao@centralatende.com.br> escreveu:",
        quote("Bom dia, segue a planilha para preencher, pode responder embaixo de cada item."),
    ]
    return "\n".join([*head, text.rstrip("\n"), *tail]) + "\n", phone
