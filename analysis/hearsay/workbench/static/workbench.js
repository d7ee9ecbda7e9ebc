// The workbench page: pick a scenario, edit it in a form made from the model's parameter
// declarations, run it through the API, follow the queue, read and compare the answers.
"use strict";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
  "#17becf"];
const state = { scenario: null, text: null, model: null, values: null, checkTimer: null,
  checkSeq: 0, runs: [], shown: null, watched: new Set(), seriesCache: {}, armsCache: {},
  arms: [], baseArms: "{}" };
const MAX_ARMS = 8;
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
  state.arms = Object.entries(info.arms || {}).map(([armName, keys]) => ({ name: armName,
    keys: Object.entries(keys || {}).map(([k, v]) => [k, fieldValue(v)]) }));
  state.baseArms = JSON.stringify(armsPayload());
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
  renderArms();
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

// -- 2b. the arms: named variants of the settings, run side by side ---------------------------

function armsPayload() {
  const out = {};
  for (const arm of state.arms) {
    out[arm.name] = {};
    for (const [k, v] of arm.keys) out[arm.name][k] = parseValue(v);
  }
  return out;
}

function requestBody() {
  // The arms go with the request only when they differ from the scenario's own.
  const body = { scenario: state.scenario, set: changes() };
  const arms = armsPayload();
  if (JSON.stringify(arms) !== state.baseArms) body.arms = arms;
  return body;
}

function armKeyChoices() {
  const params = (state.model && state.model.params) || [];
  const brands = (state.values && state.values.brands) || [];
  const out = [];
  for (const b of brands) {
    for (const p of params.filter((q) => q.section === "brand")) {
      out.push({ key: `brands.${b.name}.${p.name}`, value: b[p.name], param: p });
    }
  }
  const model = (state.values && state.values.model) || {};
  for (const p of params.filter((q) => q.section === "model")) {
    out.push({ key: `model.${p.name}`, value: model[p.name], param: p });
  }
  return out;
}

function renderArms() {
  const choices = armKeyChoices();
  const options = `<option value="">add a key…</option>` + choices.map((c) =>
    `<option value="${esc(c.key)}">${esc(c.key)}</option>`).join("");
  $("arms").innerHTML = state.arms.length ? state.arms.map((arm, i) => {
    const rows = arm.keys.map(([k, v], j) => {
      const choice = choices.find((c) => c.key === k);
      const p = choice && choice.param;
      const help = p ? `${p.help} (unit: ${p.unit || "-"}; allowed: ${p.range}; default: ` +
        `${p.default})` : "";
      return `<tr><td class="key" title="${esc(help)}">${esc(k)}</td><td><input type="text" ` +
        `class="arm-value" data-arm="${i}" data-row="${j}" data-arm-key="${esc(k)}" ` +
        `value="${esc(v)}" title="${esc(help)}"></td><td><button type="button" ` +
        `class="arm-drop-key" data-arm="${i}" data-row="${j}" title="remove this key">×` +
        `</button></td></tr>`;
    }).join("");
    return `<div class="arm" data-arm="${i}"><input type="text" class="arm-name" ` +
      `data-arm="${i}" value="${esc(arm.name)}" title="the arm's name (1 to 64 characters ` +
      `without '/' or '.')"> <button type="button" class="arm-duplicate" data-arm="${i}">` +
      `Duplicate</button> <button type="button" class="arm-remove" data-arm="${i}">Remove` +
      `</button><table><tbody>${rows || `<tr><td class="small">the scenario as set above` +
      `</td></tr>`}</tbody></table><select class="arm-add-key" data-arm="${i}">${options}` +
      `</select></div>`;
  }).join("") : `<p class="small">No arms: one run of the settings above.</p>`;
  const brands = (state.values && state.values.brands) || [];
  const menu = $("arm-preset-brand");
  const keep = menu.value;
  menu.innerHTML = brands.map((b) => `<option value="${esc(b.name)}">${esc(b.name)}</option>`)
    .join("");
  if (brands.some((b) => b.name === keep)) menu.value = keep;
  $("arm-presets").disabled = !brands.length || !stylePresets().length;
  $("arm-add").disabled = state.arms.length >= MAX_ARMS;
}

function stylePresets() {
  // The style presets (hard sell, soft sell), not the shipped brands ("NAME (scenario)").
  return ((state.model && state.model.presets) || []).filter((p) => !p.label.includes("("));
}

