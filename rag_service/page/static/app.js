/* The agents' search page: asking (Enter, or a preview while the agent pauses typing), the
   notice with a retry, the access key, and the keyboard. No build step, no external assets. */

import { $, el, button, fold, postJson, errorMessage, setApiKey, whenUnauthorized,
  MSG_OFFLINE, MSG_NO_INDEX } from "./lib.js";
import { providers, loadProviders, several, openPicker, confirmSwitch, chooseProvider, info,
  announce, wireDialogs, renderChip } from "./providers.js";
import { renderAnswer, renderNotFound, markStale, markLive, hideCard, copyFromCard }
  from "./card.js";
import { addHistory, renderHistory, clearHistory, wireHistoryKeys, forgetOldHistory }
  from "./history.js";

const DEBOUNCE_MS = 600;
const MIN_CHARS = 3;

const input = $("q");
const loading = $("loading");

const state = {
  seq: 0,
  controller: null,
  timer: null,
  shown: null, // {question, provider, withheld} of the card on screen
  last: null, // {question, reveal} of the last request, for the retry
};

// ---- the notice: errors, with a retry when asking again may help ---------------------------

function hideNotice() {
  const notice = $("notice");
  notice.hidden = true;
  notice.textContent = "";
}

function showNotice(message, action, failure) {
  const notice = $("notice");
  notice.textContent = "";
  notice.dataset.kind = failure ? "error" : "info";
  notice.appendChild(el("p", "err-title", message.title));
  if (message.detail) notice.appendChild(el("p", "", message.detail));
  if (action) notice.appendChild(action);
  if (failure && state.shown) {
    markStale("Resposta de antes da falha — pode estar desatualizada; cópia desativada.");
    notice.appendChild(el("p", "muted", "A última resposta continua abaixo, marcada como de " +
      "antes da falha."));
  }
  notice.hidden = false;
}

function retryButton() {
  const again = state.last;
  const b = button("Tentar de novo", "retry", () => {
    if (again) ask(again.question, again.reveal);
    else start();
  });
  b.id = "retry";
  return b;
}

function failed(message) {
  showNotice(message, message.retry ? retryButton() : null, true);
}

// ---- asking ---------------------------------------------------------------------------------

function reask(question) {
  input.value = question;
  ask(question, true);
  input.focus();
}

/** Asks ``question`` of the current provider; ``reveal`` is true for Enter, a click or a
    retry, false for a preview while typing (secrets are then withheld by the service). */
async function ask(question, reveal) {
  question = String(question || "").trim();
  if (!question) {
    if (reveal) failed({ title: "Pergunta vazia", detail: "", retry: false });
    return;
  }
  await providers.ready;
  if (providers.status !== "ready") {
    if (!reveal) return; // a preview never reloads the list (nor brings up the key prompt)
    const loaded = await loadProviders();
    if (!loaded.ok) {
      if (reveal) failed(loaded.result ? errorMessage(loaded.result) : noService());
      return;
    }
  }
  const provider = providers.current;
  if (!provider) {
    if (!reveal) return; // never a preview without a provider, never moving focus
    const choose = button("Escolher provedor (Alt+P)", "retry", () => openPicker());
    showNotice({ title: "Escolha o provedor antes de perguntar", detail: "" }, choose);
    return;
  }
  const shown = state.shown;
  if (!reveal && shown && fold(shown.question) === fold(question) && shown.provider === provider) {
    return; // the card already answers exactly this
  }
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const mySeq = ++state.seq;
  state.last = { question: question, reveal: reveal };
  hideNotice();
  markStale("Atualizando — esta resposta é da pergunta anterior.");
  loading.hidden = false;
  let result;
  try {
    result = await postJson("/ask",
      { question: question, provider: provider, top_k: 3, reveal: reveal },
      controller.signal, !reveal);
  } catch (e) {
    if (mySeq !== state.seq) return; // superseded by a newer question
    loading.hidden = true;
    failed(noService());
    return;
  }
  if (mySeq !== state.seq) return;
  loading.hidden = true;
  state.controller = null;
  if (!result.ok || !result.body || typeof result.body !== "object") {
    failed(result.ok ? { title: "Resposta inválida do serviço", detail: "", retry: true }
      : errorMessage(result));
    return;
  }
  const body = result.body;
  const answeredFor = body.provider || provider;
  state.shown = { question: question, provider: answeredFor, withheld: Boolean(body.withheld) };
  if (body.status === "answered") renderAnswer(body, answeredFor);
  else renderNotFound(body, answeredFor, reask);
  if (fold(input.value) !== fold(question) && input.value.trim()) {
    markStale("A pergunta mudou — esta resposta é de “" + question + "”.");
  }
  if (reveal || !body.withheld) addHistory(question, answeredFor, body, pickHistory);
  if (body.index_version && body.index_version !== providers.version) {
    loadProviders().then(renderHistory.bind(null, pickHistory)); // a new version is in service
  }
}

