// parley serve: the page's script. Plain DOM and SVG, no libraries; everything comes from this server's /api.
"use strict";
(function () {
  const $ = (sel) => document.querySelector(sel);
  const filters = $("#filters");
  const state = { cursors: [""], page: 0, selected: null };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  // The API answers errors as {"error": ..., "parameter": ...}: show them next to the filters.
  async function api(path, opts) {
    const r = await fetch(path, opts);
    const body = await r.json().catch(() => ({ error: "bad response (" + r.status + ")" }));
    if (!r.ok) {
      const err = new Error(body.error || r.statusText);
      err.parameter = body.parameter;
      throw err;
    }
    return body;
  }

  function filterParams() {
    const p = new URLSearchParams();
    const f = new FormData(filters);
    for (const k of ["dyad", "actor", "code", "quad", "from", "to", "text"]) {
      const v = (f.get(k) || "").trim();
      if (v) p.set(k, k === "dyad" || k === "actor" ? v.toUpperCase() : v);
    }
    if (f.get("mutual") && (p.has("dyad") || p.has("actor"))) p.set("mutual", "1");
    if (p.has("actor")) p.delete("mutual");
    const g = f.get("group");
    if (g && g !== "mentions") p.set("group", g);
    return p;
  }

  function drawTimeline(series) {
    const box = $("#timeline");
    box.textContent = "";
    const buckets = series.buckets;
    $("#timeline-by").textContent = series.by;
    if (!buckets.length) {
      box.append(el("p", {}, "No dated events for these filters."));
      return;
    }
    const W = 800, H = 220, L = 40, B = 28, T = 10;
    const max = Math.max(...buckets.map((b) => b.events));
    const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none" });
    const slot = (W - L - 10) / buckets.length;
    const bw = Math.max(2, Math.min(60, slot * 0.7));
    const y = (v) => H - B - (v / max) * (H - B - T);
    s.append(svg("line", { x1: L, y1: H - B, x2: W - 5, y2: H - B, class: "axis" }));
    for (const t of [0, max / 2, max]) {
      const lab = svg("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end" });
      lab.textContent = Number.isInteger(t) ? t : t.toFixed(1);
      s.append(lab);
    }
    const every = Math.ceil(buckets.length / 16);
    buckets.forEach((b, i) => {
      const x = L + i * slot + (slot - bw) / 2;
      const g = svg("g", { "data-period": b.period, "data-events": b.events, class: "bar" });
      let acc = 0;
      for (let q = 1; q <= 4; q++) {
        const n = b.quad_events[q - 1];
        if (!n) continue;
        const r = svg("rect", { x, y: y(acc + n), width: bw, height: y(acc) - y(acc + n), class: "q" + q });
        acc += n;
        g.append(r);
      }
      const title = svg("title", {});
      title.textContent = `${b.period}: ${b.events} events (${b.quad_events.join(" / ")} by QuadClass)`;
      g.append(title);
      if (i % every === 0) {
        const lab = svg("text", { x: x + bw / 2, y: H - B + 16, "text-anchor": "middle" });
        lab.textContent = b.period;
        g.append(lab);
      }
      s.append(g);
    });
    box.append(s);
  }

  function fillTable(data) {
    const tb = $("#events tbody");
    tb.textContent = "";
    for (const e of data.events) {
      const tr = el("tr", { tabindex: "0", "data-event-id": e.event_id, "aria-selected": "false" },
        el("td", {}, e.date || "—"), el("td", {}, e.source ? e.source.code : ""), el("td", {}, e.cameo),
        el("td", {}, e.target ? e.target.code : ""), el("td", {}, String(e.mentions)),
        el("td", {}, e.outlet || ""), el("td", { class: "sent", title: e.text || "" }, e.text || ""));
      tr.addEventListener("click", () => showEvent(e.event_id, tr));
      tr.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showEvent(e.event_id, tr); }
        else if (ev.key === "ArrowDown" && tr.nextElementSibling) { ev.preventDefault(); tr.nextElementSibling.focus(); }
        else if (ev.key === "ArrowUp" && tr.previousElementSibling) { ev.preventDefault(); tr.previousElementSibling.focus(); }
      });
      tb.append(tr);
    }
    if (!data.events.length) tb.append(el("tr", {}, el("td", { colspan: "7" }, "No events for these filters.")));
    $("#prev").disabled = state.page === 0;
    $("#next").disabled = !data.next_cursor;
    state.cursors[state.page + 1] = data.next_cursor || "";
    $("#page-info").textContent = `page ${state.page + 1}, ${data.count} events`;
  }

  async function loadEvents() {
    const p = filterParams();
    p.set("limit", "25");
    if (state.cursors[state.page]) p.set("cursor", state.cursors[state.page]);
    fillTable(await api("/api/events?" + p));
  }

  async function apply() {
    $("#filter-error").textContent = "";
    for (const i of filters.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
    state.cursors = [""];
    state.page = 0;
    $("#status").textContent = "loading…";
    try {
      const p = filterParams();
      p.set("by", new FormData(filters).get("by"));
      const [series] = await Promise.all([api("/api/series?" + p), loadEvents()]);
      drawTimeline(series);
      $("#status").textContent = "";
    } catch (err) {
      $("#status").textContent = "";
      $("#filter-error").textContent = err.message;
      const field = err.parameter && filters.elements[err.parameter];
      if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
    }
  }

  function highlighted(segments) {
    const p = document.createDocumentFragment();
    for (const s of segments) p.append(s.role ? el("mark", { class: s.role, title: s.role }, s.text) : s.text);
    return p;
  }

  async function showEvent(id, row) {
    for (const r of document.querySelectorAll("#events tr[aria-selected=true]")) r.setAttribute("aria-selected", "false");
    if (row) row.setAttribute("aria-selected", "true");
    state.selected = row;
    const d = await api("/api/events/" + encodeURIComponent(id));
    const e = d.event;
    const view = $("#event-view");
    const sent = $("#event-sentence");
    sent.textContent = "";
    sent.append(d.sentence ? highlighted(d.sentence.segments) : e.text || "");
    const meta = $("#event-meta");
    meta.textContent = "";
    const add = (k, v) => { if (v !== null && v !== undefined && v !== "") meta.append(el("dt", {}, k), el("dd", {}, String(v))); };
    add("date", e.date);
    add("source", e.source && `${e.source.code} — ${e.source.text}`);
    add("event", `${e.cameo} (QuadClass ${e.quad_class}, Goldstein ${e.goldstein})` +
      (e.plover ? ` · PLOVER ${e.plover.event}${e.plover.mode ? "/" + e.plover.mode : ""}` : ""));
    add("target", e.target && `${e.target.code} — ${e.target.text}`);
    add("verb", e.evidence.verb);
    add("pattern", e.evidence.pattern);
    add("article", [e.title, e.outlet, e.article_date].filter(Boolean).join(" · ") || e.doc_id);
    add("mentions", `${e.mentions} (${e.articles} articles, ${e.outlets} outlets)`);
    $("#event-explain").textContent = d.explain || "(no explanation: the article could not be coded again)";
    view.hidden = false;
    view.focus();
  }

  async function codeText(ev) {
    ev.preventDefault();
    const f = new FormData($("#code-form"));
    const body = {};
    body[f.get("html") ? "html" : "text"] = f.get("text") || "";
    if ((f.get("date") || "").trim()) body.date = f.get("date").trim();
    $("#code-error").textContent = "";
    const list = $("#code-events");
    list.textContent = "";
    try {
      const d = await api("/api/code", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body) });
      for (const e of d.events) {
        list.append(el("li", { class: "coded" },
          el("mark", { class: "source" }, e.source.text), ` ${e.source.code} → `,
          el("strong", {}, `${e.cameo}`), ` (${e.evidence.verb}) → `,
          e.target ? el("mark", { class: "target" }, e.target.text) : "", e.target ? ` ${e.target.code}` : "",
          e.date ? ` · ${e.date}` : ""));
      }
      if (!d.events.length) list.append(el("li", {}, "No events in this text."));
      $("#code-explain").textContent = d.explain || "";
    } catch (err) {
      $("#code-error").textContent = err.message;
    }
  }

  filters.addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
  $("#next").addEventListener("click", () => { state.page++; loadEvents().catch((e) => { $("#filter-error").textContent = e.message; }); });
  $("#prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); loadEvents().catch(() => {}); });
  $("#close-event").addEventListener("click", () => { $("#event-view").hidden = true; if (state.selected) state.selected.focus(); });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !$("#event-view").hidden) { $("#event-view").hidden = true; if (state.selected) state.selected.focus(); }
  });
  $("#code-form").addEventListener("submit", codeText);
  $("#code-text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) $("#code-form").requestSubmit();
  });
  // filters can come in the address: /?dyad=IRN:RUS&code=04
  const initial = new URLSearchParams(location.search);
  for (const [k, v] of initial) if (filters.elements[k] && filters.elements[k].type !== "checkbox") filters.elements[k].value = v;
  api("/api/version").then((v) => { document.title = `parley ${v.parley} — events`; }).catch(() => {});
  apply();
})();
