/* Agents' search page. Service text only ever reaches the page through textContent (no HTML). */
"use strict";

(function () {
  const DEBOUNCE_MS = 600;
  const MIN_CHARS = 3;
  const HISTORY_MAX = 10;
  const HISTORY_MERGE_MS = 30000;
  const KEY_PROVIDER = "sheetqa.provider";
  const KEY_HISTORY = "sheetqa.history";
  const KEY_API = "sheetqa.apikey"; // sessionStorage: the key lives as long as the tab
  const MSG_FORBIDDEN = "Sua chave de acesso não tem permissão para isso. Fale com o supervisor.";
  const MSG_NO_INDEX = "Nenhuma planilha carregada — rode a ingestão";
  const MSG_OFFLINE = "Serviço fora do ar";

  const $ = (id) => document.getElementById(id);
  const input = $("q");
  const form = $("ask-form");
  const card = $("card");
  const loading = $("loading");
  const select = $("provider");
  const providerOnly = $("provider-only");

  const state = {
    providers: [], // [{id, name}]
    providersLoaded: false,
    seq: 0,
    controller: null,
    timer: null,
    shown: null, // {question, provider} of the card on screen
    apiKey: "", // fallback when sessionStorage is blocked
  };

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  }

  // Where a passage is in the sheet: lines of a text sheet, paragraphs (and table rows) of a
  // DOCX sheet ("span", ingest.records).
  function linesLabel(lines, span) {
    if (!Array.isArray(lines) || lines.length < 2) return "";
    const a = lines[0];
    const b = lines[1];
    if (span === "paragraph") return a === b ? "parágrafo " + a : "parágrafos " + a + "–" + b;
    return a === b ? "linha " + a : "linhas " + a + "–" + b;
  }

  function storageGet(key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* private mode or full storage: the page works without it */
    }
  }

  function apiKey() {
    try {
      return window.sessionStorage.getItem(KEY_API) || "";
    } catch (e) {
      return state.apiKey || "";
    }
  }

  function setApiKey(key) {
    state.apiKey = key;
    try {
      if (key) window.sessionStorage.setItem(KEY_API, key);
      else window.sessionStorage.removeItem(KEY_API);
    } catch (e) {
      /* storage blocked: the key stays in memory for this page */
    }
  }

  async function request(path, options) {
    // Resolves to {ok, status, body, headers}; rejects only on network failure or abort.
    // The key goes in the X-API-Key header, never in the URL; a 401 asks the agent for it.
    const opts = Object.assign({}, options || {});
    const headers = Object.assign({}, opts.headers || {});
    const key = apiKey();
    if (key) headers["X-API-Key"] = key;
    opts.headers = headers;
    const response = await fetch(path, opts);
    if (response.status === 401) showKeyPrompt(Boolean(key));
    let body = null;
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = { detail: text.slice(0, 300) };
    }
    return { ok: response.ok, status: response.status, body: body, headers: response.headers };
  }

  // ---- error messages in plain Portuguese ----------------------------------------------------

  function detailText(body) {
    if (!body || body.detail === undefined || body.detail === null) return "";
    const d = body.detail;
    if (typeof d === "string") return d;
    if (Array.isArray(d) && d.length) {
      return d.map((item) => (item && item.msg) || "").filter(Boolean).join("; ");
    }
    return "";
  }

  function validationMessage(body) {
    const d = body && body.detail;
    const items = Array.isArray(d) ? d : [{ msg: typeof d === "string" ? d : "", loc: [] }];
    for (const item of items) {
      const loc = (item && item.loc ? item.loc : []).join(".");
      const type = (item && item.type) || "";
      const msg = ((item && item.msg) || "").toLowerCase();
      if (/too_long|1000|too long|longa/.test(type + " " + msg)) {
        return "Pergunta longa demais (máximo 1000 caracteres)";
      }
      if (/provider|provedor/.test(loc + " " + msg)) return "Escolha o provedor antes de perguntar";
      if (/top_k/.test(loc + " " + msg)) return "Número de resultados inválido";
      if (/question|pergunta/.test(loc) || /empty|blank|vazi|too_short|missing/.test(type + msg)) {
        return "Pergunta vazia";
      }
    }
    return "Consulta inválida";
  }

  function withoutCaveats(answer, caveats) {
    const shown = new Set(caveats.map((c) => String(c).trim()));
    const lines = answer.split("\n").filter((line) => !shown.has(line.trim()));
    return lines.length ? lines.join("\n").trim() : answer;
  }

  function errorMessage(result) {
    const status = result.status;
    const body = result.body;
    if (status === 503 && /^busy/.test(detailText(body))) {
      return { title: "Serviço ocupado, tente de novo em instantes", detail: "" };
    }
    if (status === 503) return { title: MSG_NO_INDEX, detail: "" };
    if (status === 504) {
      return { title: "A consulta demorou demais; tente de novo", detail: "" };
    }
    if (status === 401) return { title: "Informe a chave de acesso para consultar", detail: "" };
    if (status === 403) return { title: MSG_FORBIDDEN, detail: "" };
    if (status === 429) {
      let wait = parseInt(result.headers.get("Retry-After") || "", 10);
      if (isNaN(wait)) {
        const m = /(\d+)/.exec(detailText(body));
        wait = m ? parseInt(m[1], 10) : NaN;
      }
      const n = isNaN(wait) ? "alguns" : String(wait);
      return { title: "Muitas consultas, aguarde " + n + " s", detail: "" };
    }
    if (status === 413) return { title: "Pergunta grande demais", detail: "" };
    if (status === 404) {
      return { title: "Provedor não encontrado no índice carregado", detail: detailText(body) };
    }
    if (status === 422 || status === 400) {
      return { title: validationMessage(body), detail: "" };
    }
    if (status >= 400 && status < 500) {
      return { title: "Consulta recusada pelo serviço (código " + status + ")",
        detail: detailText(body) };
    }
    return { title: "Erro no serviço (código " + status + "). Tente de novo em instantes.",
      detail: "" };
  }

  // ---- access key -----------------------------------------------------------------------------

  function showKeyPrompt(rejected) {
    if (rejected) setApiKey("");
    const keyForm = $("key-form");
    keyForm.hidden = false;
    $("key-msg").textContent = rejected
      ? "Chave recusada pelo serviço. Confira e digite de novo."
      : "Este serviço exige uma chave de acesso.";
    const field = $("api-key");
    field.value = "";
    field.focus();
  }

  function submitKey(event) {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) {
      $("key-msg").textContent = "Digite a chave de acesso.";
      $("api-key").focus();
      return;
    }
    setApiKey(key);
    $("api-key").value = "";
    $("key-form").hidden = true;
    card.hidden = true;
    state.shown = null;
    loadProviders().then(() => {
      renderHistory();
      if (input.value.trim()) ask(input.value, true);
      input.focus();
    });
  }

  // ---- providers ------------------------------------------------------------------------------

  function normaliseProviders(body) {
    let list = body;
    if (body && !Array.isArray(body) && Array.isArray(body.providers)) list = body.providers;
    if (list && !Array.isArray(list) && typeof list === "object") {
      list = Object.keys(list).map((id) => ({ id: id, name: list[id] }));
    }
    if (!Array.isArray(list)) return [];
    return list
      .map((p) => (typeof p === "string" ? { id: p, name: p } : p))
      .filter((p) => p && p.id)
      .map((p) => ({ id: String(p.id), name: String(p.name || p.display_name || p.id) }));
  }

  function providerName(id) {
    const found = state.providers.find((p) => p.id === id);
    if (found) return found.name;
    if (id) return id;
    return state.providers.length === 1 ? state.providers[0].name : "";
  }

  function currentProvider() {
    if (state.providers.length === 1) return state.providers[0].id;
    if (state.providers.length > 1) return select.value || null;
    return null;
  }

  function renderProviders() {
    const several = state.providers.length > 1;
    select.hidden = !several;
    $("provider-label").hidden = !several;
    providerOnly.textContent = state.providers.length === 1 ? state.providers[0].name : "";
    if (!several) return;
    const remembered = storageGet(KEY_PROVIDER, "");
    select.textContent = "";
    const placeholder = el("option", "", "— escolha o provedor —");
    placeholder.value = "";
    select.appendChild(placeholder);
    for (const p of state.providers) {
      const option = el("option", "", p.name);
      option.value = p.id;
      select.appendChild(option);
    }
    if (state.providers.some((p) => p.id === remembered)) select.value = remembered;
  }

  async function loadProviders() {
    try {
      const result = await request("/providers", { headers: { Accept: "application/json" } });
      if (result.ok) {
        state.providers = normaliseProviders(result.body);
        state.providersLoaded = true;
        renderProviders();
      } else if (result.status === 503 && !state.shown) {
        showError({ title: MSG_NO_INDEX, detail: "" });
      }
    } catch (e) {
      if (!state.shown) showError({ title: MSG_OFFLINE, detail: "" });
    }
  }

  // ---- asking ---------------------------------------------------------------------------------

  async function ask(question, explicit) {
    question = question.trim();
    if (!question) {
      showError({ title: "Pergunta vazia", detail: "" });
      return;
    }
    const provider = currentProvider();
    if (state.providers.length > 1 && !provider) {
      showError({ title: "Escolha o provedor antes de perguntar", detail: "" });
      select.focus();
      return;
    }
    if (!explicit && state.shown && state.shown.question === question &&
        state.shown.provider === provider) {
      return; // the card already answers exactly this
    }
    if (!state.providersLoaded) loadProviders();
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    const mySeq = ++state.seq;
    loading.hidden = false;
    let result;
    try {
      result = await request("/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question: question, provider: provider, top_k: 3 }),
        signal: controller.signal,
      });
    } catch (e) {
      if (mySeq !== state.seq) return; // superseded by a newer question
      loading.hidden = true;
      showError({ title: MSG_OFFLINE, detail: "" });
      return;
    }
    if (mySeq !== state.seq) return;
    loading.hidden = true;
    state.controller = null;
    if (!result.ok || !result.body || typeof result.body !== "object") {
      showError(result.ok ? { title: "Resposta inválida do serviço", detail: "" }
        : errorMessage(result));
      return;
    }
    const body = result.body;
    state.shown = { question: question, provider: provider };
    if (body.status === "answered") renderAnswered(body, provider);
    else renderNotFound(body, provider);
    addHistory(question, provider, body);
  }

  function scheduleAsk() {
    clearTimeout(state.timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) return;
    state.timer = setTimeout(() => ask(q, false), DEBOUNCE_MS);
  }

  // ---- the card -------------------------------------------------------------------------------

  function resetCard(stateName) {
    card.textContent = "";
    card.removeAttribute("role");
    card.dataset.state = stateName;
    card.hidden = false;
  }

  function cardHead(body, provider, badgeText, badgeClass) {
    const head = el("div", "card-head");
    const name = providerName(body.provider || provider);
    if (name) head.appendChild(el("span", "card-provider", name));
    head.appendChild(el("span", "badge " + badgeClass, badgeText));
    if (body.index_version) head.appendChild(el("span", "", "índice " + body.index_version));
    card.appendChild(head);
    card.appendChild(el("p", "card-question", "Pergunta: " + (body.question || "")));
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

  function valueRow(value) {
    const row = el("div", "value-row");
    const label = el("span", "value-label", "Valor exato");
    label.id = "value-label";
    const field = el("output", "value", value);
    field.id = "value";
    field.setAttribute("aria-labelledby", "value-label");
    const button = el("button", "copy-btn", "Copiar");
    button.type = "button";
    button.id = "copy";
    button.addEventListener("click", () => copyValue(value, button));
    row.append(label, field, button);
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
    // The sheet's text; the rows of the answer's facts are marked so the agent can check the
    // exact row in a long table.
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

  function passageBlock(p, withLines, facts) {
    const block = el("div", "passage");
    const title = el("div");
    title.appendChild(el("span", "passage-section", p.section || "Trecho da planilha"));
    if (withLines && p.lines) {
      title.appendChild(el("span", "lines", " · " + linesLabel(p.lines, p.span)));
    }
    block.appendChild(title);
    const text = [p.question, p.text].filter(Boolean).join("\n");
    if (text) block.appendChild(sheetText(text, facts));
    return block;
  }

  function sourceBlock(body) {
    const box = el("section", "source");
    box.appendChild(el("h3", "", "Fonte na planilha"));
    const passages = Array.isArray(body.passages) ? body.passages : [];
    const facts = Array.isArray(body.facts) ? body.facts : [];
    if (facts.length) {
      // A rule answer: show each sheet passage its facts came from, with the facts' lines.
      const groups = new Map();
      for (const f of facts) {
        const key = f.unit_id || f.id;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(f);
      }
      let shown = 0;
      for (const [unitId, group] of groups) {
        if (shown++ >= 4) break;
        const first = Math.min(...group.map((f) => (f.lines ? f.lines[0] : Infinity)));
        const last = Math.max(...group.map((f) => (f.lines ? f.lines[1] : -Infinity)));
        const lines = isFinite(first) && isFinite(last) ? [first, last] : null;
        const span = group[0].span || "line";
        const passage = passages.find((p) => p.id === unitId);
        if (passage) {
          const shown = lines ? { lines: lines, span: span } : {};
          box.appendChild(passageBlock(Object.assign({}, passage, shown), true, group));
        } else {
          const block = el("div", "passage");
          const title = el("div");
          title.appendChild(el("span", "passage-section", "Dados da planilha"));
          if (lines) title.appendChild(el("span", "lines", " · " + linesLabel(lines, span)));
          block.appendChild(title);
          const text = group.map((f) => (f.subject ? f.subject + ": " : "") + f.value).join("\n");
          block.appendChild(el("div", "sheet-text", text));
          box.appendChild(block);
        }
      }
    } else if (passages.length) {
      box.appendChild(passageBlock(passages[0], true));
    } else {
      box.appendChild(el("p", "muted", "Sem trecho de origem."));
    }
    const meta = [];
    meta.push(body.source === "rule" ? "regra" + (body.rule ? " (" + body.rule + ")" : "")
      : "busca na planilha");
    if (typeof body.confidence === "number") {
      meta.push("confiança " + Math.round(body.confidence * 100) + "%");
    }
    if (body.index_version) meta.push("versão do índice " + body.index_version);
    box.appendChild(el("p", "source-meta", meta.join(" · ")));
    return box;
  }

  function renderAnswered(body, provider) {
    resetCard("answered");
    cardHead(body, provider, "Resposta", "ok");
    const caveats = caveatsBox(body.caveats, "Atenção");
    if (caveats) card.appendChild(caveats);
    // The warning box above already shows the caveats: the answer text need not repeat them.
    const answer = withoutCaveats(body.answer || "", body.caveats || []);
    const value = body.value === null || body.value === undefined ? "" : String(body.value);
    if (answer && answer.trim() !== value.trim()) card.appendChild(el("p", "answer", answer));
    if (value) card.appendChild(valueRow(value));
    if (body.redacted) {
      card.appendChild(el("p", "muted", "Senhas ocultas: sua chave de acesso não permite vê-las."));
    }
    if (!answer && !value) card.appendChild(el("p", "answer", "Resposta sem texto."));
    card.appendChild(sourceBlock(body));
    card.appendChild(feedbackBlock(body, provider));
  }

  function renderNotFound(body, provider) {
    resetCard("not_found");
    cardHead(body, provider, "Não está na planilha", "nf");
    card.appendChild(el("p", "nf-title", "Não está na planilha"));
    const caveats = caveatsBox(body.caveats, "Observação");
    if (caveats) card.appendChild(caveats);
    const maybe = el("section", "maybe");
    maybe.appendChild(el("h3", "", "Talvez ajude"));
    const passages = Array.isArray(body.passages) ? body.passages.slice(0, 3) : [];
    if (passages.length) {
      for (const p of passages) maybe.appendChild(passageBlock(p, true));
    } else {
      maybe.appendChild(el("p", "muted", "Nenhum trecho parecido na planilha."));
    }
    card.appendChild(maybe);
    card.appendChild(feedbackBlock(body, provider));
  }

  function showError(message) {
    state.shown = null;
    loading.hidden = true;
    resetCard("error");
    card.setAttribute("role", "alert");
    card.appendChild(el("p", "err-title", message.title));
    if (message.detail) card.appendChild(el("p", "", message.detail));
  }

  function clearAll() {
    clearTimeout(state.timer);
    if (state.controller) state.controller.abort();
    state.seq++;
    state.shown = null;
    input.value = "";
    card.hidden = true;
    card.textContent = "";
    card.removeAttribute("role");
    loading.hidden = true;
    input.focus();
  }

  // ---- copy -----------------------------------------------------------------------------------

  function copyFallback(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  async function copyValue(value, button) {
    let ok = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(value);
        ok = true;
      } catch (e) {
        ok = false;
      }
    }
    if (!ok) ok = copyFallback(value);
    if (ok) window.__lastCopied = value;
    button.textContent = ok ? "Copiado" : "Não copiou — selecione e copie";
    button.classList.toggle("done", ok);
    setTimeout(() => {
      button.textContent = "Copiar";
      button.classList.remove("done");
    }, 2500);
  }

  // ---- feedback -------------------------------------------------------------------------------

  function feedbackBlock(body, provider) {
    const box = el("section", "feedback");
    box.setAttribute("aria-label", "Avaliação da resposta");
    box.appendChild(el("span", "feedback-label", "Esta resposta:"));
    const yes = el("button", "secondary", "Resolveu");
    yes.type = "button";
    yes.dataset.verdict = "resolveu";
    const no = el("button", "secondary", "Não resolveu");
    no.type = "button";
    no.dataset.verdict = "nao_resolveu";
    const status = el("span", "feedback-status");
    status.setAttribute("role", "status");
    const comment = el("textarea");
    comment.id = "feedback-comment";
    comment.maxLength = 1000;
    comment.placeholder = "O que faltou? (opcional) — Enter envia";
    comment.setAttribute("aria-label", "Comentário (opcional)");
    comment.hidden = true;
    const send = el("button", "", "Enviar");
    send.type = "button";
    send.hidden = true;
    box.append(yes, no, status, comment, send);

    const submit = async (verdict) => {
      for (const b of [yes, no, send]) b.disabled = true;
      comment.disabled = true;
      status.textContent = "Enviando…";
      const payload = {
        question: body.question || "",
        provider: body.provider || provider || null,
        answer: body.answer || null,
        status: body.status === "answered" ? "answered" : "not_found",
        value: body.value === undefined ? null : body.value,
        unit_ids: (body.passages || []).map((p) => p.id).filter(Boolean),
        fact_ids: (body.facts || []).map((f) => f.id).filter(Boolean),
        index_version: body.index_version || null,
        verdict: verdict,
        comment: comment.value.trim() || null,
      };
      try {
        const result = await request("/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(payload),
        });
        if (result.ok) {
          status.textContent = "Obrigado — avaliação registrada.";
          comment.hidden = true;
          send.hidden = true;
          return;
        }
        status.textContent = "Não foi possível registrar: " + errorMessage(result).title;
      } catch (e) {
        status.textContent = "Não foi possível registrar: " + MSG_OFFLINE;
      }
      for (const b of [yes, no, send]) b.disabled = false;
      comment.disabled = false;
    };

    yes.addEventListener("click", () => submit("resolveu"));
    no.addEventListener("click", () => {
      comment.hidden = false;
      send.hidden = false;
      comment.focus();
    });
    send.addEventListener("click", () => submit("nao_resolveu"));
    comment.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        submit("nao_resolveu");
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        comment.hidden = true;
        send.hidden = true;
        no.focus();
      }
    });
    return box;
  }

  // ---- history --------------------------------------------------------------------------------

  function loadHistory() {
    const items = storageGet(KEY_HISTORY, []);
    return Array.isArray(items) ? items.filter((h) => h && typeof h.q === "string") : [];
  }

  function addHistory(question, provider, body) {
    let items = loadHistory();
    const now = Date.now();
    const summary = body.status === "answered"
      ? String(body.value || body.answer || "").split("\n")[0].slice(0, 120)
      : "Não está na planilha";
    const entry = { q: question, provider: provider, summary: summary, t: now };
    const top = items[0];
    // Questions asked while typing ("senh", "senha do w") merge into the finished one.
    if (top && top.provider === provider && now - (top.t || 0) < HISTORY_MERGE_MS &&
        (fold(question).startsWith(fold(top.q)) || fold(top.q).startsWith(fold(question)))) {
      items.shift();
    }
    items = items.filter((h) => !(fold(h.q) === fold(question) && h.provider === provider));
    items.unshift(entry);
    storageSet(KEY_HISTORY, items.slice(0, HISTORY_MAX));
    renderHistory();
  }

  function renderHistory() {
    const items = loadHistory();
    const list = $("history");
    list.textContent = "";
    for (const h of items) {
      const li = el("li");
      const button = el("button");
      button.type = "button";
      button.appendChild(el("span", "h-q", h.q));
      const extra = state.providers.length > 1 && h.provider ? providerName(h.provider) + " · " : "";
      button.appendChild(el("span", "h-a", extra + (h.summary || "")));
      button.addEventListener("click", () => {
        if (h.provider && state.providers.length > 1) select.value = h.provider;
        input.value = h.q;
        ask(h.q, true);
        input.focus();
      });
      li.appendChild(button);
      list.appendChild(li);
    }
    $("history-empty").hidden = items.length > 0;
    $("history-clear").hidden = items.length === 0;
  }

  // ---- wiring ---------------------------------------------------------------------------------

  $("key-form").addEventListener("submit", submitKey);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(state.timer);
    ask(input.value, true);
  });
  input.addEventListener("input", scheduleAsk);
  select.addEventListener("change", () => {
    storageSet(KEY_PROVIDER, select.value);
    state.shown = null;
    if (input.value.trim().length >= MIN_CHARS) ask(input.value, true);
  });
  $("history-clear").addEventListener("click", () => {
    storageSet(KEY_HISTORY, []);
    renderHistory();
    input.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      clearAll();
    }
  });

  renderHistory();
  loadProviders().then(renderHistory);
  input.focus();
})();
