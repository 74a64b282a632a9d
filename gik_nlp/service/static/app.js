// The results page: POST the text or file to /v1/view, then show the text with its tagged
// spans marked the way displaCy's "ent" style marks entities, and the record as tables whose
// rows highlight their evidence. Plain script, no build step. ?text=... (and ?source=...)
// in the URL runs an extraction on load, so a result can be linked to.
"use strict";

const LABEL_CLASSES = {AGENCY: "agency", DATE: "date", DOCNO: "docno", STAT_NAME: "stat-name", STAT_VALUE: "stat-value"};
// request: the body and headers of the extraction shown (the CSV download sends it again)
const state = {text: "", record: null, fields: {}, evidence: [], tables: null, request: null};

function $(id) { return document.getElementById(id); }

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

function setStatus(message, isError) {
  const el = $("status");
  el.textContent = message;
  el.className = isError ? "error" : "muted";
}

async function loadMeta() {
  try {
    const health = await (await fetch("/v1/health")).json();
    $("model").textContent = health.model ? "model: " + health.model : "model: " + health.status + " " + (health.message || "");
  } catch (e) { $("model").textContent = "model: unreachable"; }
  try {
    const schema = await (await fetch("/v1/schema")).json();
    for (const f of schema.fields) state.fields[f.id] = f;
    $("legend").innerHTML = schema.labels.map(l => `<mark class="entity ${LABEL_CLASSES[l] || ""}">${escapeHtml(l)}</mark>`).join(" ");
  } catch (e) { /* the page still works without field names */ }
  try {
    state.tables = await (await fetch("/v1/tables")).json();
  } catch (e) { /* no official tables: the statistics list still shows every value */ }
}

// Field id → the messages of the failed checks and conflicts that name it.
function failedFields(record) {
  const failed = {};
  for (const w of record.warnings || []) {
    if (typeof w === "string" || !["check", "conflict", "table-source-inconsistent"].includes(w.kind)) continue;
    for (const id of w.fields || []) (failed[id] = failed[id] || []).push(w.message);
  }
  return failed;
}

// The official tables of the record's format (schema/templates.yaml via /v1/tables), each value
// in its cell; for an unknown format, every table that holds a value.
function renderTables(record) {
  const box = $("tables");
  if (!state.tables) { box.innerHTML = ""; return; }
  const stats = record.statistics || {};
  const failed = failedFields(record);
  let names = state.tables.by_format[record.format];
  if (!names) {
    names = Object.keys(state.tables.tables).filter(n =>
      state.tables.tables[n].rows.some(r => r.cells.some(id => id && stats[id])));
  }
  const html = [];
  for (const name of names) {
    const t = state.tables.tables[name];
    const head = `<tr><th></th>${t.unit_column ? "<th>单位</th>" : ""}` +
      t.columns.map(c => `<th>${escapeHtml(c.zh)}</th>`).join("") + "</tr>";
    const rows = t.rows.map(r => {
      const cells = r.cells.map(id => {
        if (!id) return '<td class="none"></td>';
        const s = stats[id];
        const bad = failed[id];
        const cls = "num" + (bad ? " failed" : "");
        const title = escapeHtml(id + (bad ? "\n" + bad.join("\n") : ""));
        if (!s) return `<td class="${cls}" data-field="${escapeHtml(id)}" title="${title}"></td>`;
        return `<td class="${cls}" data-field="${escapeHtml(id)}" title="${title}"><a href="#stat-${escapeHtml(id)}" ` +
               `class="cell-link">${s.approximate ? "≈" : ""}${escapeHtml(String(s.value))}</a></td>`;
      }).join("");
      return `<tr><th>${escapeHtml(r.label)}</th>${t.unit_column ? `<td>${escapeHtml(r.unit)}</td>` : ""}${cells}</tr>`;
    }).join("");
    html.push(`<table class="official" data-template="${escapeHtml(name)}"><caption>${escapeHtml(t.title)}</caption>` +
              `<thead>${head}</thead><tbody>${rows}</tbody></table>`);
  }
  box.innerHTML = html.join("");
  $("table-count").textContent = `(${names.length})`;
  box.querySelectorAll("a.cell-link").forEach(a => a.addEventListener("click", ev => {
    ev.preventDefault();
    const id = a.parentElement.dataset.field;
    history.replaceState(null, "", "#stat-" + encodeURIComponent(id));
    highlight(record.statistics[id].evidence, document.getElementById("stat-" + id));
  }));
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], {type}));
  const a = document.createElement("a");
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  URL.revokeObjectURL(url);
}

