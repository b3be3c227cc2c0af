// The operator's page over the dashboard API (/sagas, /sagas/{id}, /sagas/stats, /sagas/stream and the
// operator actions). Plain browser JavaScript, no build step. Every request carries the operator's bearer
// token when there is one — the live stream too, which is why it is read with fetch() and parsed here:
// EventSource cannot send an Authorization header.
'use strict';

const TOKEN_KEY = 'saga-dashboard.token';       // sessionStorage: gone when the tab closes
const OPERATOR_KEY = 'saga-dashboard.operator'; // localStorage: a name, not a secret
const STREAM_RETRY_MIN_MS = 1000;
const STREAM_RETRY_MAX_MS = 30000;
const REFRESH_EVERY_MS = 15000;
const ACTION_TITLES = { retry: 'Retry…', compensate: 'Force compensation…', abort: 'Abort…' };

const view = {
  page: 0,
  total: 0,
  selected: null,        // saga id shown in the detail panel
  olderBefore: null,     // timeline entry id to page older entries back from (the detail shows the latest only)
  detail: null,          // its last detail answer
  pendingAction: null,   // the action the confirmation dialog is about
  definitions: new Map(), // saga type -> its versions (GET /sagas/definitions)
  diagramPick: null,     // [type, version] the operator picked for the diagram; null: the opened saga's
};

const $ = (id) => document.getElementById(id);

// ---- small DOM helpers (text only: nothing the server sends is parsed as HTML) ----------------------

const SVG_NS = 'http://www.w3.org/2000/svg';

function h(tag, attrs, ...children) {
  return element(document.createElement(tag), attrs, children);
}

/** An SVG element: the diagram and the charts are drawn as inline SVG, built like the rest of the page. */
function s(tag, attrs, ...children) {
  return element(document.createElementNS(SVG_NS, tag), attrs, children);
}

function element(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function badge(status, extra) {
  return h('span', { class: 'badge ' + (extra ? extra + ' ' : '') + status }, status);
}

function short(id) {
  return id ? String(id).slice(0, 8) : '';
}

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleDateString() + ' ' + fmtTime(iso);
}

function fmtDuration(ms) {
  if (ms === undefined || ms === null) return '–';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(ms < 10000 ? 2 : 1)) + ' s';
  const m = Math.floor(ms / 60000);
  const s = Math.round((ms % 60000) / 1000);
  return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function isoDurationMs(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso || '');
  if (!m) return 60000;
  return ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000;
}

// ---- token and operator ---------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/**
 * A token handed over in the address (#token=...) is kept for the tab and taken out of the address bar (and
 * so out of the history). Answers whether there was one.
 */
function takeTokenFromFragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const handed = params.get('token');
  if (!handed) return false;
  sessionStorage.setItem(TOKEN_KEY, handed.trim());
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  return true;
}

function operatorName() {
  return $('operator').value.trim();
}

/**
 * The name a JWT carries (upn, preferred_username or sub, the order the server reads them in), decoded without
 * verifying anything: only to show who the actions will be recorded as. Null for anything else.
 */
function tokenName(t) {
  const parts = (t || '').split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    const name = claims.upn || claims.preferred_username || claims.sub;
    return typeof name === 'string' && name ? name : null;
  } catch (notAJwt) {
    return null;
  }
}

/** With a JWT the operator is who it names (the server audits under that name); without one, the typed name. */
function showOperator() {
  const input = $('operator');
  const named = tokenName(token());
  input.readOnly = named !== null;
  input.title = named !== null ? 'the name your token carries: actions are recorded under it' : '';
  input.value = named !== null ? named : localStorage.getItem(OPERATOR_KEY) || '';
}

function authHeaders(extra) {
  const headers = Object.assign({}, extra);
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  return headers;
}

// ---- messages -------------------------------------------------------------------------------------

function showAuthProblem(status, path) {
  const box = $('auth-message');
  box.textContent = status === 401
    ? `An operator token is needed: the server answered 401 Unauthorized to ${path}. `
      + 'Paste a token with the operator role in the Token field above (./saga run prints one), '
      + 'or open this page as /dashboard/#token=<token>.'
    : `This token may not use the dashboard: the server answered 403 Forbidden to ${path}. `
      + 'Use a token with the operator (or admin) role.';
  box.hidden = false;
}

function clearAuthProblem() {
  $('auth-message').hidden = true;
}

function showError(message) {
  const box = $('error-message');
  box.textContent = message;
  box.hidden = !message;
}

let noticeTimer;
function showNotice(message) {
  const box = $('notice');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, 15000);
}

class AuthProblem extends Error {}

/** Calls the dashboard API; answers the parsed JSON, or throws with the problem's detail. */
async function api(path, options = {}) {
  const response = await fetch(path, {
    method: options.method || 'GET',
    headers: authHeaders(Object.assign({ Accept: 'application/json' }, options.headers)),
    body: options.body,
    cache: 'no-store',
  });
  if (response.status === 401 || response.status === 403) {
    showAuthProblem(response.status, path.split('?')[0]);
    throw new AuthProblem('HTTP ' + response.status);
  }
  clearAuthProblem();
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (notJson) { body = null; }
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    throw new Error(detail ? `${detail} (HTTP ${response.status})` : `HTTP ${response.status} from ${path}`);
  }
  return body;
}

function reportFailure(e) {
  if (!(e instanceof AuthProblem)) showError(e.message);
}

// ---- stats ----------------------------------------------------------------------------------------

async function refreshStats() {
  const stuckFor = $('stuck-after').value;
  const q = new URLSearchParams({ window: $('window').value, stuckFor });
  const stats = await api('/sagas/stats?' + q);
  $('stat-started').textContent = stats.started;
  $('stat-finished').textContent = stats.finished;
  $('stat-started-rate').textContent = stats.startedPerSecond.toFixed(3);
  $('stat-finished-rate').textContent = stats.finishedPerSecond.toFixed(3);
  const d = stats.durationMs || {};
  $('stat-p50').textContent = fmtDuration(d.p50);
  $('stat-p90').textContent = fmtDuration(d.p90);
  $('stat-p99').textContent = fmtDuration(d.p99);
  $('stat-max').textContent = fmtDuration(d.max);
  $('stat-stuck').textContent = stats.stuck;
  $('stat-stuck-for').textContent = fmtDuration(isoDurationMs(stuckFor));
  // the server caches the stats (maxAgeSeconds); say how old the figures are, and over how many sagas the
  // percentiles were taken when the window holds more than the sample
  $('stats-freshness').textContent = `as of ${fmtTime(stats.computedAt)}`
    + (d.count !== undefined && d.count < stats.finished ? ` · percentiles over the latest ${d.count} finished` : '');
  const counts = $('stat-counts');
  counts.replaceChildren(...Object.entries(stats.countsByStatus).map(([status, n]) =>
    h('li', { dataset: { status } }, badge(status), h('strong', { class: 'count' }, n))));
  await refreshDoor();
}

