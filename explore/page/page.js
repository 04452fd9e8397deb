// The page of blast explore. The analysis runs in blast's own Go code,
// compiled to WebAssembly (blastOpen, blastRun, blastWhy); this script
// only draws what it answers. No request leaves the page.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  };
  const json = (id) => JSON.parse($(id).textContent);
  // the page's index of the model (session.Index): strings by index, one
  // column per field, edges by node index, an address equal to the ID
  // left out; the analysis reads the model's binary form itself
  const wire = json("index-data");
  const S = wire.strings;
  const model = {
    nodes: wire.id.map((id, i) => ({ id, kind: S[wire.kind[i]], type: S[wire.type[i]], name: S[wire.name[i]],
      address: wire.address && i in wire.address ? wire.address[i] : id })),
    edges: wire.from.map((f, i) => ({ from: wire.id[f], to: wire.id[wire.to[i]] })),
  };
  const boxes = json("boxes-data") || {};
  const matrix = json("matrix-data");
  const risk = json("risk-data");
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const boxOf = new Map();
  for (const [key, ids] of Object.entries(boxes)) for (const id of ids) boxOf.set(id, key);
  const SYM = { failed: "✖", degraded: "◐", frozen: "❄", affected: "⚙", healthy: "" };
  const RANK = { healthy: 0, affected: 1, frozen: 2, degraded: 3, failed: 4 };
  // word: failed and degraded win over frozen, as blast's text does; a
  // configuration object the outage reaches is affected, as whatif says
  const word = (h) => (!h ? "healthy" : h.configuration && (h.state !== "healthy" || h.frozen) ? "affected"
    : h.state !== "healthy" ? h.state : h.frozen ? "frozen" : "healthy");

  // the selection, kept in the URL fragment
  const sel = { a: { down: [], scenarios: [] }, b: null, edit: "a", node: "", focus: "", depth: 2 };
  let info = null, runA = null, runB = null, hitsA = new Map(), hitsB = new Map();

  const list = (s) => (s ? s.split(",").filter(Boolean).map(decodeURIComponent) : []);
  const enc = (xs) => xs.map(encodeURIComponent).join(",");
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    sel.a = { down: list(p.get("down")), scenarios: list(p.get("scenario")) };
    sel.b = p.has("b") || p.has("bscenario") ? { down: list(p.get("b")), scenarios: list(p.get("bscenario")) } : null;
    sel.edit = sel.b && p.get("edit") === "b" ? "b" : "a";
    sel.node = p.get("node") ? decodeURIComponent(p.get("node")) : "";
    sel.focus = p.get("focus") ? decodeURIComponent(p.get("focus")) : "";
    const d = parseInt(p.get("depth") || "2", 10);
    sel.depth = d >= 0 && d <= 5 ? d : 2;
  }
  function writeHash() {
    const parts = [];
    const add = (k, v) => { if (v) parts.push(k + "=" + v); };
    add("down", enc(sel.a.down)); add("scenario", enc(sel.a.scenarios));
    if (sel.b) { parts.push("b=" + enc(sel.b.down)); add("bscenario", enc(sel.b.scenarios)); }
    if (sel.edit === "b") parts.push("edit=b");
    add("node", encodeURIComponent(sel.node)); add("focus", encodeURIComponent(sel.focus));
    if (sel.focus && sel.depth !== 2) parts.push("depth=" + sel.depth);
    const h = parts.length ? "#" + parts.join("&") : "";
    if (h !== location.hash && !(h === "" && location.hash === "#")) history.replaceState(null, "", h || location.pathname + location.search);
  }

  function call(fn, ...args) {
    const out = JSON.parse(fn(...args.map((a) => (typeof a === "string" ? a : JSON.stringify(a)))));
    if (out && out.error) throw new Error(out.error);
    return out;
  }
  function status(msg, error) { const s = $("status"); s.textContent = msg; s.classList.toggle("error", !!error); }

  // --- controls ---
  function drawControls() {
    const box = $("domains");
    box.replaceChildren();
    const cur = sel[sel.edit];
    const kinds = [["provider", "Providers"], ["region", "Regions"], ["zone", "Zones"], ["service", "Regional services"]];
    for (const [kind, title] of kinds) {
      const ds = info.domains.filter((d) => d.kind === kind);
      if (!ds.length) continue;
      const fs = el("fieldset", {}, el("legend", { text: title }));
      for (const d of ds) {
        const cb = el("input", { type: "checkbox", "data-domain": d.domain, id: "dom-" + d.domain });
        cb.checked = cur.down.includes(d.domain);
        cb.addEventListener("change", () => toggle("down", d.domain, cb.checked));
        fs.append(el("label", { for: "dom-" + d.domain }, cb, el("span", { text: d.domain }), el("span", { class: "n", text: String(d.resources) })));
      }
      box.append(fs);
    }
    if (info.scenarios.length) {
      const fs = el("fieldset", {}, el("legend", { text: "Named scenarios" }));
      for (const s of info.scenarios) {
        const cb = el("input", { type: "checkbox", "data-scenario": s.name, id: "scn-" + s.name });
        cb.checked = cur.scenarios.includes(s.name);
        cb.addEventListener("change", () => toggle("scenarios", s.name, cb.checked));
        fs.append(el("label", { for: "scn-" + s.name, title: s.down.join(", ") }, cb, el("span", { text: s.name + (s.title ? " — " + s.title : "") })));
      }
      box.append(fs);
    }
    $("edit-a").setAttribute("aria-pressed", String(sel.edit === "a"));
    $("edit-b").setAttribute("aria-pressed", String(sel.edit === "b"));
  }
  function toggle(field, name, on) {
    const cur = sel[sel.edit];
    cur[field] = cur[field].filter((x) => x !== name);
    if (on) cur[field].push(name);
    cur[field].sort();
    update();
  }

  // --- running ---
  function run(s) {
    const ans = call(window.blastRun, s);
    const m = new Map();
    for (const h of ans.hits) m.set(h.id, h);
    return [ans, m];
  }
  function update() {
    const t0 = performance.now();
    try {
      [runA, hitsA] = run(sel.a);
      if (sel.b) [runB, hitsB] = run(sel.b); else { runB = null; hitsB = new Map(); }
      window.blastTiming.step = { run: performance.now() - t0 };
    } catch (e) {
      // a link naming a domain these inputs do not hold: say so, and
      // show the page with nothing down rather than nothing at all
      const msg = String(e.message || e);
      if (!runA) {
        sel.a = { down: [], scenarios: [] }; sel.b = null; sel.edit = "a";
        update();
      } else {
        drawControls();
      }
      status(msg, true);
      return;
    }
    writeHash();
    drawControls();
    drawAll();
    const ms = performance.now() - t0;
    window.blastTiming.runs.push(ms);
    window.blastTiming.last = ms;
    const shown = sel.edit === "b" ? runB : runA;
    status(shown.down.length ? "ran " + shown.down.join(" + ") + " in " + ms.toFixed(0) + " ms" : "nothing down: tick a failure domain");
    document.body.dataset.runs = String(window.blastTiming.runs.length);
  }
  const shownRun = () => (sel.edit === "b" && runB ? [runB, hitsB] : [runA, hitsA]);

  function drawAll() {
    drawSummary(); drawDiagram(); drawServices(); drawImpacted(); drawCompare(); drawData(); drawDetails();
  }

  // --- data: blastData runs whatif's Data section for the shown selection ---
  const DSYM = { "data at risk": "✖", unavailable: "◐", "served from a copy": "✔" };
  function drawData() {
    const s = sel.edit === "b" && sel.b ? sel.b : sel.a;
    let xs;
    const t0 = performance.now();
    try { xs = call(window.blastData, s); } catch (e) { status(String(e.message || e), true); return; }
    if (window.blastTiming.step) window.blastTiming.step.data = performance.now() - t0;
    const box = $("data");
    box.dataset.stores = String(xs.length);
    if (!xs.length) { box.replaceChildren(el("p", { class: "muted", text: "No store loses its primary in this selection." })); return; }
    const count = (st) => xs.filter((x) => x.status === st).length;
    const tb = el("tbody");
    for (const x of xs.slice(0, LIMIT)) {
      const cls = x.status === "data at risk" ? "failed" : x.status === "unavailable" ? "degraded" : "healthy";
      const copy = x.survivingCopy ? x.survivingCopy.name + " in " + x.survivingCopy.where + " (" + x.survivingCopy.from + ")"
        : (x.lostCopies || []).length ? "lost: " + x.lostCopies.join("; ") : "no copy";
      tb.append(el("tr", { "data-store": x.store, "data-status": x.status },
        el("td", {}, nodeButton(x.store)), el("td", { text: x.what + " in " + x.where }),
        el("td", {}, el("span", { class: "state " + cls, text: DSYM[x.status] + " " + x.status })),
        el("td", { text: String(x.copies) }), el("td", { text: copy }), el("td", { text: x.lossWindow })));
    }
    box.replaceChildren(
      el("p", { class: "data-counts", text: count("data at risk") + " data at risk, " + count("unavailable") + " unavailable, " + count("served from a copy") + " served from a copy" }),
      el("table", {}, el("thead", {}, el("tr", {}, ...["store", "what, where", "status", "copies", "surviving copy", "loss window"].map((h) => el("th", { text: h })))), tb),
      ...(xs.length > LIMIT ? [el("p", { class: "muted", text: (xs.length - LIMIT) + " more stores not shown" })] : []));
  }

  // --- risk groups and shared fate, computed when the page was written ---
  function drawRisk() {
    const box = $("risk");
    if (!risk || !risk.targets || !risk.targets.length) { box.replaceChildren(el("p", { class: "muted", text: "No service or top-level resource to find risk groups for." })); return; }
    const kids = [];
    const sets = risk.sets || [];
    if (sets.length) {
      const tb = el("tbody");
      for (const r of sets.slice(0, LIMIT)) {
        const name = r.anyOf ? "any " + r.anyOf + " of " + r.domains.join(", ") : r.domains.join(" + ");
        const pick = r.anyOf ? el("span", { text: name }) : el("button", { type: "button", class: "link", title: "take " + name + " down together",
          onclick: () => { sel[sel.edit] = { down: r.domains.slice().sort(), scenarios: [] }; update(); } }, name);
        tb.append(el("tr", { "data-set": r.domains.join("+") }, el("td", { text: String(r.size) }), el("td", {}, pick),
          el("td", {}, ...r.fails.slice(0, 8).flatMap((id, i) => (i ? [", ", nodeButton(id)] : [nodeButton(id)])), r.fails.length > 8 ? " and " + (r.fails.length - 8) + " more" : "")));
      }
      kids.push(el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "size" }), el("th", { text: "domains" }), el("th", { text: "fails" }))), tb));
      if (sets.length > LIMIT) kids.push(el("p", { class: "muted", text: (sets.length - LIMIT) + " more sets not shown" }));
    } else {
      kids.push(el("p", { text: "No set of up to " + risk.order + " failure domains fails a " + (risk.rows || "target") + "." }));
    }
    const fate = risk.sharedFate || [];
    kids.push(el("h3", { text: fate.length + " redundancy " + (fate.length === 1 ? "group" : "groups") + " sharing one fate" }));
    if (fate.length) {
      const ul = el("ul", { class: "fate" });
      for (const f of fate.slice(0, LIMIT)) {
        ul.append(el("li", { "data-node": f.node }, nodeButton(f.node), " " + f.group + " (needs " + f.need + " of " + f.members.length + "): ",
          ...(f.kind === "domain" ? ["all live in " + f.common] : ["all depend on ", nodeButton(f.common), f.domain ? ", lost with " + f.domain : ""])));
      }
      kids.push(ul);
    }
    box.replaceChildren(...kids);
  }
  function drawSummary() {
    const [ans] = shownRun();
    const s = ans.summary;
    const c = (key, label, n) => el("div", { class: "count", "data-count": key }, el("b", { text: String(n) }), label);
    $("summary").replaceChildren(
      el("div", { class: "count" }, el("b", { text: sel.edit === "b" ? "B" : "A" }), "scenario"),
      c("failed", SYM.failed + " failed", s.failed), c("degraded", SYM.degraded + " degraded", s.degraded),
      c("frozen", SYM.frozen + " frozen", s.frozen), c("healthy", "healthy", s.healthy),
      c("affected", SYM.affected + " affected (configuration)", s.affected || 0), c("nodes", "nodes", s.nodes));
  }

  // --- diagram ---
  const svg = document.querySelector("#diagram svg");
  const svgNodes = new Map(); // box key → g
  function prepareDiagram() {
    if (!svg) return;
    const ns = "http://www.w3.org/2000/svg";
    const defs = document.createElementNS(ns, "defs");
    const pat = document.createElementNS(ns, "pattern");
    pat.setAttribute("id", "blast-hatch"); pat.setAttribute("patternUnits", "userSpaceOnUse");
    pat.setAttribute("width", "8"); pat.setAttribute("height", "8"); pat.setAttribute("patternTransform", "rotate(45)");
    const bg = document.createElementNS(ns, "rect");
    bg.setAttribute("width", "8"); bg.setAttribute("height", "8"); bg.setAttribute("fill", "#fca5a5");
    const ln = document.createElementNS(ns, "line");
    ln.setAttribute("x1", "0"); ln.setAttribute("y1", "0"); ln.setAttribute("x2", "0"); ln.setAttribute("y2", "8");
    ln.setAttribute("stroke", "#f87171"); ln.setAttribute("stroke-width", "2");
    pat.append(bg, ln); defs.append(pat); svg.prepend(defs);
    for (const g of svg.querySelectorAll("g.node")) {
      const t = g.querySelector("title");
      if (!t || !boxes[t.textContent]) continue;
      const key = t.textContent;
      svgNodes.set(key, g);
      g.dataset.key = key;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      const open = () => openBox(key);
      g.addEventListener("click", (e) => { e.preventDefault(); open(); });
      g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      const bb = g.getBBox();
      const badge = document.createElementNS(ns, "text");
      badge.setAttribute("class", "badge"); badge.setAttribute("x", String(bb.x + 3)); badge.setAttribute("y", String(bb.y + 9));
      g.append(badge);
    }
    // the page draws its own tooltips: the SVG's links lead nowhere
    for (const a of svg.querySelectorAll("a")) a.removeAttribute("xlink:href");
    // the layout runs from the failure domains at the left to the
    // services at the right: open on the services
    const box = $("diagram");
    if (box) box.scrollLeft = box.scrollWidth;
  }
  function boxState(key, hits) {
    let worst = "healthy", n = 0;
    for (const id of boxes[key]) {
      const w = word(hits.get(id));
      if (w !== "healthy") n++;
      if (RANK[w] > RANK[worst]) worst = w;
    }
    return [worst, n];
  }
  function neighbourhood(id, depth) {
    const keep = new Set([id]);
    let front = [id];
    for (let d = 0; d < depth; d++) {
      const next = [];
      for (const f of front) for (const o of adj.get(f) || []) if (!keep.has(o)) { keep.add(o); next.push(o); }
      front = next;
    }
    return keep;
  }
  const adj = new Map();
  for (const e of model.edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from).push(e.to); adj.get(e.to).push(e.from);
  }
  function drawDiagram() {
    const [ans, hits] = shownRun();
    const keep = sel.focus && byId.has(sel.focus) ? neighbourhood(sel.focus, sel.depth) : null;
    const keepBoxes = keep ? new Set([...keep].map((id) => boxOf.get(id))) : null;
    for (const [key, g] of svgNodes) {
      const [w, n] = boxState(key, hits);
      g.classList.remove("st-failed", "st-degraded", "st-frozen", "st-affected", "st-healthy");
      g.classList.add("st-" + w);
      g.classList.toggle("dim", !!keepBoxes && !keepBoxes.has(key));
      g.classList.toggle("sel", !!sel.node && boxOf.get(sel.node) === key);
      const total = boxes[key].length;
      const badge = g.querySelector("text.badge");
      if (badge) badge.textContent = w === "healthy" ? "" : SYM[w] + " " + (total > 1 ? n + "/" + total + " " : "") + w;
      g.setAttribute("aria-label", (total > 1 ? total + " nodes, " + n + " impacted: " : "") + key + ": " + w);
      g.dataset.state = w;
    }
    const down = new Set(ans.down);
    for (const c of svg ? svg.querySelectorAll("g.cluster") : []) {
      const t = c.querySelector("title");
      c.classList.toggle("down", !!t && down.has(t.textContent.replace(/^cluster_/, "")));
    }
    for (const e of svg ? svg.querySelectorAll("g.edge") : []) e.classList.toggle("dim", !!keepBoxes);
    $("unfocus").hidden = !sel.focus;
  }
  function openBox(key) {
    const ids = boxes[key];
    if (ids.length === 1) { select(ids[0]); return; }
    const [, hits] = shownRun();
    const ul = el("ul");
    for (const id of ids) ul.append(el("li", {}, nodeButton(id), " ", stateSpan(word(hits.get(id)))));
    $("box").replaceChildren(el("h3", { text: key + " (" + ids.length + " nodes)" }), ul);
    const first = ul.querySelector("button");
    if (first) first.focus();
  }

  // --- lists ---
  function stateSpan(w) { return el("span", { class: "state " + w, "data-state": w, text: (SYM[w] ? SYM[w] + " " : "") + w }); }
  function nodeButton(id) {
    const n = byId.get(id);
    return el("button", { type: "button", class: "link", "data-node": id, text: n && n.address && n.address !== id ? id : id, onclick: () => select(id) });
  }
  function drawServices() {
    const [, hits] = shownRun();
    const svc = model.nodes.filter((n) => n.kind === "service");
    if (!svc.length) { $("services").replaceChildren(el("p", { class: "muted", text: "The inputs hold no services." })); return; }
    const tb = el("tbody");
    for (const n of svc) {
      const h = hits.get(n.id);
      tb.append(el("tr", { "data-id": n.id }, el("td", {}, nodeButton(n.id)), el("td", { class: "state " + word(h) }, stateSpan(word(h))), el("td", { text: h ? h.reason : "" })));
    }
    $("services").replaceChildren(el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "service" }), el("th", { text: "state" }), el("th", { text: "why" }))), tb));
  }
  const LIMIT = 300;
  function hitTable(hs) {
    const tb = el("tbody");
    for (const h of hs.slice(0, LIMIT)) tb.append(el("tr", { "data-id": h.id }, el("td", {}, nodeButton(h.id)), el("td", {}, stateSpan(word(h))), el("td", { text: h.reason || "" })));
    const t = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "node" }), el("th", { text: "state" }), el("th", { text: "why" }))), tb);
    return hs.length > LIMIT ? [t, el("p", { class: "muted", text: (hs.length - LIMIT) + " more: use the search or focus to find them" })] : [t];
  }
  function drawImpacted() {
    const [ans] = shownRun();
    const order = (h) => -RANK[word(h)];
    const hs = ans.hits.slice().sort((x, y) => order(x) - order(y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    $("impacted").replaceChildren(...(hs.length ? hitTable(hs) : [el("p", { class: "muted", text: "Nothing is impacted." })]));
  }
  function drawCompare() {
    const sec = $("compare");
    if (!sel.b) { sec.hidden = true; return; }
    sec.hidden = false;
    const newly = runB.hits.filter((h) => word(h) === "failed" && word(hitsA.get(h.id)) !== "failed");
    const worse = runB.hits.filter((h) => word(h) !== "failed" && word(h) !== "affected" && RANK[word(h)] > RANK[word(hitsA.get(h.id))]);
    const row = (name, r) => el("tr", {}, el("th", { text: name + ": " + (r.down.join(" + ") || "nothing down") }),
      ...["failed", "degraded", "frozen"].map((k) => el("td", { "data-count": k, text: k + " " + r.summary[k] })));
    sec.replaceChildren(el("h2", { text: "A compared with B" }), el("table", {}, row("A", runA), row("B", runB)),
      el("h3", { "data-newly": String(newly.length), text: newly.length + " newly failed in B" }),
      ...(newly.length ? hitTable(newly) : []),
      el("h3", { text: worse.length + " otherwise worse in B (degraded or frozen)" }),
      ...(worse.length ? hitTable(worse) : []));
  }
  function drawMatrix() {
    if (!matrix || !matrix.columns || !matrix.columns.length) { $("matrix").replaceChildren(el("p", { class: "muted", text: "No single region or zone holds a resource." })); return; }
    const head = el("tr", {}, el("th", { text: matrix.rows }));
    for (const c of matrix.columns) head.append(el("th", { class: "col", scope: "col" }, el("button", { type: "button", class: "link", title: "take " + c.domain + " down alone", text: c.domain, onclick: () => { sel[sel.edit] = { down: [c.domain], scenarios: [] }; update(); } })));
    const tb = el("tbody");
    const rows = matrix.matrix || [];
    for (const r of rows.slice(0, LIMIT)) {
      const tr = el("tr", {}, el("th", { scope: "row" }, nodeButton(r.id)));
      r.cells.forEach((cell) => {
        const w = word(cell);
        tr.append(el("td", { class: "c " + w, title: w + (cell.reason ? ": " + cell.reason : ""), text: SYM[w] }));
      });
      tb.append(tr);
    }
    const spofs = (matrix.singlePointsOfFailure || []).map((s) => s.domain).filter(Boolean);
    // the page carries the first rows only (explore.MatrixRows) and the count of the rest
    const more = Math.max(0, rows.length - LIMIT) + (matrix.omittedRows || 0);
    $("matrix").replaceChildren(el("table", {}, el("thead", {}, head), tb),
      ...(more > 0 ? [el("p", { class: "muted", "data-omitted": String(more), text: more + " more rows not shown" })] : []),
      ...(spofs.length ? [el("p", { text: "Single points of failure: " + spofs.join(", ") })] : []));
  }

  // --- details ---
  function select(id) {
    sel.node = id;
    writeHash();
    drawDiagram();
    drawDetails();
    $("details").focus();
  }
  function chainList(chain, cls) {
    const ol = el("ol", { class: "chain " + cls });
    for (const s of chain || []) ol.append(el("li", {}, nodeButton(s.node), " — ", s.why));
    return ol;
  }
  function drawDetails() {
    const box = $("details");
    if (!sel.node) return;
    if (!byId.has(sel.node)) { box.replaceChildren(el("p", { text: "No node " + sel.node + " in this page." })); return; }
    const s = sel.edit === "b" && sel.b ? sel.b : sel.a;
    let w;
    try { w = call(window.blastWhy, s, sel.node); } catch (e) { status(String(e.message || e), true); return; }
    const n = w.node, im = w.impact, st = word(im.state === "healthy" && !im.frozen ? null : im);
    const p = n.placement || {};
    const dl = el("dl");
    const row = (k, v) => { if (v) dl.append(el("dt", { text: k }), el("dd", {}, v)); };
    row("type", n.type);
    row("address", n.address);
    row("scope", w.knowledge.scope ? w.knowledge.scope + (w.knowledge.scopeRule ? " (" + w.knowledge.scopeRule + ")" : "") : "unknown");
    row("placement", [p.cloud, p.region, p.zone || (p.zones || []).join(", "), (p.regions || []).join(", ")].filter(Boolean).join(" / ") + (p.rule ? " (" + p.rule + ")" : "") || "unknown");
    row("service", w.knowledge.service);
    row("control plane", w.knowledge.controlPlane);
    row("zone spread", w.knowledge.zoneRedundant);
    row("source", [n.source && n.source.file, n.source && n.source.address].filter(Boolean).join(": "));
    row("knowledge", w.knowledge.source);
    const kids = [el("h2", { text: n.address || n.id }), el("p", {}, stateSpan(st), im.reason ? " — " + im.reason : ""),
      el("p", {}, el("button", { type: "button", id: "focus-btn", onclick: () => { sel.focus = n.id; writeHash(); drawDiagram(); } }, "focus on this node"))];
    if (im.chain && im.chain.length) kids.push(el("h3", { text: "Why, link by link" }), chainList(im.chain, "why"));
    if (im.frozenChain && im.frozenChain.length) kids.push(el("h3", { text: "Why frozen" }), el("p", { text: im.frozenReason || "" }), chainList(im.frozenChain, "frozen"));
    if ((im.lost && im.lost.length) || (im.left && im.left.length)) {
      kids.push(el("h3", { text: "Redundancy" }), el("p", { text: "lost: " + ((im.lost || []).join(", ") || "none") }), el("p", { text: "left: " + ((im.left || []).join(", ") || "none") }));
    } else if (w.groups && w.groups.length) {
      kids.push(el("h3", { text: "Redundancy" }), el("p", { text: w.groups.map((g) => g.name + ": needs " + g.need + (g.reason ? " (" + g.reason + ")" : "")).join("; ") }));
    }
    kids.push(el("h3", { text: "What blast knows" }), dl);
    const edges = (title, es, far) => {
      if (!es || !es.length) return;
      const ul = el("ul");
      for (const e of es.slice(0, 50)) ul.append(el("li", {}, nodeButton(e[far]), " (" + e.kind + (e.via ? ", via " + e.via : "") + ")"));
      kids.push(el("h3", { text: title + " (" + es.length + ")" }), ul);
    };
    edges("Needs", w.dependsOn, "to");
    edges("Needed by", w.dependents, "from");
    if (w.inferences && w.inferences.length) {
      const ul = el("ul");
      for (const x of w.inferences) ul.append(el("li", { text: x.rule + ": " + x.detail }));
      kids.push(el("h3", { text: "Inferred" }), ul);
    }
    box.replaceChildren(...kids);
    box.dataset.node = n.id;
    box.dataset.state = st;
  }

  // --- search ---
  function search() {
    const q = $("search").value.trim().toLowerCase();
    const ul = $("matches");
    ul.replaceChildren();
    if (!q) return;
    let n = 0;
    for (const node of model.nodes) {
      if (!(node.id.toLowerCase().includes(q) || (node.address || "").toLowerCase().includes(q) || (node.name || "").toLowerCase().includes(q))) continue;
      ul.append(el("li", {}, nodeButton(node.id)));
      if (++n >= 20) { ul.append(el("li", { class: "muted", text: "…" })); break; }
    }
    if (!n) ul.append(el("li", { class: "muted", text: "no node matches" }));
  }

  // --- start ---
  window.blastTiming = { open: 0, ready: 0, runs: [], last: 0, phases: {} };
  async function start() {
    const t0 = performance.now();
    const phases = window.blastTiming.phases;
    const mark = (name, since) => { const now = performance.now(); phases[name] = now - since; return now; };
    phases.page = t0; // from navigation to here: the document and this script's own set-up
    // the module and the model travel gzipped: the browser unpacks both at once
    const gunzip = (id) => {
      const bin = atob($(id).textContent.trim());
      const raw = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) raw[i] = bin.charCodeAt(i);
      return new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    };
    const [bytes, modelBytes] = await Promise.all([gunzip("wasm-data"), gunzip("model-data")]);
    let t = mark("unpack", t0);
    const go = new Go();
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    go.run(instance);
    t = mark("compile", t);
    const opened = JSON.parse(window.blastOpen(new Uint8Array(modelBytes)));
    if (opened && opened.error) throw new Error(opened.error);
    info = json("info-data");
    t = mark("model", t);
    for (const [k, v] of Object.entries(opened)) phases["model-" + k] = v;
    readHash();
    prepareDiagram();
    drawMatrix();
    drawRisk();
    t = mark("diagram", t);
    $("depth").value = String(sel.depth);
    $("edit-a").addEventListener("click", () => { sel.edit = "a"; update(); });
    $("edit-b").addEventListener("click", () => { if (!sel.b) sel.b = { down: sel.a.down.slice(), scenarios: sel.a.scenarios.slice() }; sel.edit = "b"; update(); });
    $("clear").addEventListener("click", () => { sel.a = { down: [], scenarios: [] }; sel.b = null; sel.edit = "a"; sel.node = ""; sel.focus = ""; update(); });
    $("search").addEventListener("input", search);
    $("depth").addEventListener("change", () => { sel.depth = parseInt($("depth").value, 10); writeHash(); drawDiagram(); });
    $("unfocus").addEventListener("click", () => { sel.focus = ""; writeHash(); drawDiagram(); });
    window.addEventListener("hashchange", () => { readHash(); $("depth").value = String(sel.depth); update(); });
    update();
    mark("first", t);
    window.blastTiming.open = performance.now() - t0;
    window.blastTiming.ready = performance.now();
    document.body.dataset.ready = "1";
    // garbage collection was held off while the graph was built: it
    // resumes once the page is drawn and the browser is idle
    (window.requestIdleCallback || setTimeout)(() => window.blastIdle());
  }
  start().catch((e) => { status("blast explore could not start: " + (e.message || e), true); console.error(e); });
})();
