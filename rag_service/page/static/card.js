/* The answer card: the provider on its head and beside the exact value, copy buttons (value,
   login, whole answer), the sheet's rows, the three kinds of "não está na planilha", and the
   stale state while a new answer loads or after a failure (dimmed, copies disabled). */

import { $, el, button, fold, linesLabel, publishedLabel, copyText } from "./lib.js";
import { providers, providerTag, announce, info } from "./providers.js";
import { feedbackBlock } from "./feedback.js";

const card = () => $("card");
// What the card offers to copy while it is live: {value, login, answer}.
let copies = {};

// Words that say nothing of a topic (Portuguese function words and call-centre filler).
const FILLER = new Set(("qual quais como onde quando quanto quanta quantos quantas que quem " +
  "para pra por pelo pela com sem sobre uma umas uns dos das nos nas num numa tem ter temos " +
  "pode podemos posso fazer faz feito cliente clientes quer queria saber informar favor " +
  "esta este essa esse isso aqui ali voce voces meu minha seu sua nosso nossa mais menos " +
  "muito muita ainda tambem entao sao ser sera foi vai precisa preciso").split(" "));

function stems(text) {
  return fold(text).split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !FILLER.has(w))
    .map((w) => w.slice(0, 5));
}

/** The passages that speak of the question's topic: every topic word of the question in them
    (by its first five letters), and some text under them (a blank question helps no one). */
export function sameTopic(question, passages) {
  const wanted = Array.from(new Set(stems(question)));
  if (!wanted.length) return [];
  return passages.filter((p) => {
    if (!String(p.text || "").trim()) return false;
    const have = new Set(stems([p.section, p.question, p.text].join(" ")));
    return wanted.every((w) => have.has(w));
  });
}

function withoutCaveats(answer, caveats) {
  const shown = new Set(caveats.map((c) => String(c).trim()));
  const lines = answer.split("\n").filter((line) => !shown.has(line.trim()));
  return lines.length ? lines.join("\n").trim() : answer;
}

function reset(stateName, body, provider) {
  const node = card();
  node.textContent = "";
  node.dataset.state = stateName;
  node.dataset.provider = provider;
  node.dataset.version = (body && body.index_version) || "";
  delete node.dataset.stale;
  node.removeAttribute("aria-busy");
  node.style.setProperty("--provider", info(provider).colour);
  node.hidden = false;
  copies = {};
  return node;
}

function head(node, body, provider, badgeText, badgeClass) {
  const top = el("div", "card-head");
  top.appendChild(providerTag(provider, "card-provider"));
  top.appendChild(el("span", "badge " + badgeClass, badgeText));
  node.appendChild(top);
  node.appendChild(el("p", "stale-note"));
  node.appendChild(el("p", "card-question", "Pergunta: " + (body.question || "")));
}

function caveatsBox(caveats, title) {
  if (!Array.isArray(caveats) || !caveats.length) return null;
  const box = el("div", "caveats");
  box.setAttribute("role", "note");
  box.appendChild(el("strong", "", title));
  const list = el("ul");
  for (const c of caveats) list.appendChild(el("li", "", c));
  box.appendChild(list);
  return box;
}

function copyButton(id, label, key, text) {
  const node = button(label, "copy-btn", async () => {
    if (card().dataset.stale) return;
    const ok = await copyText(text);
    node.textContent = ok ? "Copiado" : "Não copiou — selecione e copie";
    node.classList.toggle("done", ok);
    announce(ok ? "Copiado" : "Não copiou");
    window.setTimeout(() => {
      node.textContent = label;
      node.classList.remove("done");
    }, 2500);
  });
  node.id = id;
  node.title = label + " (" + key + ")";
  node.setAttribute("aria-keyshortcuts", key);
  return node;
}