// orders refused at order-service's door (429) never become sagas: shown here so that overload is visible
async function refreshDoor() {
  const door = await api('/sagas/admission');
  const card = $('door');
  if (!door.reachable) {
    card.dataset.accepting = '';
    $('door-state').textContent = 'order-service not reachable (' + (door.detail || '?') + ')';
    for (const id of ['door-refused', 'door-in-flight', 'door-limit', 'door-refused-total']) $(id).textContent = '–';
    return;
  }
  card.dataset.accepting = String(door.accepting);
  $('door-state').textContent = door.accepting ? 'accepting' : 'refusing (429)';
  $('door-refused').textContent = door.rejectedLastMinute;
  $('door-in-flight').textContent = door.inFlight;
  $('door-limit').textContent = door.limit;
  $('door-refused-total').textContent = door.rejectedTotal;
}

// ---- pictures: the time series charts and the definition diagram with its heat map -------------------

const CHART = { width: 560, height: 190, left: 56, right: 14, top: 12, bottom: 36 };
const SERIES_BUCKETS = 30;

/** The smallest of 1, 2, 5 × 10^k at or above v: the top of an axis. */
function niceCeil(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v);
}

/**
 * An empty chart over a series' buckets: axes, gridlines, the y axis from 0 to yMax labelled with fmtY, the time of
 * the window's start, middle and end under the x axis. x(i) is the left edge of bucket i, y(v) the height of v.
 */