// The record as CSV comes from the service (/v1/extract?format=csv: gik_nlp/writers.py, the same
// columns as `gik extract -o out.csv`), so the page writes no CSV of its own. It sends the request
// that gave the record shown again; extraction is deterministic, so the row is that record's.
async function downloadCsv(stem) {
  const request = state.request;
  if (!request) return;
  setStatus("writing CSV…");
  try {
    const response = await fetch("/v1/extract?format=csv", {method: "POST", body: request.body, headers: request.headers});
    if (!response.ok) {
      const err = (await response.json().catch(() => ({}))).error || {};
      setStatus(`CSV: ${response.status} ${err.kind || ""}: ${err.message || "request failed"}`, true);
      return;
    }
    download(stem + ".csv", "text/csv;charset=utf-8", await response.blob());
    setStatus("CSV written");
  } catch (e) {
    setStatus("CSV request failed: " + e, true);
  }
}

async function extract(body, headers) {
  setStatus("extracting…");
  $("run").disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/v1/view", {method: "POST", body, headers: headers || {}});
    const data = await response.json();
    if (!response.ok) {
      const err = data.error || {};
      setStatus(`${response.status} ${err.kind || ""}: ${err.message || "request failed"}`, true);
      return;
    }
    state.request = {body, headers: headers || {}};
    show(data.record, data.text);
    setStatus(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  } catch (e) {
    setStatus("request failed: " + e, true);
  } finally {
    $("run").disabled = false;
  }
}

// Evidence → list of [start, end] ranges; {"cells": [ids]} takes the cells' own evidence.
function evidenceRanges(evidence, depth) {
  const ranges = [];
  if (!evidence || (depth || 0) > 3) return ranges;
  for (const [key, value] of Object.entries(evidence)) {
    if (key === "cells" && Array.isArray(value)) {
      for (const id of value) {
        const stat = state.record.statistics[id];
        if (stat) ranges.push(...evidenceRanges(stat.evidence, (depth || 0) + 1));
      }
    } else if (key !== "source_span" && Array.isArray(value) && value.length === 2 && Number.isInteger(value[0])
               && value[1] > value[0]) {  // source_span points into the file as given, not into this text
      ranges.push([value[0], value[1]]);
    }
  }
  return ranges;
}

// text[start:end] with the parts inside the current evidence ranges wrapped.
function overlay(start, end) {
  let html = "", pos = start;
  for (const [s, e] of state.evidence) {
    const a = Math.max(s, pos), b = Math.min(e, end);
    if (a >= b) continue;
    html += escapeHtml(state.text.slice(pos, a)) + `<span class="evidence">${escapeHtml(state.text.slice(a, b))}</span>`;
    pos = b;
  }
  return html + escapeHtml(state.text.slice(pos, end));
}

function renderText() {
  const spans = (state.record.spans || []).slice().sort((a, b) => a.start - b.start);
  let html = "", pos = 0;
  for (const span of spans) {
    if (span.start < pos) continue;  // spans never overlap; guard anyway
    html += overlay(pos, span.start);
    const cls = LABEL_CLASSES[span.label] || "other";
    html += `<mark class="entity ${cls}" data-label="${escapeHtml(span.label)}" data-start="${span.start}" ` +
            `data-end="${span.end}" title="${escapeHtml(span.label)} ${Number(span.score).toFixed(2)}">` +
            overlay(span.start, span.end) + `<span class="label">${escapeHtml(span.label)}</span></mark>`;
    pos = span.end;
  }
  html += overlay(pos, state.text.length);
  $("doc").innerHTML = html;
}

function evidenceCell(evidence) {
  if (evidence && Array.isArray(evidence.cells)) return `<a href="#" class="ev-link">Σ ${evidence.cells.length} cells</a>`;
  const ranges = evidenceRanges(evidence);
  if (!ranges.length) return "";
  return `<a href="#" class="ev-link">${ranges.map(([s, e]) => `${s}–${e}`).join(", ")}</a>`;
}

function highlight(evidence, row) {
  state.evidence = evidenceRanges(evidence).sort((a, b) => a[0] - b[0]);
  renderText();
  document.querySelectorAll("tr.selected").forEach(r => r.classList.remove("selected"));
  if (row) row.classList.add("selected");
  const first = document.querySelector("#doc .evidence");
  // Scroll the text pane only, so the table row that was clicked stays where it is.
  if (first) $("doc").scrollTop = first.offsetTop - $("doc").clientHeight / 2;
}