function noService() {
  return { title: MSG_OFFLINE, detail: "Confira a conexão; as últimas consultas continuam " +
    "em “Consultas recentes”.", retry: true };
}

function scheduleAsk() {
  clearTimeout(state.timer);
  const q = input.value.trim();
  const shown = state.shown;
  if (shown && fold(shown.question) !== fold(q)) {
    markStale("A pergunta mudou — esta resposta é de “" + shown.question + "”.");
  } else if (shown && !state.controller) {
    markLive();
  }
  if (q.length < MIN_CHARS) return;
  if (providers.status !== "ready" || !providers.current) return; // previews need a provider
  state.timer = setTimeout(() => ask(q, false), DEBOUNCE_MS);
}

async function pickHistory(entry) {
  let choice = "stay";
  if (entry.provider && entry.provider !== providers.current && several()) {
    choice = await confirmSwitch(entry.provider);
  }
  if (choice === "cancel") return;
  if (choice === "switch") chooseProvider(entry.provider, false);
  reask(entry.q);
}

function providerChanged(askAgain) {
  const q = input.value.trim();
  if (state.shown && state.shown.provider !== providers.current) {
    markStale("Resposta de " + info(state.shown.provider).name + " — o provedor agora é " +
      info(providers.current).name + ".");
  }
  if (askAgain && q.length >= MIN_CHARS) ask(q, false);
}

function clearAll() {
  clearTimeout(state.timer);
  if (state.controller) state.controller.abort();
  state.controller = null;
  state.seq++;
  state.shown = null;
  input.value = "";
  hideCard();
  hideNotice();
  loading.hidden = true;
  input.focus();
}

// ---- the access key -------------------------------------------------------------------------

function showKeyPrompt(rejected, focus) {
  if (rejected) setApiKey("");
  $("key-form").hidden = false;
  $("key-msg").textContent = rejected
    ? "Chave recusada pelo serviço. Confira e digite de novo."
    : "Este serviço exige uma chave de acesso.";
  const field = $("api-key");
  field.value = "";
  if (focus) field.focus(); // never while the agent is typing a question
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
  hideCard();
  hideNotice();
  state.shown = null;
  start().then(() => {
    if (input.value.trim()) ask(input.value, true);
    input.focus();
  });
}

// ---- keyboard -------------------------------------------------------------------------------

function typing(target) {
  const tag = target && target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
    (target && target.isContentEditable);
}

function onKey(event) {
  if (document.querySelector("dialog[open]")) return; // the dialog's own keys
  const key = event.key;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && fold(key) === "k") {
    event.preventDefault();
    input.focus();
    input.select();
  } else if (key === "/" && !typing(event.target) && !event.ctrlKey && !event.altKey) {
    event.preventDefault();
    input.focus();
    input.select();
  } else if (event.altKey && !event.ctrlKey && !event.metaKey &&
      ["KeyP", "KeyC", "KeyL", "KeyR"].includes(event.code)) {
    event.preventDefault();
    if (event.code === "KeyP") {
      openPicker();
      return;
    }
    const what = { KeyC: "value", KeyL: "login", KeyR: "answer" }[event.code];
    if (!copyFromCard(what)) announce("Nada para copiar na resposta atual");
  } else if (key === "Escape" && event.target === input) {
    event.preventDefault();
    clearAll();
  }
}

// ---- start ----------------------------------------------------------------------------------

async function start() {
  const loaded = await loadProviders();
  renderHistory(pickHistory);
  if (loaded.ok) {
    hideNotice();
    if (!providers.list.length) failed({ title: MSG_NO_INDEX, detail: "", retry: true });
    return;
  }
  const result = loaded.result;
  if (result && result.status === 401) return; // the key prompt is up
  failed(result ? errorMessage(result) : noService());
}

whenUnauthorized(showKeyPrompt);
providers.onChange = providerChanged;
$("key-form").addEventListener("submit", submitKey);
$("ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(state.timer);
  ask(input.value, true);
});
input.addEventListener("input", scheduleAsk);
$("history-clear").addEventListener("click", () => {
  clearHistory(pickHistory);
  input.focus();
});
document.addEventListener("keydown", onKey);
wireDialogs();
wireHistoryKeys(input);
forgetOldHistory();
renderChip();
renderHistory(pickHistory);
start();
input.focus();
// Test and support hook: the page's modules are loaded and wired.
document.documentElement.dataset.page = "ready";