function chartFrame(series, yMax, fmtY, yTitle) {
  const c = CHART;
  const plotW = c.width - c.left - c.right;
  const plotH = c.height - c.top - c.bottom;
  const n = series.buckets.length;
  const x = (i) => c.left + (i / n) * plotW;
  const y = (v) => c.top + plotH - (v / yMax) * plotH;
  const svg = s('svg', { viewBox: `0 0 ${c.width} ${c.height}`, class: 'chart-svg', role: 'img',
    preserveAspectRatio: 'xMidYMid meet' });
  for (const v of [0, yMax / 2, yMax]) {
    svg.append(s('line', { class: v === 0 ? 'axis' : 'grid', x1: c.left, x2: c.left + plotW, y1: y(v), y2: y(v) }),
      s('text', { class: 'tick', x: c.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtY(v)));
  }
  svg.append(s('line', { class: 'axis', x1: c.left, x2: c.left, y1: c.top, y2: c.top + plotH }));
  const times = [[0, series.from, 'start'], [0.5, null, 'middle'], [1, series.to, 'end']];
  for (const [f, at, anchor] of times) {
    const iso = at || new Date((Date.parse(series.from) + Date.parse(series.to)) / 2).toISOString();
    svg.append(s('text', { class: 'tick', x: c.left + f * plotW, y: c.top + plotH + 16, 'text-anchor': anchor },
      fmtTime(iso).replace(/\.\d+$/, '')));
  }
  svg.append(s('text', { class: 'axis-title', x: c.left + plotW / 2, y: c.height - 3, 'text-anchor': 'middle' },
    'finished at'),
  s('text', { class: 'axis-title', transform: `translate(12 ${c.top + plotH / 2}) rotate(-90)`,
    'text-anchor': 'middle' }, yTitle));
  return { svg, x, y, slot: plotW / n };
}

function legend(entries) {
  return h('ul', { class: 'chart-legend' }, entries.map(([cls, label]) =>
    h('li', {}, h('span', { class: 'swatch ' + cls }), label)));
}

/** Finished sagas per bucket, stacked by how they ended. */
function drawThroughput(series) {
  const parts = [['completed', 'completed'], ['compensated', 'compensated'], ['failed', 'failed'],
    ['aborted', 'aborted']];
  const total = (b) => parts.reduce((sum, [key]) => sum + b[key], 0);
  const finished = series.buckets.reduce((sum, b) => sum + total(b), 0);
  const max = niceCeil(Math.max(...series.buckets.map(total)));
  const frame = chartFrame(series, max, (v) => String(Math.round(v * 10) / 10), 'sagas');
  series.buckets.forEach((b, i) => {
    let base = 0;
    for (const [key, cls] of parts) {
      if (!b[key]) continue;
      frame.svg.append(s('rect', { class: 'bar ' + cls, x: frame.x(i) + frame.slot * 0.1, width: frame.slot * 0.8,
        y: frame.y(base + b[key]), height: frame.y(base) - frame.y(base + b[key]), dataset: { bucket: i, count: b[key] } },
      s('title', {}, `${fmtTime(b.start)}: ${b[key]} ${key}`)));
      base += b[key];
    }
  });
  frame.svg.dataset.finished = String(finished);
  $('chart-throughput').replaceChildren(frame.svg, legend(parts.map(([key, cls]) => [cls, key])));
}

/** Duration percentiles per bucket, a line each; a bucket where nothing finished breaks the line. */
function drawDurations(series) {
  const lines = [['p50', 'line-p50'], ['p95', 'line-p95'], ['p99', 'line-p99']];
  const values = series.buckets.flatMap((b) => lines.map(([key]) => b[key]).filter((v) => v !== undefined));
  const frame = chartFrame(series, niceCeil(Math.max(0, ...values)), fmtDuration, 'duration');
  let points = 0;
  for (const [key, cls] of lines) {
    let d = '';
    let drawing = false;
    series.buckets.forEach((b, i) => {
      if (b[key] === undefined) { drawing = false; return; }
      const px = frame.x(i) + frame.slot / 2;
      d += `${drawing ? 'L' : 'M'}${px.toFixed(1)} ${frame.y(b[key]).toFixed(1)} `;
      drawing = true;
      frame.svg.append(s('circle', { class: 'point ' + cls, cx: px, cy: frame.y(b[key]), r: 2.5, dataset: { bucket: i } },
        s('title', {}, `${fmtTime(b.start)}: ${key} ${fmtDuration(b[key])}`)));
      if (key === 'p50') points += 1;
    });
    if (d) frame.svg.append(s('path', { class: 'line ' + cls, d }));
  }
  frame.svg.dataset.points = String(points);
  $('chart-durations').replaceChildren(frame.svg, legend(lines.map(([key, cls]) => [cls, key])));
}

async function refreshSeries() {
  const q = new URLSearchParams({ window: $('window').value, buckets: String(SERIES_BUCKETS) });
  const series = await api('/sagas/series?' + q);
  $('bucket-size').textContent = fmtDuration(series.bucketSeconds * 1000);
  drawThroughput(series);
  drawDurations(series);
}

const DIAGRAM = { pad: 16, column: 236, box: 196, boxH: 62, compH: 34, gap: 14, head: 22 };
const KIND_LABELS = { COMPENSATABLE: 'compensatable', PIVOT: '◆ pivot', RETRIABLE: '↻ retriable' };
// the opened saga's step outcomes (GET /sagas/{id}), as the diagram colours them
const SAGA_STEP_CLASSES = {
  SUCCEEDED: 'saga-done', WAITING_FOR_REPLY: 'saga-current', WAITING_TO_RETRY: 'saga-current',
  QUEUED_AT_PARTICIPANT: 'saga-current', FAILED: 'saga-failed', OUTCOME_UNKNOWN: 'saga-failed',
  DEAD_LETTERED: 'saga-failed', NO_REPLY: 'saga-noreply',
};

/** The registered versions the diagram can draw, as [type, version] pairs. */
function drawableVersions() {
  return [...view.definitions.values()].flatMap((d) => d.versions.filter((v) => v.registered && v.steps)
    .map((v) => [d.type, v.version]));
}

/** Which definition the diagram shows: the opened saga's, or what the operator picked, or the first type's current. */
function diagramChoice() {
  const choices = drawableVersions();
  const detail = view.detail && view.detail.saga;
  const wanted = view.diagramPick || (detail ? [detail.type, detail.version] : null);
  const found = wanted && choices.find(([t, v]) => t === wanted[0] && v === wanted[1]);
  if (found) return found;
  const first = [...view.definitions.values()].find((d) => d.keyName);
  return first ? [first.type, first.currentVersion] : choices[0];
}

async function refreshDiagram() {
  const choice = diagramChoice();
  const select = $('definition-pick');
  select.replaceChildren(...drawableVersions().map(([t, v]) => h('option', { value: `${t}@${v}` }, `${t} v${v}`)));
  if (!choice) {
    $('diagram').replaceChildren(h('p', { class: 'muted' }, 'No saga definition is registered.'));
    return;
  }
  const [type, version] = choice;
  select.value = `${type}@${version}`;
  const definition = view.definitions.get(type).versions.find((v) => v.version === version);
  const q = new URLSearchParams({ type, version: String(version), window: $('window').value });
  const heat = await api('/sagas/heatmap?' + q);
  const detail = view.detail && view.detail.saga.type === type && view.detail.saga.version === version
    ? view.detail : null;
  drawDiagram(definition, heat, detail);
  const sum = (key) => heat.steps.reduce((n, st) => n + st[key], 0);
  $('definition-summary').textContent = `${type} v${version}`
    + ` · now ${sum('running') + sum('compensating') + sum('failedHere')} open at a step`
    + ` · in the window ${sum('failed')} step failures, ${sum('compensated')} steps undone`
    + ` · as of ${fmtTime(heat.computedAt)}` + (detail ? ` · saga ${short(detail.saga.id)} shown on it` : '');
}

/** Heat from white to deep orange: how many sagas a step holds or lost, against the busiest step. */
function heatFill(value, max) {
  return value > 0 ? `rgba(226, 94, 20, ${(0.12 + 0.6 * value / max).toFixed(3)})` : '#ffffff';
}

/**
 * The definition, stage by stage from left to right; the steps of a stage stacked in one column inside a dashed
 * group; each step's compensation under it; heat-map counts in and behind every step; the opened saga's steps
 * outlined by outcome, and marked where it stands.
 */
function drawDiagram(definition, heat, detail) {
  const d = DIAGRAM;
  const stages = [];
  definition.steps.forEach((st) => { (stages[st.stage] = stages[st.stage] || []).push(st); });
  const anyCompensation = definition.steps.some((st) => st.compensation);
  const cellH = d.boxH + (anyCompensation ? d.compH + 4 : 0);
  const rows = Math.max(...stages.map((members) => members.length));
  const width = d.pad * 2 + (stages.length - 1) * d.column + d.box;
  const height = d.pad + d.head + rows * (cellH + d.gap) + 34;
  const byStep = new Map(heat.steps.map((st) => [st.name, st]));
  const sagaSteps = new Map(detail ? detail.steps.map((st) => [st.name, st]) : []);
  const weight = (st) => st ? st.running + st.compensating + st.failedHere + st.failed : 0;
  const max = Math.max(1, ...heat.steps.map(weight), ...heat.steps.map((st) => st.compensated));
  const top = (members, j) => d.pad + d.head + (rows - members.length) * (cellH + d.gap) / 2 + j * (cellH + d.gap);

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'diagram-svg', role: 'img',
    'aria-label': `${heat.type} v${heat.version}` },
  s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
    orient: 'auto-start-reverse' }, s('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow-head' }))));
  const middle = d.pad + d.head + rows * (cellH + d.gap) / 2 - d.gap / 2 - (anyCompensation ? (d.compH + 4) / 2 : 0);
  stages.forEach((members, i) => {
    const x = d.pad + i * d.column;
    const column = s('g', { class: 'stage-column', dataset: { stage: i, members: members.length } },
      s('text', { class: 'stage-title', x: x + d.box / 2, y: d.pad + 12, 'text-anchor': 'middle' },
        `stage ${i + 1}` + (members.length > 1 ? ' · ∥ side by side' : '')));
    if (members.length > 1) {
      const y0 = top(members, 0) - 6;
      column.append(s('rect', { class: 'parallel-group', dataset: { stage: i }, x: x - 6, y: y0, width: d.box + 12,
        height: members.length * (cellH + d.gap) - d.gap + 12, rx: 10 }));
    }
    members.forEach((st, j) => column.append(drawStep(st, x, top(members, j), byStep.get(st.name),
      sagaSteps.get(st.name), max, weight)));
    if (i + 1 < stages.length) {
      column.append(s('line', { class: 'flow', x1: x + d.box + 8, x2: x + d.column - 8, y1: middle, y2: middle,
        'marker-end': 'url(#arrow)' }));
    }
    svg.append(column);
  });
  if (anyCompensation) {
    const y = height - 14;
    svg.append(s('line', { class: 'flow compensation-flow', x1: width - d.pad, x2: d.pad, y1: y, y2: y,
      'marker-end': 'url(#arrow)' }),
    s('text', { class: 'compensation-note', x: width / 2, y: y - 5, 'text-anchor': 'middle' },
      'when a step fails: the succeeded steps are compensated, newest stage first'));
  }
  svg.dataset.type = heat.type;
  svg.dataset.version = String(heat.version);
  if (detail) svg.dataset.saga = detail.saga.id;
  $('diagram').replaceChildren(svg);
}