function freeArmName(base) {
  const taken = new Set(state.arms.map((a) => a.name));
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

function armsChanged() {
  renderArms();
  formChanged();
}

function armsFromPresets() {
  const brand = $("arm-preset-brand").value;
  const presets = stylePresets();
  if (!brand || !presets.length) return;
  // The keys on which the presets differ (all of them when there is one preset).
  const keys = [...new Set(presets.flatMap((p) => Object.keys(p.values)))].filter((k) =>
    presets.length < 2 || new Set(presets.map((p) => JSON.stringify(p.values[k]))).size > 1);
  state.arms = presets.slice(0, MAX_ARMS).map((p) => ({ name: p.label.replace(/[^\w-]+/g, "_"),
    keys: keys.filter((k) => p.values[k] !== undefined).map((k) =>
      [`brands.${brand}.${k}`, fieldValue(p.values[k])]) }));
  armsChanged();
}

function armsClicked(event) {
  const button = event.target.closest("button");
  if (!button) return;
  const i = Number(button.dataset.arm);
  if (button.classList.contains("arm-remove")) state.arms.splice(i, 1);
  else if (button.classList.contains("arm-duplicate") && state.arms.length < MAX_ARMS) {
    const arm = state.arms[i];
    state.arms.splice(i + 1, 0, { name: freeArmName(arm.name), keys: arm.keys.map((r) =>
      [...r]) });
  } else if (button.classList.contains("arm-drop-key")) {
    state.arms[i].keys.splice(Number(button.dataset.row), 1);
  } else return;
  armsChanged();
}

function armsEdited(event) {
  const el = event.target;
  const arm = state.arms[Number(el.dataset.arm)];
  if (!arm) return;
  if (el.classList.contains("arm-name")) arm.name = el.value;
  else if (el.classList.contains("arm-value")) arm.keys[Number(el.dataset.row)][1] = el.value;
  else return;
  formChanged();  // no re-render: the field keeps its cursor
}

function armKeyPicked(event) {
  const el = event.target;
  if (!el.classList.contains("arm-add-key") || !el.value) return;
  const arm = state.arms[Number(el.dataset.arm)];
  const choice = armKeyChoices().find((c) => c.key === el.value);
  if (arm && choice && !arm.keys.some(([k]) => k === choice.key)) {
    arm.keys.push([choice.key, fieldValue(choice.value)]);
  }
  armsChanged();
}

function formChanged() {
  clearTimeout(state.checkTimer);
  $("run").disabled = true;
  state.checkTimer = setTimeout(checkForm, 250);
}

function fieldOfKey(key, brands, message) {
  // The engine names brand keys brands[i].param; the form names them brands.NAME.param.
  const m = /^brands\[(\d+)\]\.(.+)$/.exec(key || "");
  if (m && brands[Number(m[1])]) key = `brands.${brands[Number(m[1])].name}.${m[2]}`;
  // An arm's value: the message names the arm ("in arm 'NAME'"); a bad name is arms.NAME.
  const named = /in arm '([^']*)'/.exec(message || "") || /^arms\.(.*)$/.exec(key || "");
  const i = named ? state.arms.findIndex((a) => a.name === named[1]) : -1;
  if (i >= 0) {
    return document.querySelector(`#arms input.arm-value[data-arm="${i}"]` +
      `[data-arm-key="${CSS.escape(key || "")}"]`) ||
      document.querySelector(`#arms input.arm-name[data-arm="${i}"]`);
  }
  return document.querySelector(`#settings input[data-key="${CSS.escape(key || "")}"]`);
}

async function checkForm() {
  const seq = ++state.checkSeq;
  document.querySelectorAll("#settings input.invalid").forEach((el) =>
    el.classList.remove("invalid"));
  const names = state.arms.map((a) => a.name);
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) {
    const error = new Error(`arms: two arms are called '${twice}': give each its own name`);
    error.data = { key: `arms.${twice}` };
    showFormError(error);
    return;
  }
  try {
    const checked = await api("POST", "/api/check", requestBody());
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
  const field = key && fieldOfKey(key, (state.values && state.values.brands) || [],
    error.message);
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
    const { id } = await api("POST", "/api/runs", requestBody());
    state.watched.add(id);
    await refreshRuns();
  } catch (error) {
    showFormError(error);
  } finally {
    $("run").disabled = !!$("form-error").textContent;
  }
}

// -- 3. the queue ----------------------------------------------------------------------------

function changedText(set, arms) {
  const parts = Object.entries(set || {}).map(([k, v]) => `${k}=${fieldValue(v)}`);
  if (arms) {
    parts.push(Object.keys(arms).length ? "arms: " + Object.entries(arms).map(([name, keys]) =>
      `${name} {${changedText(keys)}}`).join(", ") : "no arms");
  }
  return parts.join(", ");
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
      `<td>${esc(r.listed || r.name)}</td>` +
      `<td class="small">${esc(changedText(r.set, r.arms))}</td>` +
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
    const html = `<option value="">(choose a finished run)</option>` + done.map((r) =>
      `<option value="${esc(r.id)}">${esc(`${r.id} ${r.listed || r.name} ` +
        changedText(r.set, r.arms)).slice(0, 140)}</option>`).join("");
    // Replaced only when the list changes, so that an option being chosen stays put.
    if (menu.dataset.html === html) continue;
    menu.dataset.html = html;
    menu.innerHTML = html;
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
    pointSeries(id, 0)]);
  return { verdict, series };
}

