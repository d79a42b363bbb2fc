/* The provider of every question: its chip in the search box (a colour and a mark per
   provider), the picker (Alt+P), the confirmation before a history entry switches it, and the
   version's publication time. */

import { $, el, button, fold, storageGet, storageSet, request, publishedLabel } from "./lib.js";

const KEY_PROVIDER = "sheetqa.provider";
// Dark enough for white text (contrast >= 4.5:1), distinct from each other.
const PALETTE = ["#0b4f9c", "#8a1c7c", "#1e6b32", "#9c3d00", "#00607a", "#a3123a", "#4a3aa8",
  "#5c5200"];
const UNKNOWN_COLOUR = "#54657e";

export const providers = {
  list: [], // [{id, name, colour, mark}]
  current: "", // the chosen provider's id, "" while none is
  version: "",
  createdAt: "",
  status: "loading", // loading | ready | failed; mirrored on <html data-providers>
  ready: null, // a promise settled when the list is loaded and the remembered one restored
  onChange: () => {},
};

function hash(text) {
  let h = 2166136261;
  for (const c of String(text)) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
  return h;
}

function markOf(name) {
  const capitals = String(name).replace(/[^A-ZÀ-Ý0-9]/g, "");
  if (capitals.length >= 2) return capitals.slice(0, 2);
  const letters = String(name).replace(/[^\p{L}\p{N}]/gu, "");
  return (letters.slice(0, 2) || "?").toUpperCase();
}

function normalise(body) {
  let list = body && Array.isArray(body.providers) ? body.providers : body;
  if (!Array.isArray(list)) return [];
  list = list.map((p) => (typeof p === "string" ? { id: p, name: p } : p))
    .filter((p) => p && p.id)
    .map((p) => ({ id: String(p.id), name: String(p.name || p.id) }));
  const used = new Set();
  for (const p of list) {
    let i = hash(p.id) % PALETTE.length;
    for (let n = 0; n < PALETTE.length && used.has(i); n++) i = (i + 1) % PALETTE.length;
    used.add(i);
    if (used.size === PALETTE.length) used.clear(); // more providers than colours: reuse
    p.colour = PALETTE[i];
    p.mark = markOf(p.name);
  }
  return list;
}

export function info(id) {
  const found = providers.list.find((p) => p.id === id);
  if (found) return found;
  return { id: id || "", name: id || "", colour: UNKNOWN_COLOUR, mark: markOf(id || "?") };
}

export function several() {
  return providers.list.length > 1;
}

/** A provider's mark: its two letters on its colour. */
export function markNode(id) {
  const p = info(id);
  const mark = el("span", "mark", p.mark);
  mark.style.background = p.colour;
  mark.setAttribute("aria-hidden", "true");
  return mark;
}

/** The mark and the name, as shown on cards, history entries and beside values. */
export function providerTag(id, cls) {
  const tag = el("span", "provider-tag" + (cls ? " " + cls : ""));
  tag.append(markNode(id), el("span", "provider-name", info(id).name));
  tag.style.setProperty("--provider", info(id).colour);
  return tag;
}

export function announce(text) {
  const live = $("announce");
  live.textContent = "";
  window.setTimeout(() => { live.textContent = text; }, 30);
}

function setStatus(status) {
  providers.status = status;
  document.documentElement.dataset.providers = status;
}

export function renderChip() {
  const chip = $("provider-chip");
  const input = $("q");
  chip.textContent = "";
  const p = providers.current ? info(providers.current) : null;
  chip.disabled = !several();
  chip.classList.toggle("none", !p);
  if (p) {
    chip.append(markNode(p.id), el("span", "chip-name", p.name));
    chip.style.setProperty("--provider", p.colour);
    chip.setAttribute("aria-label", "Provedor: " + p.name + (several() ? " (Alt+P troca)" : ""));
    input.placeholder = "Pergunta para " + p.name + ": senha do roteador, preço do plano…";
    $("q-label").textContent = "Pergunta para " + p.name;
  } else {
    const loading = providers.status === "loading" && !providers.list.length;
    chip.append(el("span", "chip-name", loading ? "Carregando…"
      : several() ? "Escolha o provedor" : "Sem provedor"));
    chip.style.removeProperty("--provider");
    chip.setAttribute("aria-label", "Nenhum provedor escolhido (Alt+P escolhe)");
    input.placeholder = several() ? "Escolha o provedor (Alt+P) e digite a dúvida" : "";
    $("q-label").textContent = "Pergunta";
  }
  if (several()) chip.append(el("span", "chip-caret", "▾"));
  const box = chip.closest(".searchbox");
  if (p) box.style.setProperty("--provider-line", p.colour);
  else box.style.removeProperty("--provider-line");
  document.documentElement.dataset.provider = providers.current;
  $("published").textContent = publishedLabel(providers.createdAt);
}