function drawStep(st, x, y, heat, sagaStep, max, weight) {
  const d = DIAGRAM;
  const outcome = sagaStep ? SAGA_STEP_CLASSES[sagaStep.status] : null;
  const counts = heat || { running: 0, compensating: 0, failedHere: 0, failed: 0, compensated: 0 };
  const open = counts.running + counts.compensating + counts.failedHere;
  const g = s('g', { class: ['step', 'kind-' + st.kind.toLowerCase(), outcome].filter(Boolean).join(' '), dataset: {
    step: st.name, stage: st.stage, kind: st.kind, open, running: counts.running, compensating: counts.compensating,
    failedHere: counts.failedHere, failed: counts.failed, compensated: counts.compensated,
    position: outcome === 'saga-current' && sagaStep.compensationStatus !== 'COMPENSATING' ? 'current' : null,
    sagaStatus: sagaStep ? sagaStep.status : null,
  } },
  s('rect', { class: 'step-box', x, y, width: d.box, height: d.boxH, rx: 6, fill: heatFill(weight(counts), max) }),
  s('title', {}, `${st.name} (${st.kind.toLowerCase()}): ${counts.running} running here, ${counts.compensating}`
    + ` compensating, ${counts.failedHere} failed here waiting for an operator; in the window ${counts.failed}`
    + ` failed at it, ${counts.compensated} undone` + (sagaStep ? `; the opened saga: ${sagaStep.status}` : '')),
  s('text', { class: 'step-name', x: x + 8, y: y + 17 }, st.name),
  s('text', { class: 'step-kind', x: x + 8, y: y + 32 }, KIND_LABELS[st.kind] || st.kind.toLowerCase(),
    st.action ? '' : ' · no forward command'),
  s('text', { class: 'heat-counts', x: x + 8, y: y + 50 },
    s('tspan', { class: 'heat-open' }, `▶ ${open} here`),
    s('tspan', { class: 'heat-failed', dx: 8 }, `✕ ${counts.failed} failed`)));
  if (st.kind === 'PIVOT') {
    g.append(s('path', { class: 'pivot-marker', d: `M${x + d.box - 16} ${y + 4} l8 8 l-8 8 l-8 -8 z` }));
  }
  if (outcome === 'saga-current' && g.dataset.position === 'current') {
    g.append(s('text', { class: 'here-marker', x: x + d.box - 8, y: y + 50, 'text-anchor': 'end' }, '◀ here'));
  }
  if (st.compensation) {
    const cy = y + d.boxH + 4;
    const undone = sagaStep && sagaStep.compensationStatus;
    const cls = undone === 'COMPENSATED' ? 'saga-compensated' : undone === 'COMPENSATING' ? 'saga-current'
      : undone ? 'saga-failed' : null;
    g.append(s('g', { class: ['compensation', cls].filter(Boolean).join(' '), dataset: {
      step: st.name, compensated: counts.compensated, position: cls === 'saga-current' ? 'current' : null } },
    s('rect', { class: 'compensation-box', x: x + 10, y: cy, width: d.box - 10, height: d.compH, rx: 4,
      fill: heatFill(counts.compensated, max) }),
    s('text', { class: 'compensation-text', x: x + 16, y: cy + 14 }, `↶ compensation · ${counts.compensated} undone`),
    s('text', { class: 'compensation-text confirmed-by', x: x + 16, y: cy + 27 },
      (st.compensationConfirmedBy || []).map((t) => t.replace(/^.*\./, '')).join(', '))));
  }
  return g;
}

// ---- saga list ------------------------------------------------------------------------------------

function filterQuery() {
  const form = $('filters');
  const q = new URLSearchParams();
  const value = (name) => form.elements[name].value.trim();
  if (value('status')) q.set('status', value('status'));
  if (value('type')) q.set('type', value('type'));
  if (value('version')) q.set('version', value('version'));
  if (value('key')) q.set('key', value('key'));
  for (const name of ['from', 'to']) {
    if (value(name)) {
      const at = new Date(value(name)); // datetime-local is the browser's local time
      if (isNaN(at)) throw new Error(`"${name}" is not a date and time`);
      q.set(name, at.toISOString());
    }
  }
  if (form.elements.stuck.checked) q.set('stuckFor', value('stuckAfter'));
  q.set('size', value('size'));
  q.set('page', String(view.page));
  return q;
}

/** The saga types this orchestrator runs (GET /sagas/definitions): they fill the type filter. */
async function refreshDefinitions() {
  const definitions = await api('/sagas/definitions');
  view.definitions = new Map(definitions.map((d) => [d.type, d]));
  const select = $('type-filter');
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '' }, 'any'), ...definitions.map((d) =>
    h('option', { value: d.type, title: d.keyName ? `new sagas start on v${d.currentVersion}` : 'no longer registered' },
      d.type)));
  select.value = definitions.some((d) => d.type === chosen) ? chosen : '';
}