async function pointSeries(id, point) {
  const key = `${id}@${point}`;
  // The promise is kept, so that charts asking at once share one request.
  if (!state.seriesCache[key]) {
    state.seriesCache[key] = api("GET", `/api/runs/${id}/series?point=${point}`);
    state.seriesCache[key].catch(() => delete state.seriesCache[key]);
  }
  return state.seriesCache[key];
}

async function armsView(id) {
  if (!state.armsCache[id]) {
    state.armsCache[id] = api("GET", `/api/runs/${id}/arms`);
    state.armsCache[id].catch(() => delete state.armsCache[id]);
  }
  return state.armsCache[id];
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
  $("arms-view").hidden = true;
  $("arms-table").innerHTML = "";
  $("series-point-label").hidden = true;
  if (!id) return;
  $("downloads").innerHTML = `Download: <a id="download-h5" href="/api/runs/${id}/results.h5">` +
    `results (HDF5)</a> · <a id="download-csv" href="/api/runs/${id}/export.zip">CSV export` +
    `</a> · <a id="download-yaml" href="/api/runs/${id}/scenario.yaml">the scenario that ` +
    `reproduces the run</a> · <a href="/api/runs/${id}/report" target="_blank">report</a>`;
  const [{ verdict, series }, arms] = await Promise.all([runView(id), armsView(id)]);
  if (state.shown !== id) return;
  $("verdict").innerHTML = verdict.html;
  if (arms.arms.length > 1) {
    $("arms-view").hidden = false;
    $("arms-table").innerHTML = `<p class="small">Arms: ${arms.arms.map(esc).join(", ")}.</p>` +
      arms.html;
  }
  // The charts' point: per sweep combination with arms (each arm drawn side by side), else
  // per point.
  const choices = arms.arms.length > 1 ? arms.groups.map((g, k) => g.label || `group ${k}`)
    : series.points;
  $("series-point").innerHTML = choices.map((label, k) =>
    `<option value="${k}">${esc(label)}</option>`).join("");
  $("series-point-label").hidden = choices.length < 2;
  $("verdict-charts-title").hidden = !series.verdict.length;
  $("verdict-where").textContent = series.points.length > 1
    ? ` (at ${series.points[series.point]}; the curves below choose their point)` : "";
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

async function drawSeries() {
  const id = state.shown;
  const seq = (state.drawSeq = (state.drawSeq || 0) + 1);
  if (!id) return;
  const arms = await armsView(id);
  const choice = Number($("series-point").value || 0);
  // With arms: the arms of the chosen sweep combination, side by side; else the chosen point.
  const group = arms.groups[choice] || arms.groups[0];
  const points = arms.arms.length > 1 ? Object.entries(group.points) : [[null, choice]];
  const drawn = await Promise.all(points.map(([, point]) => pointSeries(id, point)));
  if (seq !== state.drawSeq || id !== state.shown) return;
  $("series-chart").innerHTML = "";
  const name = $("series-name").value;
  points.forEach(([arm], k) => {
    const series = drawn[k];
    const entry = series.series.find((s) => s.name === name);
    if (!entry) return;
    const where = arm !== null ? `arm ${arm}${group.label ? ` (${group.label})` : ""}: `
      : series.points.length > 1
      ? `${series.points[series.point]}: ` : "";
    bandChart($("series-chart"), `${where}${entry.name}: mean per brand and the central 90% ` +
      `of ${series.replications} replications`, series.time, seriesGroups(entry), entry.units,
    points.length > 1 ? 380 : 760);
  });
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
      `${esc(id)}<br>${esc(changedText(run.set, run.arms)) || "as shipped"}</p>` + verdict.html +
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
  $("series-point").addEventListener("change", drawSeries);
  $("arms").addEventListener("click", armsClicked);
  $("arms").addEventListener("input", armsEdited);
  $("arms").addEventListener("change", armKeyPicked);
  $("arm-add").addEventListener("click", () => {
    if (state.arms.length >= MAX_ARMS) return;
    state.arms.push({ name: freeArmName(`arm${state.arms.length + 1}`), keys: [] });
    armsChanged();
  });
  $("arm-presets").addEventListener("click", armsFromPresets);
  $("arm-clear").addEventListener("click", () => {
    state.arms = [];
    armsChanged();
  });
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
