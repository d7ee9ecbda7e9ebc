// The workbench page: pick a scenario, edit it in a form made from the model's parameter
// declarations, run it through the API, follow the queue, read and compare the answers.
"use strict";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
  "#17becf"];
const state = { scenario: null, text: null, model: null, values: null, checkTimer: null,
  checkSeq: 0, runs: [], shown: null, watched: new Set(), seriesCache: {} };
const $ = (id) => document.getElementById(id);

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(method, url, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const kind = response.headers.get("content-type") || "";
  const data = kind.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error((data && data.error) || `HTTP ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

// -- 1. the question -------------------------------------------------------------------------

async function loadScenarioList(select) {
  const list = await api("GET", "/api/scenarios");
  const menu = $("scenario");
  menu.innerHTML = list.map((s) =>
    `<option value="${esc(s.name)}">${esc(s.name)} — ${esc(s.description)}</option>`).join("");
  const wanted = select || (list.some((s) => s.name === "hard_vs_soft") ? "hard_vs_soft"
    : list.length ? list[0].name : null);
  if (wanted) {
    menu.value = wanted;
    await pickScenario(wanted);
  }
}

async function pickScenario(name) {
  $("form-error").textContent = "";
  const info = await api("GET", "/api/scenarios/" + encodeURIComponent(name).replace(/%2F/g, "/"));
  state.scenario = name;
  $("question").textContent = info.question || info.description || "";
  $("description").textContent = info.description && info.question !== info.description
    ? info.description : "";
  let checked;
  try {
    checked = await api("POST", "/api/check", { scenario: name, set: {} });
  } catch (error) {
    showFormError(error);
    return;
  }
  state.values = checked.values;
  state.model = await api("GET", "/api/models/" + encodeURIComponent(checked.model));
  buildForm(checked);
  showEstimate(checked);
}

async function upload(file) {
  const text = await file.text();
  const name = file.name.replace(/\.(ya?ml)$/i, "").replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80)
    || "uploaded";
  try {
    const saved = await api("POST", "/api/scenarios", { name, text, overwrite: true });
    await loadScenarioList(saved.name);
  } catch (error) {
    showFormError(error);
  }
}

// -- 2. the form -----------------------------------------------------------------------------

function fieldValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function input(key, value, param) {
  const help = param ? `${param.help} (unit: ${param.unit || "-"}; allowed: ${param.range}; ` +
    `default: ${param.default}; source: ${param.source})` : "";
  return `<input type="text" data-key="${esc(key)}" data-base="${esc(fieldValue(value))}" ` +
    `value="${esc(fieldValue(value))}" title="${esc(help)}" ` +
    `id="${esc("field-" + key.replace(/[^A-Za-z0-9_]/g, "-"))}">`;
}

function paramRows(params, values, keyOf, columns) {
  return params.map((p) => `<tr><td class="name" title="${esc(p.help)}">${esc(p.name)}</td>` +
    columns.map((c) => `<td>${input(keyOf(c, p), values(c, p), p)}</td>`).join("") +
    `<td class="unit">${esc(p.unit)}</td><td class="range">${esc(p.range)}</td>` +
    `<td class="range">${esc(p.source).slice(0, 60)}</td></tr>`).join("");
}

function buildForm(checked) {
  const values = checked.values;
  const params = state.model.params;
  for (const [id, path] of [["set-replications", ["replications"]],
    ["set-network-nodes", ["network", "nodes"]], ["set-time-end", ["time", "end"]]]) {
    let v = values;
    for (const k of path) v = v && typeof v === "object" ? v[k] : undefined;
    const el = $(id);
    el.value = v ?? "";
    el.dataset.base = v ?? "";
    el.disabled = v === undefined;
    el.classList.remove("changed", "invalid");
  }
  const brands = values.brands || [];
  const brandParams = params.filter((p) => p.section === "brand");
  if (brands.length && brandParams.length) {
    const presets = state.model.presets || [];
    const head = brands.map((b, i) => `<th style="color:${COLORS[i % COLORS.length]}">` +
      `${esc(b.name)}<br><select id="preset-${i}" data-brand="${i}">` +
      `<option value="">start from…</option>` + presets.map((p, k) =>
        `<option value="${k}">${esc(p.label)}</option>`).join("") + "</select></th>").join("");
    const campaign = `<tr><td class="name" title="phases {start, end, pitches_per_day, ...}">` +
      `campaign</td>` + brands.map((b) => `<td>${input(`brands.${b.name}.campaign`,
        b.campaign ?? "", null)}</td>`).join("") +
      `<td class="unit"></td><td class="range">list of phases, e.g. ` +
      `[{start: 0, end: 30, pitches_per_day: 4}]</td><td></td></tr>`;
    $("brands").innerHTML = `<h3>Brands, side by side</h3><table class="params brand-columns">` +
      `<thead><tr><th>parameter</th>${head}<th>unit</th><th>allowed</th><th>source</th></tr>` +
      `</thead><tbody>` + paramRows(brandParams, (b, p) => b[p.name],
        (b, p) => `brands.${b.name}.${p.name}`, brands) + campaign + "</tbody></table>";
    brands.forEach((b, i) => $(`preset-${i}`).addEventListener("change", (event) => {
      const preset = presets[Number(event.target.value)];
      if (!preset) return;
      for (const [k, v] of Object.entries(preset.values)) {
        const key = CSS.escape(`brands.${b.name}.${k}`);
        const el = document.querySelector(`input[data-key="${key}"]`);
        if (el) el.value = fieldValue(v);
      }
      formChanged();
    }));
  } else {
    $("brands").innerHTML = "";
  }
  const modelParams = params.filter((p) => p.section === "model");
  const model = values.model || {};
  $("model-params").innerHTML = `<table class="params"><tbody>` + paramRows(modelParams,
    (_, p) => model[p.name], (_, p) => `model.${p.name}`, [null]) + "</tbody></table>";
  document.querySelectorAll("#settings input[data-key]").forEach((el) => {
    el.addEventListener("input", formChanged);
  });
}

function parseValue(text) {
  const t = text.trim();
  if (t !== "" && !isNaN(Number(t))) return Number(t);
  return t;
}

function changes() {
  const set = {};
  document.querySelectorAll("#settings input[data-key]").forEach((el) => {
    const changed = !el.disabled && el.value.trim() !== String(el.dataset.base ?? "").trim();
    el.classList.toggle("changed", changed);
    if (changed) set[el.dataset.key] = parseValue(el.value);
  });
  return set;
}

function formChanged() {
  clearTimeout(state.checkTimer);
  $("run").disabled = true;
  state.checkTimer = setTimeout(checkForm, 250);
}

function fieldOfKey(key, brands) {
  // The engine names brand keys brands[i].param; the form names them brands.NAME.param.
  const m = /^brands\[(\d+)\]\.(.+)$/.exec(key || "");
  if (m && brands[Number(m[1])]) key = `brands.${brands[Number(m[1])].name}.${m[2]}`;
  return document.querySelector(`#settings input[data-key="${CSS.escape(key || "")}"]`);
}

async function checkForm() {
  const seq = ++state.checkSeq;
  document.querySelectorAll("#settings input.invalid").forEach((el) =>
    el.classList.remove("invalid"));
  try {
    const checked = await api("POST", "/api/check", { scenario: state.scenario, set: changes() });
    if (seq !== state.checkSeq) return;
    $("form-error").textContent = "";
    showEstimate(checked);
  } catch (error) {
    if (seq !== state.checkSeq) return;
    showFormError(error);
  }
}

function showFormError(error) {
  $("form-error").textContent = error.message;
  $("run").disabled = true;
  const key = error.data && error.data.key;
  const field = key && fieldOfKey(key, (state.values && state.values.brands) || []);
  if (field) field.classList.add("invalid");
}

function human(seconds) {
  if (seconds === null || seconds === undefined) return "unknown";
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${(seconds / 60).toFixed(0)} min`;
}

function showEstimate(checked) {
  const mib = (checked.memory_bytes / 1048576).toFixed(1);
  $("estimate").textContent = `${checked.runs} runs; about ${mib} MiB of memory; about ` +
    `${human(checked.estimated_seconds)} at the stated rate.`;
  if (!checked.fits) {
    $("form-error").textContent = checked.refusal;
    $("run").disabled = true;
  } else {
    $("run").disabled = false;
  }
}

async function startRun() {
  $("run").disabled = true;
  try {
    const { id } = await api("POST", "/api/runs", { scenario: state.scenario, set: changes() });
    state.watched.add(id);
    await refreshRuns();
  } catch (error) {
    showFormError(error);
  } finally {
    $("run").disabled = !!$("form-error").textContent;
  }
}

// -- 3. the queue ----------------------------------------------------------------------------

function changedText(set) {
  return Object.entries(set || {}).map(([k, v]) => `${k}=${fieldValue(v)}`).join(", ");
}

async function refreshRuns() {
  const runs = await api("GET", "/api/runs");
  state.runs = runs;
  // Rows are replaced only when they change, so that a button stays put under the pointer.
  const body = $("runs").querySelector("tbody");
  const rows = runs.map((r) => {
    const active = r.status === "queued" || r.status === "running";
    const pct = Math.round(100 * (r.progress || 0));
    return `<tr id="run-${esc(r.id)}" data-status="${esc(r.status)}"><td>${esc(r.id)}</td>` +
      `<td>${esc(r.listed || r.name)}</td><td class="small">${esc(changedText(r.set))}</td>` +
      `<td class="status status-${esc(r.status)}">${esc(r.status)}` +
      (r.error && r.status !== "done" ? `<br><span class="small">${esc(r.error)}</span>` : "") +
      `</td><td><progress max="100" value="${pct}"></progress> ${pct}%` +
      `<br><span class="small">${r.runs_done ?? 0} of ${r.runs_total ?? "?"} runs` +
      (r.queue_position ? `; ${r.queue_position} in the queue` : "") + "</span></td><td>" +
      (active ? `<button class="cancel" data-id="${esc(r.id)}">Cancel</button>` : "") +
      "</td></tr>";
  });
  rows.forEach((html, k) => {
    const existing = body.children[k];
    if (existing && existing.dataset.html === html) return;
    const template = document.createElement("template");
    template.innerHTML = html;
    const row = template.content.firstChild;
    row.dataset.html = html;
    if (existing) body.replaceChild(row, existing); else body.appendChild(row);
  });
  while (body.children.length > rows.length) body.removeChild(body.lastChild);
  const done = runs.filter((r) => r.status === "done");
  for (const id of ["result-run", "compare-a", "compare-b"]) {
    const menu = $(id);
    const keep = menu.value;
    menu.innerHTML = `<option value="">(choose a finished run)</option>` + done.map((r) =>
      `<option value="${esc(r.id)}">${esc(r.id)} ${esc(r.listed || r.name)} ` +
      `${esc(changedText(r.set))}</option>`).join("");
    if (done.some((r) => r.id === keep)) menu.value = keep;
  }
  for (const id of [...state.watched]) {
    const run = runs.find((r) => r.id === id);
    if (run && run.status !== "queued" && run.status !== "running") {
      state.watched.delete(id);
      if (run.status === "done") {
        $("result-run").value = id;
        showRun(id);
      }
    }
  }
  return runs;
}

// -- 4. the answer ---------------------------------------------------------------------------

function bandChart(parent, title, time, groups, units, width) {
  const box = document.createElement("div");
  box.className = "chart";
  box.innerHTML = `<h4>${esc(title)}</h4>`;
  parent.appendChild(box);
  const data = [time];
  const series = [{ label: "day" }];
  const bands = [];
  groups.forEach((g, i) => {
    const color = g.color || COLORS[i % COLORS.length];
    data.push(g.mean, g.lo, g.hi);
    const base = series.length;
    series.push({ label: g.label || "mean", stroke: color, width: 2 },
      { label: "", stroke: color + "55", width: 1, points: { show: false } },
      { label: "", stroke: color + "55", width: 1, points: { show: false } });
    bands.push({ series: [base + 2, base + 1], fill: color + "33" });
  });
  const options = { width: width || 540, height: 260, series, bands, scales: { x: { time: false } },
    axes: [{ label: "days" }, { label: units || "", size: 60 }], legend: { show: false } };
  const chart = new uPlot(options, data, box);
  // A legend of the curves alone (the band edges need none).
  const legend = document.createElement("p");
  legend.className = "legend small";
  legend.innerHTML = groups.map((g, i) =>
    `<span style="color:${g.color || COLORS[i % COLORS.length]}">&#9644; ` +
    `${esc(g.label || "mean")}</span>`).join(" &nbsp; ") + " &nbsp; (shaded: the band)";
  box.appendChild(legend);
  return chart;
}