/** What the saga's definition calls its key (orderId → "Order id"). */
function keyLabel(s) {
  if (!s.keyName) return 'Key';
  const words = s.keyName.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whether new sagas of its type still start on the saga's version. */
function versionTitle(s) {
  const definition = view.definitions && view.definitions.get(s.type);
  if (!definition) return `definition version ${s.version}`;
  return definition.currentVersion === s.version ? `definition version ${s.version}: new sagas start on it`
    : `definition version ${s.version}: new sagas start on v${definition.currentVersion}`;
}

/** Why a saga counts as stuck, and what it waits on; null when it is moving or finished. */
function stuckInfo(s) {
  const waitsOn = !s.currentStep ? null
    : s.phase === 'COMPENSATION' ? 'compensation of ' + s.currentStep : s.currentStep;
  if (s.status === 'FAILED') return { why: 'stuck: needs an operator', waitsOn };
  if (s.status !== 'RUNNING' && s.status !== 'COMPENSATING') return null;
  const unchangedMs = Date.now() - Date.parse(s.updatedAt);
  if (s.attempt > 1) return { why: `stuck: no reply, sent ${s.attempt} times`, waitsOn };
  if (unchangedMs >= isoDurationMs($('stuck-after').value)) {
    return { why: `stuck: unchanged for ${fmtDuration(unchangedMs)}`, waitsOn };
  }
  return null;
}

function stepCell(s, stuck) {
  if (stuck) {
    return h('td', {}, h('span', { class: 'stuck-label' }, stuck.why.toUpperCase()), h('br'),
      'waits on ', h('strong', { class: 'waits-on' }, stuck.waitsOn || 'an operator'));
  }
  if (s.status === 'RUNNING' || s.status === 'COMPENSATING') {
    return h('td', {}, s.phase === 'COMPENSATION' ? 'undoing ' : 'at ', h('strong', {}, s.currentStep || '–'));
  }
  if (s.failureReason) {
    return h('td', { class: 'muted', title: s.failureReason },
      s.failureReason.length > 70 ? s.failureReason.slice(0, 69) + '…' : s.failureReason);
  }
  return h('td', { class: 'muted' }, '—');
}

function sagaRow(s) {
  const stuck = stuckInfo(s);
  const classes = [stuck ? 'stuck' : '', s.id === view.selected ? 'selected' : ''].join(' ').trim();
  const row = h('tr', { class: classes || null, dataset: { sagaId: s.id, status: s.status } },
    h('td', {}, fmtDateTime(s.startedAt)),
    h('td', { class: 'mono', title: s.id }, short(s.id)),
    h('td', { class: 'mono', title: s.key }, short(s.key)),
    h('td', {}, s.type),
    h('td', { class: 'version', title: versionTitle(s) }, 'v' + s.version),
    h('td', { class: 'status' }, badge(s.status)),
    stepCell(s, stuck),
    h('td', {}, s.attempt),
    h('td', {}, fmtDuration(s.durationMs)),
    h('td', { class: 'muted' }, fmtTime(s.updatedAt)));
  row.addEventListener('click', () => openDetail(s.id).catch(reportFailure));
  return row;
}

let lastStatuses = new Map();
async function refreshList() {
  let query;
  try {
    query = filterQuery();
  } catch (e) {
    showError(e.message);
    return;
  }
  const page = await api('/sagas?' + query);
  showError('');
  view.total = page.total;
  const rows = page.items.map(sagaRow);
  // a row whose status changed since the last refresh flashes once
  for (const row of rows) {
    const before = lastStatuses.get(row.dataset.sagaId);
    if (before && before !== row.dataset.status) row.classList.add('changed');
  }
  lastStatuses = new Map(page.items.map((s) => [s.id, s.status]));
  $('saga-rows').replaceChildren(...rows);
  $('empty').hidden = page.items.length > 0;
  // past the count cap the total is a lower bound ("10000+") and pages stop there: narrow the filter to go back further
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const more = page.totalIsLowerBound ? '+' : '';
  $('page-info').textContent = `page ${page.page + 1} of ${pages}${more}`;
  $('list-summary').textContent = `${page.total}${more} saga${page.total === 1 && !more ? '' : 's'}`
    + (more ? ' (narrow the filter, e.g. the start time, to see older ones)' : '');
  $('prev').disabled = page.page === 0;
  $('next').disabled = page.page + 1 >= pages;
}

// ---- detail ---------------------------------------------------------------------------------------

async function openDetail(id) {
  view.selected = id;
  view.diagramPick = null; // the diagram follows the saga opened
  for (const row of $('saga-rows').children) row.classList.toggle('selected', row.dataset.sagaId === id);
  await refreshDetail();
  $('detail').hidden = false;
  await refreshDiagram();
}

async function refreshDetail() {
  if (!view.selected) return;
  const detail = await api('/sagas/' + encodeURIComponent(view.selected));
  view.detail = detail;
  renderDetail(detail);
}

function fact(label, value, wide) {
  return [h('dt', {}, label), h('dd', { class: wide ? 'wide' : null }, value === undefined || value === null || value === '' ? '–' : value)];
}

function renderDetail(d) {
  const s = d.saga;
  $('detail').dataset.sagaId = s.id;
  $('detail').dataset.status = s.status;
  $('detail-title').replaceChildren('Saga ', h('span', { class: 'mono' }, s.id), ' ', badge(s.status));
  $('detail-facts').replaceChildren(
    ...fact(keyLabel(s), h('span', { class: 'mono' }, s.key)),
    ...fact('Type', s.type),
    ...fact('Version', h('span', { id: 'detail-version', title: versionTitle(s) }, 'v' + s.version)),
    ...fact('Started', fmtDateTime(s.startedAt)),
    ...fact('Finished', fmtDateTime(s.finishedAt)),
    ...fact('Duration', s.durationMs !== undefined ? fmtDuration(s.durationMs) : 'still running'),
    ...fact('Phase', s.phase + (s.currentStep ? ' at ' + s.currentStep : '')),
    ...fact('Waiting for', d.waitingFor, true),
    ...fact('Failure reason', s.failureReason, true));

  const actions = $('detail-actions');
  if (!d.actions || d.actions.length === 0) {
    actions.replaceChildren(h('span', { class: 'muted' }, 'No operator action: this saga has ended.'));
  } else {
    actions.replaceChildren(h('span', { class: 'muted' }, 'Operator actions:'), ...d.actions.map((a) => {
      const button = h('button', { type: 'button', class: a.action === 'abort' ? 'danger' : null,
        dataset: { action: a.action } }, ACTION_TITLES[a.action] || a.action);
      button.addEventListener('click', () => askToConfirm(a));
      return button;
    }));
  }

  // steps of one stage run side by side: one stage cell spans them, and the rows are marked as parallel
  const stageSize = {};
  d.steps.forEach(step => { stageSize[step.stage] = (stageSize[step.stage] || 0) + 1; });
  const firstOfStage = (step, i) => i === 0 || d.steps[i - 1].stage !== step.stage;
  $('step-rows').replaceChildren(...d.steps.map((step, i) => h('tr', {
      class: stageSize[step.stage] > 1 ? 'parallel' : null, dataset: { step: step.name, stage: step.stage } },
    firstOfStage(step, i) ? h('td', { class: 'stage', rowspan: stageSize[step.stage] }, step.stage + 1,
      stageSize[step.stage] > 1 ? [h('br'), h('span', { class: 'muted small' }, '∥ in parallel')] : null) : null,
    h('td', { class: 'step-name' }, h('strong', {}, step.name), h('br'),
      h('span', { class: 'muted small' }, step.kind.toLowerCase())),
    h('td', { class: 'outcome' }, badge(step.status, 'step')),
    h('td', { class: 'attempts' }, step.attempts),
    h('td', { class: 'mono' }, step.commandType || ''),
    h('td', { class: 'mono command-id', title: step.commandMessageId || '' }, step.commandMessageId || ''),
    h('td', { class: 'mono' }, step.replyType || ''),
    h('td', { class: 'mono reply-id', title: step.replyMessageId || '' }, step.replyMessageId || ''),
    h('td', {}, fmtTime(step.startedAt)),
    h('td', { class: 'duration' }, step.durationMs !== undefined ? fmtDuration(step.durationMs) : ''),
    h('td', { class: 'compensation', title: step.compensationMessageId || '' },
      step.compensationStatus ? badge(step.compensationStatus, 'step') : ''))));

  view.olderBefore = d.olderBefore;
  $('timeline-older').hidden = !d.timelineTruncated;
  $('timeline').replaceChildren(...timelineItems(d.timeline));
}

// the detail carries the latest entries only; older ones are paged in on demand, before the shown ones
async function loadOlderTimeline() {
  if (!view.selected || !view.olderBefore) return;
  const q = new URLSearchParams({ before: String(view.olderBefore) });
  const older = await api('/sagas/' + encodeURIComponent(view.selected) + '/timeline?' + q);
  view.olderBefore = older.olderBefore;
  $('timeline-older').hidden = !older.olderBefore;
  $('timeline').prepend(...timelineItems(older.entries));
}

function timelineItems(entries) {
  let previous = null;
  return entries.map((t) => {
    const gap = previous ? Date.parse(t.at) - Date.parse(previous) : null;
    previous = t.at;
    const operator = t.kind.startsWith('OPERATOR_');
    const bad = /FAILED|UNKNOWN|EXCEEDED|COMMAND_DEAD_LETTERED/.test(t.kind);
    return h('li', { class: operator ? 'operator' : bad ? 'bad' : null, dataset: { kind: t.kind } },
      h('span', { class: 'when' }, fmtTime(t.at)),
      h('span', { class: 'kind' }, t.kind),
      t.step ? h('span', {}, t.step + (t.attempt ? ` #${t.attempt} ` : ' ')) : null,
      t.messageType ? h('span', { class: 'mono' }, t.messageType + ' ') : null,
      t.messageId ? h('span', { class: 'mono muted', title: 'message id' }, t.messageId + ' ') : null,
      t.detail ? h('span', { class: 'muted' }, '— ' + t.detail + ' ') : null,
      gap !== null ? h('span', { class: 'gap' }, `(+${fmtDuration(gap)})`) : null);
  });
}

// ---- operator actions -----------------------------------------------------------------------------

function describeCommand(c) {
  const type = c.messageType || 'the command';
  return c.compensation ? `${type} — compensation of ${c.step}` : `${type} — step ${c.step}, again under a new message id`;
}

function askToConfirm(preview) {
  const s = view.detail.saga;
  const compensations = preview.sends.filter((c) => c.compensation);
  const forward = preview.sends.filter((c) => !c.compensation);
  view.pendingAction = { sagaId: s.id, action: preview.action };

  const title = { retry: 'Retry', compensate: 'Force compensation of', abort: 'Abort' }[preview.action] || preview.action;
  $('confirm-title').textContent = `${title} saga ${short(s.id)}?`;
  let intro;
  if (preview.action === 'abort') {
    intro = 'The saga stops where it is and sends nothing more; nothing already done is undone.';
  } else if (compensations.length > 0) {
    intro = `Sends ${compensations.length} compensation${compensations.length === 1 ? '' : 's'}, in this order `
      + '(each once the one before is confirmed):';
  } else {
    intro = 'Sends this command again; the saga then carries on forward:';
  }
  $('confirm-intro').textContent = intro;
  $('confirm-sends').replaceChildren(...preview.sends.map((c) =>
    h('li', { dataset: { step: c.step, compensation: String(c.compensation) } }, describeCommand(c))));
  $('confirm-sends').hidden = preview.sends.length === 0;
  const none = $('confirm-none');
  none.hidden = compensations.length > 0;
  none.textContent = forward.length > 0 || preview.action === 'abort' ? 'No compensation will be sent.' : '';
  const needsReason = preview.action !== 'retry';
  $('confirm-reason-label').hidden = !needsReason;
  $('confirm-reason').value = '';
  $('confirm-operator').textContent = operatorName() || '(enter your name in Operator above)';
  $('confirm-ok').disabled = !$('operator').checkValidity();
  $('confirm-ok').textContent = ACTION_TITLES[preview.action].replace('…', '');
  $('confirm').returnValue = '';
  $('confirm').showModal();
}

async function runConfirmedAction() {
  const pending = view.pendingAction;
  view.pendingAction = null;
  if (!pending) return;
  const headers = { 'X-Operator': operatorName() };
  let body;
  if (pending.action !== 'retry') {
    headers['Content-Type'] = 'application/json';
    const reason = $('confirm-reason').value.trim();
    body = JSON.stringify(reason ? { reason } : {});
  }
  let summary;
  try {
    summary = await api(`/sagas/${encodeURIComponent(pending.sagaId)}/${pending.action}`,
      { method: 'POST', headers, body });
  } catch (e) {
    // refused (409: the saga changed meanwhile, or no longer allows this): show it as it is now, with the
    // actions it allows now, next to the reason
    await refreshDetail().catch(() => {});
    throw e;
  }
  showNotice(`${ACTION_TITLES[pending.action].replace('…', '')} accepted by ${operatorName()}: saga `
    + `${short(summary.id)} is now ${summary.status}.`);
  await Promise.all([refreshDetail(), refreshList(), refreshStats()]);
}

// ---- live stream ----------------------------------------------------------------------------------

const stream = { controller: null, wake: null, events: 0 };

function setLive(state, text) {
  const live = $('live');
  live.className = 'live live-' + state;
  live.textContent = text;
  live.dataset.state = state;
}

/** Splits a text/event-stream body into events: blank line ends an event; data lines join with \n. */
async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data = [];
  let type = 'message';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      if (end < 0 || (buffer[end] === '\r' && end === buffer.length - 1)) break; // a \r\n may be split
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) onEvent(type, data.join('\n'));
        data = [];
        type = 'message';
        continue;
      }
      if (line.startsWith(':')) continue; // a comment, e.g. a keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? '' : line.slice(colon + 1);
      if (text.startsWith(' ')) text = text.slice(1);
      if (field === 'data') data.push(text);
      else if (field === 'event') type = text;
    }
  }
}