function valueRow(label, value, provider, copyable) {
  const row = el("div", "value-row");
  const caption = el("span", "value-label");
  caption.id = "value-label";
  caption.append(label + " · ", providerTag(provider, "value-provider"));
  const field = el("output", "value", value);
  field.id = "value";
  field.setAttribute("aria-labelledby", "value-label");
  row.append(caption, field);
  if (copyable) {
    row.appendChild(copyButton("copy", "Copiar", "Alt+C", value));
    copies.value = value;
  }
  return row;
}

function withheldRow(provider) {
  const row = el("div", "value-row withheld");
  const caption = el("span", "value-label");
  caption.append("Senha · ", providerTag(provider, "value-provider"));
  const field = el("output", "value locked", "Tecle Enter para ver a senha");
  field.id = "value";
  row.append(caption, field);
  return row;
}

function loginRow(login) {
  const row = el("div", "login-row");
  row.append(el("span", "login-label", "Login:"), el("code", "login", login),
    copyButton("copy-login", "Copiar login", "Alt+L", login));
  copies.login = login;
  return row;
}

function markedRows(rows, facts) {
  // Per fact: the rows holding its subject and its value, else the rows holding its value.
  const marked = new Set();
  for (const f of facts || []) {
    const value = String(f.value || "");
    if (value.length < 2) continue;
    const subject = String(f.subject || "");
    const withValue = rows.map((r, i) => (r.includes(value) ? i : -1)).filter((i) => i >= 0);
    const both = withValue.filter((i) => subject && rows[i].includes(subject));
    for (const i of both.length ? both : withValue) marked.add(i);
  }
  return marked;
}

function sheetText(text, facts) {
  const box = el("div", "sheet-text");
  const rows = text.split("\n");
  const marked = markedRows(rows, facts);
  if (!marked.size) {
    box.textContent = text;
    return box;
  }
  rows.forEach((row, i) => {
    box.appendChild(marked.has(i) ? el("mark", "", row) : document.createTextNode(row));
    if (i < rows.length - 1) box.appendChild(document.createTextNode("\n"));
  });
  return box;
}

function passageBlock(p, facts) {
  const block = el("div", "passage");
  const title = el("div");
  title.appendChild(el("span", "passage-section", p.section || "Trecho da planilha"));
  if (p.lines) title.appendChild(el("span", "lines", " · " + linesLabel(p.lines, p.span)));
  block.appendChild(title);
  const text = [p.question, p.text].filter(Boolean).join("\n");
  if (text) block.appendChild(sheetText(text, facts));
  return block;
}

function metaLine(body) {
  const meta = [];
  if (body.source === "rule") meta.push("dado extraído da planilha");
  else if (body.source === "retrieval") {
    meta.push("trecho mais parecido da planilha");
    if (typeof body.confidence === "number") {
      meta.push("confiança " + Math.round(body.confidence * 100) + "%");
    }
  }
  const published = body.index_version && body.index_version === providers.version
    ? publishedLabel(providers.createdAt) : "";
  if (published) meta.push(published);
  const line = el("p", "source-meta", meta.join(" · "));
  line.dataset.version = body.index_version || "";
  return line;
}

