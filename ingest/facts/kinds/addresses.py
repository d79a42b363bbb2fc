"""The address a router is reached at: an IPv4 address said about access ("o endereço padrão
de todos os roteadores é 192.168.18.1", "IP de acesso: 10.0.0.1", "os TP-Link é 192.168.0.1").

Not an address inside a link (a system's URL is a contact), nor a DNS server's. A table that
gives an address per router ("IP de acesso" beside the password) puts it on that router's
credential (``ingest.facts.kinds.credentials``).
"""

from __future__ import annotations

import re

from ingest.analysis import clean, fold
from ingest.facts.kind import FactKind, FactSink, UnitContext
from ingest.parsing.labels import LEADING_LABEL
from ingest.parsing.lines import short_label

_IPV4 = re.compile(r"(?<![\d.:/\w])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d|:\d|/\w)")
# Words that put an address in the context of reaching a router.
_ACCESS = ("acess", "roteador", "ip", "gateway", "onu", "ont", "equipamento", "painel", "local")
_NOT_ACCESS = ("dns",)
_SENTENCE_END = re.compile(r"[.;!?](?=\s)")


def address_in(text: str) -> str | None:
    """The IPv4 address a cell or a line gives, when it gives one (not inside a link)."""
    found = _IPV4.search(text)
    if found is None or not all(int(part) <= 255 for part in found.group(0).split(".")):
        return None
    return found.group(0)


def extract(out: FactSink, ctx: UnitContext) -> None:
    unit = ctx.unit
    if unit.kind == "table":
        return  # a table's addresses are its routers' (their credentials)
    around = fold(f"{unit.question or ''} {unit.section}")
    for text, span in zip(ctx.texts, ctx.spans, strict=True):
        folded = fold(text)
        if any(w in folded or w in around for w in _NOT_ACCESS):
            continue
        if not any(w in folded or w in around for w in _ACCESS):
            continue
        every = list(_IPV4.finditer(text))
        for k, found in enumerate(every):
            ip = found.group(0)
            if address_in(ip) is None:
                continue
            labelled = LEADING_LABEL.match(text)
            if len(every) > 1:
                # "A maioria acessa pelo 192.168.1.1, os TP-Link é 192.168.0.1": each address
                # with the words before it.
                begin = every[k - 1].end() if k else 0
                before = _SENTENCE_END.split(text[begin : found.start()])[-1]
                subject = before.strip(" ,;:.-–—")
            elif labelled is not None and labelled.end("label") <= found.start():
                subject = labelled["label"]
            else:
                # "R: 8085. Na rede local dos Huawei HG8145V5 usar o IP 192.168.100.1": the
                # sentence before it says which routers it is for.
                said = _SENTENCE_END.split(text[: found.start()])[-1].strip(" ,;:-–—")
                subject = said or short_label(unit.question or "") or clean(text)
            out.add(unit, "access_ip", subject.strip("`* "), ip, span, {"ip": ip})


KIND = FactKind(name="access_ip", label="ip", extract=extract)