function waitOrWake(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stream.wake = () => { clearTimeout(timer); resolve(); };
  });
}

/** Reconnects at once (the token changed). */
function restartStream() {
  if (stream.controller) stream.controller.abort();
  if (stream.wake) stream.wake();
}

async function runStream() {
  let delay = STREAM_RETRY_MIN_MS;
  for (;;) {
    const controller = new AbortController();
    stream.controller = controller;
    let why = 'stream ended';
    try {
      const response = await fetch('/sagas/stream', {
        headers: authHeaders({ Accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store',
      });
      if (response.status === 401 || response.status === 403) {
        showAuthProblem(response.status, '/sagas/stream');
        setLive('off', 'live: needs a token');
        await waitOrWake(STREAM_RETRY_MAX_MS); // until the token changes, or a while
        continue;
      }
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      setLive('on', stream.events > 0 ? `live · ${stream.events} changes` : 'live');
      delay = STREAM_RETRY_MIN_MS;
      refreshEverything(); // whatever changed while not connected
      await readEvents(response.body, onStreamEvent);
    } catch (e) {
      why = e.name === 'AbortError' ? 'reconnecting' : e.message;
    }
    if (controller.signal.aborted) {
      continue; // restarted on purpose: connect again now
    }
    setLive('retry', `live: ${why}, retrying in ${Math.round(delay / 1000)} s`);
    await waitOrWake(delay);
    delay = Math.min(delay * 2, STREAM_RETRY_MAX_MS);
  }
}

function debounce(fn, ms) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => fn().catch(reportFailure), ms);
  };
}