async function runView(id) {
  const [verdict, series] = await Promise.all([api("GET", `/api/runs/${id}/verdict`),
    state.seriesCache[id] || api("GET", `/api/runs/${id}/series`)]);
  state.seriesCache[id] = series;
  return { verdict, series };
}

function moneyTable(series) {
  if (!series.money.length) return "";
  const rows = series.money.map((m) => `<tr><td>${esc(m.name)} <span class="small">` +
    `(${esc(m.units)})</span></td>` + m.rows.map((r) => `<td>${fmt(r.mean)} <span class="small">` +
    `[${fmt(r.lo)}, ${fmt(r.hi)}]</span></td>`).join("") + "</tr>").join("");
  return `<h3>Money (95% intervals over replications)</h3>` +
    `<table class="money"><thead><tr><th></th>` +
    series.money[0].rows.map((r) => `<th>${esc(r.brand)}</th>`).join("") +
    `</tr></thead><tbody>${rows}</tbody></table>`;
}

function fmt(x) {
  if (x === null || x === undefined) return "–";
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

function seriesGroups(entry) {
  return entry.brands.map((b) => ({ label: b.brand || entry.name, mean: b.mean, lo: b.lo,
    hi: b.hi }));
}

async function showRun(id) {
  state.shown = id;
  for (const el of ["verdict", "verdict-charts", "money", "series-chart", "downloads"]) {
    $(el).innerHTML = "";
  }
  $("report").removeAttribute("src");
  $("verdict-charts-title").hidden = true;
  if (!id) return;
  $("downloads").innerHTML = `Download: <a id="download-h5" href="/api/runs/${id}/results.h5">` +
    `results (HDF5)</a> · <a id="download-csv" href="/api/runs/${id}/export.zip">CSV export` +
    `</a> · <a id="download-yaml" href="/api/runs/${id}/scenario.yaml">the scenario that ` +
    `reproduces the run</a> · <a href="/api/runs/${id}/report" target="_blank">report</a>`;
  const { verdict, series } = await runView(id);
  if (state.shown !== id) return;
  $("verdict").innerHTML = verdict.html;
  $("verdict-charts-title").hidden = !series.verdict.length;
  for (const panel of series.verdict) {
    bandChart($("verdict-charts"), panel.title, series.time,
      [{ label: `${panel.first} − ${panel.second}`, mean: panel.mean, lo: panel.lo,
        hi: panel.hi }], "", 360);
  }
  $("money").innerHTML = moneyTable(series);
  const share = series.series.find((s) => s.name === "market_share");
  if (share) {
    bandChart($("money"), "market share: mean per brand and the central 90% of " +
      `${series.replications} replications`, series.time, seriesGroups(share), share.units, 760);
  }
  const menu = $("series-name");
  menu.innerHTML = series.series.map((s) => `<option value="${esc(s.name)}">${esc(s.name)}` +
    ` (${esc(s.units)})</option>`).join("");
  drawSeries();
}

function drawSeries() {
  const series = state.seriesCache[state.shown];
  $("series-chart").innerHTML = "";
  if (!series) return;
  const entry = series.series.find((s) => s.name === $("series-name").value);
  if (!entry) return;
  bandChart($("series-chart"), `${entry.name}: mean per brand and the central 90% of ` +
    `${series.replications} replications`, series.time, seriesGroups(entry), entry.units, 760);
}

// -- 5. compare ------------------------------------------------------------------------------

async function showCompare() {
  for (const [menu, side] of [["compare-a", "compare-left"], ["compare-b", "compare-right"]]) {
    const id = $(menu).value;
    const box = $(side);
    box.innerHTML = "";
    if (!id) continue;
    const { verdict, series } = await runView(id);
    const run = state.runs.find((r) => r.id === id) || {};
    box.innerHTML = `<h3>${esc(run.listed || run.name || id)}</h3><p class="small">` +
      `${esc(id)}<br>${esc(changedText(run.set)) || "as shipped"}</p>` + verdict.html +
      moneyTable(series);
    const first = series.series[0];
    if (first) bandChart(box, first.name, series.time, seriesGroups(first), first.units, 520);
  }
}

// -- start -----------------------------------------------------------------------------------

window.addEventListener("DOMContentLoaded", async () => {
  $("scenario").addEventListener("change", (e) => pickScenario(e.target.value));
  $("upload").addEventListener("change", (e) => e.target.files[0] && upload(e.target.files[0]));
  $("run").addEventListener("click", startRun);
  $("runs").addEventListener("click", async (event) => {
    const button = event.target.closest("button.cancel");
    if (!button) return;
    button.disabled = true;
    await api("DELETE", "/api/runs/" + button.dataset.id);
    refreshRuns();
  });
  $("result-run").addEventListener("change", (e) => showRun(e.target.value));
  $("series-name").addEventListener("change", drawSeries);
  $("compare-a").addEventListener("change", showCompare);
  $("compare-b").addEventListener("change", showCompare);
  $("report-details").addEventListener("toggle", () => {
    if ($("report-details").open && state.shown) {
      $("report").src = `/api/runs/${state.shown}/report`;
    }
  });
  await refreshRuns();
  await loadScenarioList();
  setInterval(() => refreshRuns().catch(() => {}), 700);
});
