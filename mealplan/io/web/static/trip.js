// The trip's outcomes, kept in this phone until the office has them. Every tap is queued in
// localStorage with its own key and sent in order; a lost connection keeps the queue (sent when
// the phone is back online, or every few seconds), a retry of a sent tap carries the same key,
// so the office records each tap once. Keys come from crypto.getRandomValues, which works on
// the office network's plain http, where crypto.randomUUID does not.
"use strict";
(function () {
  const token = document.body.dataset.token;
  const service = document.body.dataset.service;
  const words = JSON.parse(document.getElementById("words").textContent);
  const state = JSON.parse(document.getElementById("state").textContent);
  const storeKey = "mealplan-queue-" + token;
  const net = document.getElementById("net");
  const shown = {};  // stop id -> {outcome, how: saved|pending|rejected}
  for (const stop of state.stops) {
    if (stop.outcome) shown[stop.id] = {outcome: stop.outcome, how: "saved"};
  }

  function queue() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(storeKey, JSON.stringify(items)); }
  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function paint() {
    for (const item of queue()) shown[item.id] = {outcome: item.outcome, how: item.failed ? "rejected" : "pending"};
    let answered = 0;
    for (const card of document.querySelectorAll(".stop")) {
      const mine = shown[card.dataset.id];
      const line = card.querySelector(".state");
      line.className = "state";
      line.textContent = "";
      for (const button of card.querySelectorAll(".choice")) {
        button.classList.toggle("chosen", !!mine && button.dataset.outcome === mine.outcome);
      }
      if (!mine) continue;
      answered += mine.how === "rejected" ? 0 : 1;
      const chosen = card.querySelector('.choice[data-outcome="' + mine.outcome + '"]');
      line.classList.add(mine.how);
      line.textContent = (chosen ? chosen.textContent : mine.outcome) + " – " + words[mine.how];
      card.classList.toggle("answered", mine.how === "saved");
    }
    document.getElementById("done").textContent = answered;
  }

  let sending = false;
  async function send() {
    if (sending) return;
    sending = true;
    try {
      for (;;) {
        const items = queue();
        const next = items.find((item) => !item.failed);
        if (!next) break;
        let response;
        try {
          response = await fetch("/api/t/" + encodeURIComponent(token) + "/outcomes", {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify(next),
            cache: "no-store",
          });
        } catch (error) {
          net.hidden = false;
          net.textContent = words.offline;
          break;  // the connection is down: the queue waits
        }
        if (response.status >= 500) break;  // the office's server is in trouble: try again later
        net.hidden = true;
        const rest = queue().filter((item) => item.key !== next.key);
        if (response.ok) {
          shown[next.id] = {outcome: next.outcome, how: "saved"};
        } else {
          next.failed = true;  // refused (an expired or revoked link): kept on the phone, shown red
          rest.push(next);
        }
        save(rest);
        paint();
      }
    } finally {
      sending = false;
    }
  }

  function tap(card, button) {
    const id = card.dataset.id;
    const outcome = button.dataset.outcome;
    const mine = shown[id];
    if (mine && mine.outcome === outcome && mine.how !== "rejected") return;  // a double tap
    let note = "";
    if (outcome === "other") {
      note = (window.prompt(words.note) || "").trim();
      if (!note) return;
    }
    const item = {key: newKey(), id: id, outcome: outcome, note: note, tapped_at: new Date().toISOString()};
    const minutes = card.querySelector(".minutes");
    if (service === "visit" && minutes && minutes.value !== "") item.minutes_spent = parseInt(minutes.value, 10);
    save(queue().filter((queued) => queued.id !== id || !queued.failed).concat([item]));
    paint();
    send();
  }

  for (const card of document.querySelectorAll(".stop")) {
    for (const button of card.querySelectorAll(".choice")) {
      button.addEventListener("click", () => tap(card, button));
    }
  }
  window.addEventListener("online", () => { net.textContent = words.back; send(); });
  window.addEventListener("offline", () => { net.hidden = false; net.textContent = words.offline; });
  setInterval(send, 5000);
  paint();
  send();
})();