const refreshListSoon = debounce(refreshList, 200);
const refreshStatsSoon = debounce(refreshStats, 700);
const refreshDetailSoon = debounce(refreshDetail, 200);
// the pictures' answers are cached on the server for a few seconds: no need to ask on every change
const refreshPicturesSoon = debounce(() => Promise.all([refreshSeries(), refreshDiagram()]), 1500);

function onStreamEvent(type, data) {
  let change;
  try { change = JSON.parse(data); } catch (notJson) { return; }
  stream.events += 1;
  $('live').dataset.events = String(stream.events);
  $('live').textContent = `live · ${stream.events} change${stream.events === 1 ? '' : 's'}`;
  // show the new status at once; the refresh below brings the rest (and new sagas) in
  const row = document.querySelector(`#saga-rows tr[data-saga-id="${CSS.escape(change.sagaId || '')}"]`);
  if (row && change.status && row.dataset.status !== change.status) {
    row.dataset.status = change.status;
    row.querySelector('td.status').replaceChildren(badge(change.status));
    row.classList.add('changed');
  }
  refreshListSoon();
  refreshStatsSoon();
  refreshPicturesSoon();
  if (change.sagaId === view.selected) refreshDetailSoon();
}

function refreshEverything() {
  // the parked records themselves are read on demand (Show): a listing reads the dead-letter topic
  return Promise.all([Promise.all([refreshDefinitions(), refreshDetail()]).then(refreshDiagram), refreshStats(),
    refreshSeries(), refreshList(), refreshDeadLetterTopics()])
    .catch(reportFailure);
}

// ---- dead letters ---------------------------------------------------------------------------------

const dlq = { items: [], selected: new Set(), expanded: null };

function dlqPlace(r) {
  return r.partition + '@' + r.offset;
}

async function refreshDeadLetterTopics() {
  const topics = await api('/dead-letters/topics');
  const select = $('dlq-topic');
  const current = select.value || (topics.find((t) => t.pending > 0) || topics[0] || {}).topic;
  select.replaceChildren(...topics.map((t) => h('option', { value: t.topic, selected: t.topic === current },
    `${t.topic} (${t.pending} pending)`)));
  const pending = topics.reduce((sum, t) => sum + t.pending, 0);
  $('dlq-summary').textContent = `${pending} pending on ${topics.filter((t) => t.pending > 0).length} topic(s)`;
}

