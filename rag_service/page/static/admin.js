// The admins' page: GET /admin/health and GET /admin/gaps, rendered as tables.
// Text from the server is always set with textContent, never as HTML.
(function () {
  "use strict";

  const KEY_API = "sheetqa.apikey"; // the agents' page keeps the key under the same name
  let memoryKey = "";

  function $(id) {
    return document.getElementById(id);
  }

  function apiKey() {
    try {
      return window.sessionStorage.getItem(KEY_API) || memoryKey;
    } catch (e) {
      return memoryKey;
    }
  }

  function setApiKey(key) {
    memoryKey = key;
    try {
      if (key) window.sessionStorage.setItem(KEY_API, key);
      else window.sessionStorage.removeItem(KEY_API);
    } catch (e) {
      /* storage blocked: the key stays in memory for this page */
    }
  }

  function status(text, isError) {
    const el = $("status");
    el.textContent = text;
    el.className = isError ? "error" : "muted";
  }

  async function get(path, params) {
    const url = new URL(path, window.location.origin);
    Object.keys(params || {}).forEach((name) => {
      if (params[name]) url.searchParams.set(name, params[name]);
    });
    const headers = { Accept: "application/json" };
    const key = apiKey();
    if (key) headers["X-API-Key"] = key; // never in the URL
    const response = await fetch(url, { headers: headers });
    if (response.status === 401) {
      setApiKey("");
      $("key-form").hidden = false;
      throw new Error("Digite uma chave de administrador.");
    }
    if (response.status === 403) {
      $("key-form").hidden = false; // another key (an admin's) may be typed
      throw new Error("Somente administradores veem esta página.");
    }
    if (response.status === 503) throw new Error("Nenhum índice carregado no serviço.");
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const body = await response.json();
        if (typeof body.detail === "string") detail = body.detail;
      } catch (e) {
        /* not JSON */
      }
      throw new Error(detail);
    }
    return response.json();
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fill(table, rows, render) {
    const body = table.querySelector("tbody");
    body.replaceChildren();
    rows.forEach((item) => {
      const row = document.createElement("tr");
      render(row, item);
      body.appendChild(row);
    });
    table.hidden = rows.length === 0;
  }

  async function loadProviders() {
    const data = await get("/providers");
    const select = $("provider");
    const chosen = select.value;
    select.replaceChildren(new Option("todos", ""));
    (data.providers || []).forEach((p) => {
      select.appendChild(new Option(p.name + " (" + p.id + ")", p.id));
    });
    select.value = chosen;
  }

  async function loadHealth() {
    const data = await get("/admin/health", { provider: $("provider").value });
    const kinds = Object.keys(data.by_kind).map((k) => k + ": " + data.by_kind[k]).join(", ");
    $("health-summary").textContent = data.kept
      ? data.count + (data.count === 1 ? " achado" : " achados") + " na versão " +
        data.index_version + (kinds ? " (" + kinds + ")" : "")
      : "Esta versão foi publicada sem achados: rode python -m ingest de novo.";
    fill($("health-table"), data.findings, (row, f) => {
      cell(row, f.provider);
      cell(row, f.line, "num");
      cell(row, f.kind, "kind");
      cell(row, f.message);
    });
  }

  async function loadGaps() {
    const data = await get("/admin/gaps", { provider: $("provider").value, since: $("since").value });
    const topics = data.groups.length === 1 ? " tema" : " temas";
    const asked = data.asked === 1 ? " pergunta sem resposta em " : " perguntas sem resposta em ";
    $("gaps-summary").textContent =
      data.asked + asked + data.groups.length + topics +
      (data.since ? " desde " + data.since.slice(0, 10) : "");
    fill($("gaps-table"), data.groups, (row, g) => {
      cell(row, g.provider);
      cell(row, g.count, "num");
      cell(row, g.agents, "num");
      cell(row, g.topic);
      cell(row, g.examples.join(" · "));
      const unit = g.closest;
      if (unit) {
        const blank = unit.blank ? " (em branco)" : "";
        cell(row, "linha " + unit.lines[0] + ": " + unit.text + blank);
      } else {
        cell(row, "nada na planilha", "muted");
      }
    });
  }

  async function refresh() {
    status("Carregando…", false);
    try {
      await loadProviders();
      await loadHealth();
      await loadGaps();
      status("", false);
    } catch (error) {
      status(error.message, true);
    }
  }

  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) return;
    setApiKey(key);
    $("api-key").value = "";
    $("key-form").hidden = true;
    refresh();
  });
  $("refresh").addEventListener("click", refresh);
  $("provider").addEventListener("change", refresh);
  $("since").addEventListener("change", refresh);
  refresh();
})();
