/* "Consultas recentes": the last questions with their provider and a summary that never holds
   a secret ("senha de W5-1200G": ask again to see it), kept in localStorage; arrow keys move
   through them. */

import { $, el, button, fold, storageGet, storageSet, storageRemove } from "./lib.js";
import { providerTag, several } from "./providers.js";

const KEY_HISTORY = "sheetqa.history.v2";
// Earlier versions of the page stored answers' values (passwords among them) under this key.
const KEY_OLD_HISTORY = "sheetqa.history";
const HISTORY_MAX = 10;
const HISTORY_MERGE_MS = 30000;
const HIDDEN = "••••••";

export function forgetOldHistory() {
  storageRemove(KEY_OLD_HISTORY);
}

function secretsOf(body) {
  const found = new Set();
  for (const f of Array.isArray(body.facts) ? body.facts : []) {
    if (!f || !f.secret) continue;
    if (f.value) found.add(String(f.value));
    if (f.attrs && typeof f.attrs.password === "string" && f.attrs.password) {
      found.add(f.attrs.password);
    }
  }
  return Array.from(found).sort((a, b) => b.length - a.length);
}

function hide(text, secrets) {
  let out = String(text || "");
  for (const s of secrets) out = out.split(s).join(HIDDEN);
  return out;
}

/** What the history shows of an answer: never a secret value. */
export function summaryOf(body) {
  const facts = Array.isArray(body.facts) ? body.facts : [];
  const secret = facts.filter((f) => f && f.secret);
  if (secret.length || body.withheld) {
    const subjects = secret.map((f) => f.subject).filter(Boolean);
    if (!subjects.length) return "senha — pergunte de novo para ver";
    const shown = subjects.slice(0, 2).join(", ");
    return "senha de " + shown + (subjects.length > 2 ? " e mais " + (subjects.length - 2) : "");
  }
  if (body.status !== "answered") {
    const kind = body.gap && body.gap.kind;
    if (kind === "blank") return "Em branco na planilha";
    if (kind === "entity") return "Modelo ou velocidade fora da planilha";
    if (kind === "value") return "Sem o valor na planilha";
    return "Não está na planilha";
  }
  const text = String(body.value || body.answer || "").split("\n")[0].slice(0, 120);
  return hide(text, secretsOf(body));
}

export function loadHistory() {
  const items = storageGet(KEY_HISTORY, []);
  return Array.isArray(items) ? items.filter((h) => h && typeof h.q === "string") : [];
}

export function addHistory(question, provider, body, onPick) {
  let items = loadHistory();
  const now = Date.now();
  const q = hide(question, secretsOf(body));
  const entry = { q: q, provider: provider, summary: summaryOf(body), t: now };
  const top = items[0];
  // Questions answered while typing ("senh", "senha do w") merge into the finished one.
  if (top && top.provider === provider && now - (top.t || 0) < HISTORY_MERGE_MS &&
      (fold(q).startsWith(fold(top.q)) || fold(top.q).startsWith(fold(q)))) {
    items.shift();
  }
  items = items.filter((h) => !(fold(h.q) === fold(q) && h.provider === provider));
  items.unshift(entry);
  storageSet(KEY_HISTORY, items.slice(0, HISTORY_MAX));
  renderHistory(onPick);
}

export function clearHistory(onPick) {
  storageSet(KEY_HISTORY, []);
  renderHistory(onPick);
}

export function renderHistory(onPick) {
  const items = loadHistory();
  const list = $("history");
  list.textContent = "";
  for (const h of items) {
    const li = el("li");
    const entry = button("", "history-entry", () => onPick(h));
    entry.dataset.provider = h.provider || "";
    if (h.provider && several()) entry.appendChild(providerTag(h.provider, "h-provider"));
    entry.appendChild(el("span", "h-q", h.q));
    entry.appendChild(el("span", "h-a", h.summary || ""));
    li.appendChild(entry);
    list.appendChild(li);
  }
  $("history-empty").hidden = items.length > 0;
  $("history-clear").hidden = items.length === 0;
}

/** ArrowDown from the box enters the list; ArrowUp/ArrowDown move; ArrowUp from the first
    entry (or Escape) returns to the box. */
export function wireHistoryKeys(input) {
  const entries = () => Array.from($("history").querySelectorAll("button"));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && !event.altKey && entries().length) {
      event.preventDefault();
      entries()[0].focus();
    }
  });
  $("history").addEventListener("keydown", (event) => {
    const all = entries();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at < all.length - 1) all[at + 1].focus();
    else if (event.key === "ArrowUp") (at > 0 ? all[at - 1] : input).focus();
    else if (event.key === "Home") all[0].focus();
    else if (event.key === "End") all[all.length - 1].focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });
}