async function refreshDeadLetters() {
  const topic = $('dlq-topic').value;
  if (!topic) return;
  const query = new URLSearchParams({ topic, limit: '200' });
  if ($('dlq-status').value) query.set('status', $('dlq-status').value);
  const page = await api('/dead-letters?' + query);
  dlq.items = page.items;
  dlq.selected = new Set([...dlq.selected].filter((p) => page.items.some((r) => dlqPlace(r) === p && r.status === 'PENDING')));
  const rows = [];
  for (const r of page.items) {
    const place = dlqPlace(r);
    const box = h('input', { type: 'checkbox', disabled: r.status !== 'PENDING', checked: dlq.selected.has(place),
      title: r.status === 'PENDING' ? 'Select' : 'Already ' + r.status.toLowerCase() });
    box.addEventListener('click', (e) => {
      e.stopPropagation();
      if (box.checked) dlq.selected.add(place); else dlq.selected.delete(place);
    });
    const saga = r.sagaId ? h('a', { href: '#', title: r.sagaId }, short(r.sagaId)) : '';
    if (saga) saga.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); openDetail(r.sagaId).catch(reportFailure); });
    const done = r.action ? ` by ${r.action.operator} ${fmtDateTime(r.action.at)}${r.action.reason ? ': ' + r.action.reason : ''}` : '';
    const row = h('tr', { class: 'dlq-row', dataset: { place } },
      h('td', null, box), h('td', null, place), h('td', null, fmtDateTime(r.parkedAt)),
      h('td', { title: done }, badge(r.status)),
      h('td', null, r.originalTopic ? `${r.originalTopic}-${r.originalPartition}@${r.originalOffset}` : ''),
      h('td', null, r.consumer || ''), h('td', { class: 'reason' }, r.reason || ''), h('td', null, r.messageType || ''),
      h('td', null, saga), h('td', { class: 'mono' }, r.messageId || ''));
    row.addEventListener('click', () => { dlq.expanded = dlq.expanded === place ? null : place; refreshDeadLetters().catch(reportFailure); });
    rows.push(row);
    if (dlq.expanded === place) {
      rows.push(h('tr', { class: 'dlq-detail' }, h('td', { colspan: 10 },
        h('p', null, r.action ? `${r.status}${done}` + (r.action.replayPartition != null
          ? ` (sent to ${r.originalTopic}-${r.action.replayPartition}@${r.action.replayOffset})` : '') : 'Pending'),
        h('h4', null, 'Headers'), h('pre', null, JSON.stringify(r.headers, null, 2)),
        h('h4', null, r.payloadBase64 ? 'Payload (Base64: not UTF-8)' : 'Payload'), h('pre', null, r.payload || '(none)'),
        r.exception ? h('details', null, h('summary', null, 'Exception'), h('pre', null, r.exception)) : null)));
    }
  }
  $('dlq-rows').replaceChildren(...rows);
  $('dlq-empty').hidden = page.items.length > 0;
  $('dlq-select-all').checked = false;
}

async function actOnDeadLetters(action) {
  const records = [...dlq.selected].map((p) => { const [partition, offset] = p.split('@'); return { partition: Number(partition), offset: Number(offset) }; });
  const topic = $('dlq-topic').value;
  if (!records.length) { showError('Select the pending records to ' + action + ' first.'); return; }
  let reason = null;
  if (action === 'replay') {
    if (!window.confirm(`Replay ${records.length} record(s) of ${topic}.dlq to ${topic}, in order, with their message ids?`
      + ' A command goes back to its saga only while the saga is FAILED waiting on it.')) return;
  } else {
    reason = window.prompt(`Discard ${records.length} record(s) of ${topic}.dlq: why? (recorded under your name)`);
    if (!reason) return;
  }
  const result = await api('/dead-letters/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ topic, records, reason }) });
  dlq.selected.clear();
  showNotice(`${result.records.length} record(s) ${result.action.toLowerCase()} by ${result.operator}`);
  await refreshDeadLetterTopics();
  await refreshDeadLetters();
}

// ---- wiring ---------------------------------------------------------------------------------------

function init() {
  takeTokenFromFragment();
  $('token').value = token();
  showOperator();

  $('identity').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('token').value.trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
    showOperator();
    restartStream();
    refreshEverything();
  });
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
    showOperator();
    restartStream();
    refreshEverything();
  });
  // a link with #token=... opened while the page is already loaded does not reload it
  window.addEventListener('hashchange', () => {
    if (!takeTokenFromFragment()) return;
    $('token').value = token();
    showOperator();
    restartStream();
    refreshEverything();
  });
  $('operator').addEventListener('input', () => {
    if (!$('operator').readOnly) localStorage.setItem(OPERATOR_KEY, operatorName());
  });

  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    view.page = 0;
    refreshList().catch(reportFailure);
  });
  $('filters').addEventListener('reset', () => {
    view.page = 0;
    setTimeout(() => refreshEverything(), 0); // after the form has been reset
  });
  $('stuck-after').addEventListener('change', () => refreshEverything());
  $('dlq-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    refreshDeadLetters().catch(reportFailure);
  });
  $('dlq-topic').addEventListener('change', () => { dlq.selected.clear(); refreshDeadLetters().catch(reportFailure); });
  $('dlq-status').addEventListener('change', () => refreshDeadLetters().catch(reportFailure));
  $('dlq-replay').addEventListener('click', () => actOnDeadLetters('replay').catch(reportFailure));
  $('dlq-discard').addEventListener('click', () => actOnDeadLetters('discard').catch(reportFailure));
  $('dlq-select-all').addEventListener('change', () => {
    for (const r of dlq.items) if (r.status === 'PENDING') {
      if ($('dlq-select-all').checked) dlq.selected.add(dlqPlace(r)); else dlq.selected.delete(dlqPlace(r));
    }
    for (const box of $('dlq-rows').querySelectorAll('input[type=checkbox]:not([disabled])')) box.checked = $('dlq-select-all').checked;
  });
  $('window').addEventListener('change', () => Promise.all([refreshStats(), refreshSeries(), refreshDiagram()])
    .catch(reportFailure));
  $('timeline-older').addEventListener('click', () => loadOlderTimeline().catch(reportFailure));
  $('prev').addEventListener('click', () => { view.page = Math.max(0, view.page - 1); refreshList().catch(reportFailure); });
  $('next').addEventListener('click', () => { view.page += 1; refreshList().catch(reportFailure); });
  $('close-detail').addEventListener('click', () => {
    view.selected = null;
    view.detail = null;
    $('detail').hidden = true;
    for (const row of $('saga-rows').children) row.classList.remove('selected');
    refreshDiagram().catch(reportFailure);
  });
  $('definition-pick').addEventListener('change', () => {
    const [type, version] = $('definition-pick').value.split('@');
    view.diagramPick = [type, Number(version)];
    refreshDiagram().catch(reportFailure);
  });
  $('confirm').addEventListener('close', () => {
    if ($('confirm').returnValue === 'confirm') runConfirmedAction().catch(reportFailure);
    else view.pendingAction = null;
  });

  refreshEverything().then(() => refreshDeadLetters()).catch(reportFailure);
  runStream();
  // ages move on without any event: "unchanged for" and the stuck highlight need a look now and then
  setInterval(() => { if (!document.hidden) refreshEverything(); }, REFRESH_EVERY_MS);
}

document.addEventListener('DOMContentLoaded', init);
