/* The agent's verdict on an answer: "Resolveu" / "Não resolveu" with reason chips and a free
   comment, stored by POST /feedback; the block then says which verdict was sent. */

import { el, button, postJson, errorMessage, MSG_OFFLINE } from "./lib.js";

// The reasons the service knows (rag_service.http.feedback.REASONS) and their chips.
const REASONS = [
  ["provedor_errado", "provedor errado"],
  ["desatualizado", "desatualizado"],
  ["incompleto", "incompleto"],
  ["nao_achei", "não achei"],
];
const VERDICTS = { resolveu: "Resolveu", nao_resolveu: "Não resolveu" };

function sentText(verdict, reasons) {
  const labels = REASONS.filter(([id]) => reasons.includes(id)).map(([, label]) => label);
  return "Enviado: " + VERDICTS[verdict] + (labels.length ? " — " + labels.join(", ") : "") +
    ". Obrigado — avaliação registrada.";
}

export function feedbackBlock(body, provider) {
  const box = el("section", "feedback");
  box.setAttribute("aria-label", "Avaliação da resposta");
  box.appendChild(el("span", "feedback-label", "Esta resposta:"));
  const yes = button(VERDICTS.resolveu, "secondary verdict");
  yes.dataset.verdict = "resolveu";
  const no = button(VERDICTS.nao_resolveu, "secondary verdict");
  no.dataset.verdict = "nao_resolveu";
  for (const b of [yes, no]) b.setAttribute("aria-pressed", "false");
  const status = el("p", "feedback-status");
  status.setAttribute("role", "status");

  const details = el("div", "feedback-details");
  details.hidden = true;
  const chips = el("div", "reason-chips");
  chips.setAttribute("role", "group");
  chips.setAttribute("aria-label", "Por que não resolveu?");
  for (const [id, label] of REASONS) {
    const chip = button(label, "chip-toggle", () => {
      chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true"
        ? "false" : "true");
    });
    chip.dataset.reason = id;
    chip.setAttribute("aria-pressed", "false");
    chips.appendChild(chip);
  }
  const comment = el("textarea");
  comment.id = "feedback-comment";
  comment.maxLength = 1000;
  comment.placeholder = "O que faltou? (opcional) — Enter envia";
  comment.setAttribute("aria-label", "Comentário (opcional)");
  const send = button("Enviar", "send");
  details.append(chips, comment, send);
  box.append(yes, no, details, status);

  const controls = () => [yes, no, send, comment, ...chips.querySelectorAll("button")];
  const chosen = () => Array.from(chips.querySelectorAll('[aria-pressed="true"]'))
    .map((c) => c.dataset.reason);

  const submit = async (verdict) => {
    for (const c of controls()) c.disabled = true;
    status.textContent = "Enviando…";
    const reasons = verdict === "nao_resolveu" ? chosen() : [];
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
      reasons: reasons,
      comment: verdict === "nao_resolveu" ? comment.value.trim() || null : null,
    };
    try {
      const result = await postJson("/feedback", payload);
      if (result.ok) {
        const stored = result.body || {};
        const sent = stored.verdict || verdict;
        box.dataset.sent = sent;
        const mine = sent === "resolveu" ? yes : no;
        mine.classList.add("sent");
        mine.setAttribute("aria-pressed", "true");
        mine.textContent = "✓ " + VERDICTS[sent];
        details.hidden = true;
        status.textContent = sentText(sent, Array.isArray(stored.reasons) ? stored.reasons
          : reasons);
        return;
      }
      status.textContent = "Não foi possível registrar: " + errorMessage(result).title;
    } catch (e) {
      status.textContent = "Não foi possível registrar: " + MSG_OFFLINE;
    }
    for (const c of controls()) c.disabled = false;
  };

  yes.addEventListener("click", () => submit("resolveu"));
  no.addEventListener("click", () => {
    details.hidden = false;
    chips.querySelector("button").focus();
  });
  send.addEventListener("click", () => submit("nao_resolveu"));
  comment.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit("nao_resolveu");
    } else if (event.key === "Escape") {
      event.preventDefault();
      details.hidden = true;
      no.focus();
    }
  });
  return box;
}