/** Loads the list and restores the remembered provider; {ok, result} (result when failed). */
export function loadProviders() {
  setStatus("loading");
  providers.ready = (async () => {
    let result;
    try {
      result = await request("/providers");
    } catch (e) {
      setStatus("failed");
      return { ok: false, result: null };
    }
    if (!result.ok) {
      setStatus("failed");
      return { ok: false, result: result };
    }
    providers.list = normalise(result.body);
    providers.version = String((result.body && result.body.index_version) || "");
    providers.createdAt = String((result.body && result.body.index_created_at) || "");
    const remembered = storageGet(KEY_PROVIDER, "");
    if (providers.list.length === 1) providers.current = providers.list[0].id;
    else if (providers.list.some((p) => p.id === providers.current)) { /* keep the choice */ }
    else if (providers.list.some((p) => p.id === remembered)) providers.current = remembered;
    else providers.current = "";
    renderChip();
    setStatus("ready");
    return { ok: true, result: result };
  })();
  return providers.ready;
}

/** Makes ``id`` the provider of the next questions: stored, shown, announced; ``then`` says
    whether the question in the box is asked again (a preview) for it. */
export function chooseProvider(id, then = true) {
  const previous = providers.current;
  if (!providers.list.some((p) => p.id === id) || id === previous) return;
  providers.current = id;
  storageSet(KEY_PROVIDER, id);
  renderChip();
  const chip = $("provider-chip");
  chip.classList.remove("flash");
  void chip.offsetWidth; // restart the animation
  chip.classList.add("flash");
  const name = info(id).name;
  $("provider-note").textContent = previous
    ? "Provedor trocado: " + info(previous).name + " → " + name
    : "Provedor: " + name;
  announce("Provedor agora: " + name);
  providers.onChange(then);
}

// ---- the picker (Alt+P or a click on the chip) ----------------------------------------------

export function openPicker() {
  if (!several()) {
    announce(providers.current ? "Só há um provedor: " + info(providers.current).name
      : "Nenhum provedor carregado");
    return Promise.resolve(null);
  }
  const dialog = $("provider-dialog");
  const filter = $("provider-filter");
  const list = $("provider-list");
  const options = () => Array.from(list.querySelectorAll("button"));
  // The choice takes effect at once (not on the dialog's later "close" event): when the dialog
  // is gone the chip already shows the new provider and the box has the focus.
  const pick = (id) => {
    dialog.close(id);
    chooseProvider(id);
    $("q").focus();
  };
  const fill = () => {
    const wanted = fold(filter.value);
    list.textContent = "";
    for (const p of providers.list) {
      if (wanted && !fold(p.name + " " + p.id).includes(wanted)) continue;
      const li = el("li");
      const option = button("", "provider-option", () => pick(p.id));
      option.dataset.id = p.id;
      option.append(markNode(p.id), el("span", "", p.name));
      if (p.id === providers.current) {
        option.setAttribute("aria-current", "true");
        option.append(el("span", "muted", " (atual)"));
      }
      li.appendChild(option);
      list.appendChild(li);
    }
    if (!list.children.length) list.appendChild(el("li", "muted", "Nenhum provedor com esse nome."));
  };
  filter.value = "";
  fill();
  filter.oninput = fill;
  filter.onkeydown = (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = options()[0];
      if (first) pick(first.dataset.id);
    } else if (event.key === "ArrowDown" && options().length) {
      event.preventDefault();
      options()[0].focus();
    }
  };
  list.onkeydown = (event) => {
    const all = options();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) all[at + 1].focus();
    else if (event.key === "ArrowUp") (at > 0 ? all[at - 1] : filter).focus();
    else return;
    event.preventDefault();
  };
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (!dialog.returnValue) $("q").focus(); // cancelled
      resolve(dialog.returnValue || null);
    }, { once: true });
    dialog.showModal();
    filter.focus();
  });
}

// ---- switching for a history entry: only after the agent confirms ---------------------------

/** "switch" | "stay" | "cancel": what the agent chose for a question of provider ``target``
    (the caller switches). */
export function confirmSwitch(target) {
  const dialog = $("switch-dialog");
  const text = $("switch-text");
  const known = providers.list.some((p) => p.id === target);
  const now = providers.current;
  text.textContent = "";
  text.append("Esta consulta foi feita para ", providerTag(target), ". ");
  if (now) text.append("O provedor agora é ", providerTag(now), ".");
  else text.append("Nenhum provedor está escolhido agora.");
  if (!known) text.append(" Esse provedor não está mais na planilha carregada.");
  const yes = $("switch-yes");
  const stay = $("switch-stay");
  yes.hidden = !known;
  yes.textContent = "Trocar para " + info(target).name + " e perguntar";
  stay.hidden = !now;
  stay.textContent = "Perguntar para " + (now ? info(now).name : "");
  return new Promise((resolve) => {
    dialog.returnValue = "cancel";
    dialog.addEventListener("close", () => {
      $("q").focus();
      resolve(dialog.returnValue || "cancel");
    }, { once: true });
    dialog.showModal();
    (known ? yes : $("switch-cancel")).focus();
  });
}

export function wireDialogs() {
  $("provider-chip").addEventListener("click", () => openPicker());
  $("provider-cancel").addEventListener("click", () => $("provider-dialog").close(""));
  for (const [id, value] of [["switch-yes", "switch"], ["switch-stay", "stay"],
    ["switch-cancel", "cancel"]]) {
    $(id).addEventListener("click", () => $("switch-dialog").close(value));
  }
}