function summaryRows(record) {
  const docno = d => d ? d.normalized : null;
  const rows = [
    ["source", record.source], ["title", record.title], ["agency", record.agency], ["year", record.year],
    ["format", record.format], ["doc_number", docno(record.doc_number)], ["published", record.published],
    ["period", record.period ? `${record.period.start} – ${record.period.end}` : null],
    ["cited_documents", (record.cited_documents || []).map(docno).join("、")], ["model", record.model],
  ];
  return rows.map(([k, v]) => `<tr><th>${k}</th><td>${v === null || v === "" || v === undefined ? '<span class="muted">null</span>' : escapeHtml(String(v))}</td></tr>`).join("");
}

function show(record, text) {
  state.record = record;
  state.text = text;
  state.evidence = [];
  $("result").hidden = false;
  renderText();
  $("span-count").textContent = `(${(record.spans || []).length} spans)`;
  $("summary").innerHTML = summaryRows(record);

  const stats = Object.entries(record.statistics || {});
  $("stat-count").textContent = `(${stats.length})`;
  const body = $("statistics").querySelector("tbody");
  body.innerHTML = stats.map(([id, s], i) => {
    const spec = state.fields[id];
    const name = spec ? (spec.row_zh ? `${spec.row_zh} · ${spec.column_zh}` : spec.zh) : "";
    return `<tr class="stat" data-field="${escapeHtml(id)}" data-index="${i}" id="stat-${escapeHtml(id)}">` +
           `<td><code>${escapeHtml(id)}</code>${s.derived ? ' <span class="tag">derived</span>' : ""}</td>` +
           `<td>${escapeHtml(name)}</td><td class="num">${s.approximate ? "≈" : ""}${escapeHtml(String(s.value))}</td>` +
           `<td>${escapeHtml(s.unit || "")}</td><td class="num">${Number(s.confidence).toFixed(2)}</td>` +
           `<td>${evidenceCell(s.evidence)}</td></tr>`;
  }).join("");
  body.querySelectorAll("tr.stat").forEach(row => row.addEventListener("click", ev => {
    ev.preventDefault();
    history.replaceState(null, "", "#stat-" + encodeURIComponent(row.dataset.field));
    highlight(record.statistics[row.dataset.field].evidence, row);
  }));

  const others = record.other_statistics || [];
  $("other-count").textContent = `(${others.length})`;
  const otherBody = $("other").querySelector("tbody");
  otherBody.innerHTML = others.map((o, i) =>
    `<tr class="other" data-index="${i}"><td>${escapeHtml(o.name)}</td><td class="num">${o.approximate ? "≈" : ""}` +
    `${escapeHtml(String(o.value))}</td><td>${escapeHtml(o.unit || "")}</td><td>${evidenceCell(o.evidence)}</td></tr>`).join("");
  otherBody.querySelectorAll("tr.other").forEach(row => row.addEventListener("click", ev => {
    ev.preventDefault();
    highlight(others[Number(row.dataset.index)].evidence, row);
  }));

  const warnings = record.warnings || [];
  $("warning-count").textContent = `(${warnings.length})`;
  // typed warnings {kind, fields, message} (record.md); a plain string from an older record too
  $("warnings").innerHTML = warnings.map(w => typeof w === "string" ? `<li>${escapeHtml(w)}</li>`
    : `<li><span class="kind">${escapeHtml(w.kind)}</span> ${escapeHtml(w.message)}</li>`).join("");
  $("json").textContent = JSON.stringify(record, null, 2);
  renderTables(record);
  const stem = String(record.source || "record").replace(/[\\/]/g, "_");
  $("download-json").onclick = () => download(stem + ".json", "application/json", JSON.stringify(record, null, 2));
  $("download-csv").onclick = () => downloadCsv(stem);

  // #stat-<field id> in the URL selects that statistic, so evidence can be linked to.
  const wanted = decodeURIComponent(location.hash.replace(/^#stat-/, ""));
  if (location.hash.startsWith("#stat-") && record.statistics[wanted]) {
    highlight(record.statistics[wanted].evidence, document.getElementById("stat-" + wanted));
  }
}

$("input").addEventListener("submit", ev => {
  ev.preventDefault();
  const file = $("file").files[0];
  if (file) {
    const form = new FormData();
    form.append("file", file, file.name);
    extract(form);
  } else if ($("text").value.trim()) {
    extract(JSON.stringify({text: $("text").value, source: "pasted"}), {"Content-Type": "application/json"});
  } else {
    setStatus("paste a report or choose a file first", true);
  }
});

(async function start() {
  await loadMeta();
  const params = new URLSearchParams(location.search);
  if (params.has("text")) {
    $("text").value = params.get("text");
    extract(JSON.stringify({text: params.get("text"), source: params.get("source") || "text"}),
            {"Content-Type": "application/json"});
  }
})();
