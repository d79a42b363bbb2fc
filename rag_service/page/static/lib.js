/* Small helpers of the agents' page: DOM, storage, the service's requests and its errors in
   plain Portuguese. Service text only ever reaches the page through textContent (no HTML). */

export const MSG_FORBIDDEN =
  "Sua chave de acesso não tem permissão para isso. Fale com o supervisor.";
export const MSG_NO_INDEX = "Nenhuma planilha carregada — rode a ingestão";
export const MSG_OFFLINE = "Serviço fora do ar";
const KEY_API = "sheetqa.apikey"; // sessionStorage: the key lives as long as the tab

export const $ = (id) => document.getElementById(id);

export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function button(text, cls, onClick) {
  const node = el("button", cls, text);
  node.type = "button";
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

export function fold(text) {
  return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ").trim();
}

// Where a passage is in the sheet: lines of a text sheet, paragraphs (and table rows) of a
// DOCX sheet ("span", ingest.records).
export function linesLabel(lines, span) {
  if (!Array.isArray(lines) || lines.length < 2) return "";
  const [a, b] = lines;
  if (span === "paragraph") return a === b ? "parágrafo " + a : "parágrafos " + a + "–" + b;
  return a === b ? "linha " + a : "linhas " + a + "–" + b;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** "planilha publicada em DD/MM HH:MM" (the browser's local time) of an ISO time, or "". */
export function publishedLabel(iso) {
  const when = iso ? new Date(iso) : null;
  if (!when || isNaN(when.getTime())) return "";
  return "planilha publicada em " + pad(when.getDate()) + "/" + pad(when.getMonth() + 1) + " " +
    pad(when.getHours()) + ":" + pad(when.getMinutes());
}

export function storageGet(key, fallback) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (e) {
    return fallback;
  }
}

export function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch (e) {
    /* private mode or full storage: the page works without it */
  }
}

export function storageRemove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch (e) {
    /* storage blocked: nothing to remove */
  }
}

// ---- the access key -------------------------------------------------------------------------

let memoryKey = ""; // fallback when sessionStorage is blocked
let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export function apiKey() {
  try {
    return window.sessionStorage.getItem(KEY_API) || "";
  } catch (e) {
    return memoryKey;
  }
}

export function setApiKey(key) {
  memoryKey = key;
  try {
    if (key) window.sessionStorage.setItem(KEY_API, key);
    else window.sessionStorage.removeItem(KEY_API);
  } catch (e) {
    /* storage blocked: the key stays in memory for this page */
  }
}

/** {ok, status, body, headers}; rejects only on network failure or abort. The key goes in the
    X-API-Key header, never in the URL; a 401 calls the unauthorized handler. */
export async function request(path, options, quiet) {
  const opts = Object.assign({}, options || {});
  const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  opts.headers = headers;
  const response = await fetch(path, opts);
  if (response.status === 401) onUnauthorized(Boolean(key), !quiet);
  let body = null;
  const text = await response.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = { detail: text.slice(0, 300) };
  }
  return { ok: response.ok, status: response.status, body: body, headers: response.headers };
}

export function postJson(path, payload, signal, quiet) {
  return request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
    signal: signal,
  }, quiet);
}

// ---- errors in plain Portuguese -------------------------------------------------------------

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

/** {title, detail, retry}: what to tell the agent about a failed request, and whether asking
    again may help. */
export function errorMessage(result) {
  const status = result.status;
  const body = result.body;
  const says = (title, retry, detail) => ({ title: title, detail: detail || "", retry: retry });
  if (status === 503 && /^busy/.test(detailText(body))) {
    return says("Serviço ocupado, tente de novo em instantes", true);
  }
  if (status === 503) return says(MSG_NO_INDEX, true);
  if (status === 504) return says("A consulta demorou demais; tente de novo", true);
  if (status === 401) return says("Informe a chave de acesso para consultar", false);
  if (status === 403) return says(MSG_FORBIDDEN, false);
  if (status === 429) {
    let wait = parseInt(result.headers.get("Retry-After") || "", 10);
    if (isNaN(wait)) {
      const m = /(\d+)/.exec(detailText(body));
      wait = m ? parseInt(m[1], 10) : NaN;
    }
    return says("Muitas consultas, aguarde " + (isNaN(wait) ? "alguns" : wait) + " s", true);
  }
  if (status === 413) return says("Pergunta grande demais", false);
  if (status === 404) {
    return says("Provedor não encontrado no índice carregado", false, detailText(body));
  }
  if (status === 422 || status === 400) return says(validationMessage(body), false);
  if (status >= 400 && status < 500) {
    return says("Consulta recusada pelo serviço (código " + status + ")", false,
      detailText(body));
  }
  return says("Erro no serviço (código " + status + "). Tente de novo em instantes.", true);
}

// ---- copy -----------------------------------------------------------------------------------

function copyFallback(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "-1000px";
  area.style.opacity = "0";
  const focused = document.activeElement;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch (e) {
    ok = false;
  }
  document.body.removeChild(area);
  if (focused && focused.focus) focused.focus();
  return ok;
}

/** Copies exactly ``text``; true when it was copied. */
export async function copyText(text) {
  let ok = false;
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (e) {
      ok = false;
    }
  }
  if (!ok) ok = copyFallback(text);
  if (ok) window.__lastCopied = text;
  return ok;
}