function sourceBlock(body) {
  const box = el("section", "source");
  box.appendChild(el("h3", "", "Fonte na planilha"));
  const passages = Array.isArray(body.passages) ? body.passages : [];
  const facts = Array.isArray(body.facts) ? body.facts : [];
  if (facts.length) {
    // A rule answer: each sheet passage its facts came from, with the facts' lines.
    const groups = new Map();
    for (const f of facts) {
      const key = f.unit_id || f.id;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    for (const [unitId, group] of Array.from(groups).slice(0, 4)) {
      const first = Math.min(...group.map((f) => (f.lines ? f.lines[0] : Infinity)));
      const last = Math.max(...group.map((f) => (f.lines ? f.lines[1] : -Infinity)));
      const lines = isFinite(first) && isFinite(last) ? [first, last] : null;
      const span = group[0].span || "line";
      const passage = passages.find((p) => p.id === unitId);
      const text = group.map((f) => (f.subject ? f.subject + ": " : "") + f.value).join("\n");
      box.appendChild(passage
        ? passageBlock(Object.assign({}, passage, { lines: lines || passage.lines, span: span }),
          group)
        : passageBlock({ section: "Dados da planilha", lines: lines, span: span, text: text },
          group));
    }
  } else if (passages.length) {
    box.appendChild(passageBlock(passages[0]));
  } else {
    box.appendChild(el("p", "muted", "Sem trecho de origem."));
  }
  box.appendChild(metaLine(body));
  return box;
}

export function renderAnswer(body, provider) {
  const node = reset(body.withheld ? "withheld" : "answered", body, provider);
  head(node, body, provider, body.withheld ? "Prévia — tecle Enter" : "Resposta",
    body.withheld ? "held" : "ok");
  const caveats = caveatsBox(body.caveats, "Atenção");
  if (caveats) node.appendChild(caveats);
  // The warning box above already shows the caveats: the answer text need not repeat them.
  const answer = withoutCaveats(body.answer || "", body.caveats || []);
  const value = body.value === null || body.value === undefined ? "" : String(body.value);
  const facts = Array.isArray(body.facts) ? body.facts : [];
  const secret = facts.some((f) => f.secret);
  if (answer && answer.trim() !== value.trim()) node.appendChild(el("p", "answer", answer));
  if (body.withheld) {
    node.appendChild(withheldRow(provider));
    node.appendChild(el("p", "held-note",
      "A prévia nunca mostra senhas: tecle Enter para perguntar e ver a senha."));
  } else if (value) {
    // A viewer's masked password is not a value to copy.
    const copyable = !(body.redacted && secret);
    node.appendChild(valueRow(secret ? "Senha exata" : "Valor exato", value, provider, copyable));
  }
  const login = facts.length === 1 && facts[0].attrs ? facts[0].attrs.login : null;
  if (typeof login === "string" && login.trim()) node.appendChild(loginRow(login));
  if (answer && !value && !body.withheld) {
    const row = el("div", "answer-actions");
    row.appendChild(copyButton("copy-answer", "Copiar resposta", "Alt+R", answer));
    copies.answer = answer;
    node.appendChild(row);
  }
  if (body.redacted) {
    node.appendChild(el("p", "muted", "Senhas ocultas: sua chave de acesso não permite vê-las."));
  }
  if (!answer && !value) node.appendChild(el("p", "answer", "Resposta sem texto."));
  node.appendChild(sourceBlock(body));
  node.appendChild(feedbackBlock(body, provider));
}

/** The question with the words that named a missing model or speed replaced by ``choice``. */
export function reaskQuestion(question, mention, choice) {
  const at = mention ? question.toLowerCase().indexOf(String(mention).toLowerCase()) : -1;
  if (at >= 0) return (question.slice(0, at) + choice + question.slice(at + mention.length)).trim();
  const number = /\S*\d\S*(\s+(mega|megas|mb|mbps|giga|gigas|gb|m|g)\b)?/i;
  if (number.test(question)) return question.replace(number, choice);
  return question + " " + choice;
}

function gapBlock(body, provider, reask) {
  const gap = body.gap || { kind: "absent" };
  const name = info(provider).name;
  const box = el("section", "gap gap-" + gap.kind);
  if (gap.kind === "blank") {
    box.appendChild(el("p", "gap-title",
      "A planilha de " + name + " tem esta pergunta, mas a resposta está em branco."));
    box.appendChild(passageBlock({ section: "Pergunta sem resposta na planilha",
      question: gap.question, text: "(em branco)", lines: gap.lines, span: gap.span }));
    box.appendChild(el("p", "next-step", "Próximo passo: confirme com o supervisor e avise " +
      "com “Não resolveu → incompleto” para a planilha ser completada."));
  } else if (gap.kind === "value") {
    box.appendChild(el("p", "gap-title",
      "A planilha de " + name + " fala disso, mas não dá o valor perguntado."));
    box.appendChild(passageBlock({ section: "O que a planilha diz",
      question: null, text: gap.question || "", lines: gap.lines, span: gap.span }));
    box.appendChild(el("p", "next-step", "Próximo passo: não informe um valor; confirme com o " +
      "supervisor e avise com “Não resolveu → incompleto” para a planilha ser completada."));
  } else if (gap.kind === "entity") {
    box.appendChild(el("p", "gap-title",
      "Esse modelo ou velocidade não está na planilha de " + name + "."));
    const suggestions = Array.isArray(body.suggestions) ? body.suggestions : [];
    if (suggestions.length) {
      box.appendChild(el("p", "next-step", "A planilha tem estes — escolha para perguntar:"));
      const list = el("div", "suggestions");
      for (const s of suggestions.slice(0, 24)) {
        const again = reaskQuestion(body.question || "", gap.mention, s);
        const b = button(s, "suggestion secondary", () => reask(again));
        b.title = "Perguntar: " + again;
        list.appendChild(b);
      }
      box.appendChild(list);
    } else {
      box.appendChild(el("p", "next-step",
        "Próximo passo: confirme com o cliente o modelo ou a velocidade (veja a lista acima)."));
    }
  } else {
    box.appendChild(el("p", "gap-title", "A planilha de " + name + " não tem nada sobre isso."));
    box.appendChild(el("p", "next-step", "Próximo passo: confira se o cliente é mesmo de " +
      name + " (Alt+P troca o provedor) ou pergunte com outras palavras."));
  }
  return box;
}

export function renderNotFound(body, provider, reask) {
  const node = reset("not_found", body, provider);
  node.dataset.gap = (body.gap && body.gap.kind) || "absent";
  head(node, body, provider, "Não está na planilha", "nf");
  node.appendChild(el("p", "nf-title", "Não está na planilha"));
  const caveats = caveatsBox(body.caveats, "Observação");
  if (caveats) node.appendChild(caveats);
  node.appendChild(gapBlock(body, provider, reask));
  const kind = node.dataset.gap;
  const passages = Array.isArray(body.passages) ? body.passages : [];
  const blankLines = body.gap && body.gap.lines ? String(body.gap.lines) : "";
  const related = kind === "entity" ? []
    : sameTopic(body.question || "", passages).filter((p) => String(p.lines) !== blankLines);
  if (related.length) {
    const maybe = el("section", "maybe");
    maybe.appendChild(el("h3", "", "Talvez ajude (mesmo assunto)"));
    for (const p of related.slice(0, 3)) maybe.appendChild(passageBlock(p));
    node.appendChild(maybe);
  }
  node.appendChild(feedbackBlock(body, provider));
}

/** The card no longer answers what is asked: dimmed, copies off, saying why. */
export function markStale(why) {
  const node = card();
  if (node.hidden || !node.dataset.state) return;
  node.dataset.stale = "true";
  node.setAttribute("aria-busy", "true");
  const note = node.querySelector(".stale-note");
  if (note) note.textContent = why;
  for (const b of node.querySelectorAll(".copy-btn, .suggestion")) b.disabled = true;
}

export function markLive() {
  const node = card();
  if (!node.dataset.stale) return;
  delete node.dataset.stale;
  node.removeAttribute("aria-busy");
  const note = node.querySelector(".stale-note");
  if (note) note.textContent = "";
  for (const b of node.querySelectorAll(".copy-btn, .suggestion")) b.disabled = false;
}

export function hideCard() {
  const node = card();
  node.hidden = true;
  node.textContent = "";
  node.dataset.state = "";
  delete node.dataset.stale;
  copies = {};
}

/** Copies the live card's value, login or answer (a keyboard shortcut); false when none. */
export function copyFromCard(what) {
  const node = card();
  if (node.hidden || node.dataset.stale || !copies[what]) return false;
  const ids = { value: "copy", login: "copy-login", answer: "copy-answer" };
  const target = $(ids[what]);
  if (target) target.click();
  return Boolean(target);
}
