// passo console: vanilla JavaScript, no build step, no network beyond this server.
// Everything shown comes from the public Step Functions API (POST / with X-Amz-Target) and the
// /_passo/ control endpoints; the page keeps no state of its own beyond what is on screen.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const main = $('#main');
const ROLE = 'arn:aws:iam::123456789012:role/passo-console';
const GLYPH = {
  SUCCEEDED: '✓', FAILED: '✗', RUNNING: '▶', ABORTED: '■', TIMED_OUT: '⏱', PENDING_REDRIVE: '↻',
  succeeded: '✓', failed: '✗', running: '▶', cancelled: '■', caught: '⚠', 'not reached': '○',
};
const EXAMPLE = {
  Comment: 'An order: check it, wait for the warehouse, pack each item.',
  StartAt: 'CheckOrder',
  States: {
    CheckOrder: {
      Type: 'Choice',
      Choices: [{ Variable: '$.items[0]', IsPresent: true, Next: 'WaitForWarehouse' }],
      Default: 'Rejected',
    },
    WaitForWarehouse: { Type: 'Wait', Seconds: 3600, Next: 'PackItems' },
    PackItems: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Pack',
        States: { Pack: { Type: 'Pass', Parameters: { 'packed.$': '$' }, End: true } },
      },
      Next: 'Shipped',
    },
    Shipped: { Type: 'Succeed' },
    Rejected: { Type: 'Fail', Error: 'EmptyOrder', Cause: 'The order has no items' },
  },
};

let pollTimer = null;
let clockInfo = { mode: 'virtual' };

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function api(op, body) {
  const r = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.' + op },
    body: JSON.stringify(body || {}),
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) {
    const code = String(j.__type || 'Error').split('#').pop();
    throw new Error(code + ': ' + (j.message || j.Message || r.status));
  }
  return j;
}

async function control(path, body) {
  const r = await fetch('/_passo/' + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(j.message || String(r.status));
  return j;
}

function toast(msg) {
  const t = $('#toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 5000);
}

function toDate(v) {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' ? new Date(v * 1000) : new Date(v);
}

function fmtTime(v) {
  const d = toDate(v);
  if (!d || isNaN(d)) return '—';
  return d.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

// Dates come from the emulator's clock; unless it runs in real time they are virtual.
function timeCell(v) {
  if (v === undefined || v === null) return '—';
  const virt = clockInfo.mode !== 'real';
  return `<time datetime="${esc(toDate(v).toISOString())}">${esc(fmtTime(v))}</time>` +
    (virt ? ` <span class="virtual" title="Virtual time: the emulator's clock, not the wall clock">virtual</span>` : '');
}

function duration(a, b) {
  const s = toDate(a), e = toDate(b);
  if (!s || !e) return '—';
  const ms = e - s;
  if (ms < 1000) return ms + ' ms';
  if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 7200000) return (ms / 60000).toFixed(1) + ' min';
  return (ms / 3600000).toFixed(1) + ' h';
}

function badge(status) {
  const cls = String(status).replace(' ', '-');
  const word = String(status).replace('_', ' ').toLowerCase();
  return `<span class="badge ${esc(cls)}"><span aria-hidden="true">${GLYPH[status] || '•'}</span> ${esc(word)}</span>`;
}

function pretty(text) {
  if (text === undefined || text === null) return '';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { return String(text); }
}

function crumbs(items) {
  $('#crumbs').innerHTML = items
    .map(([label, href]) => (href ? `<li><a href="${esc(href)}">${esc(label)}</a></li>` : `<li aria-current="page">${esc(label)}</li>`))
    .join('');
}

async function refreshClock() {
  try {
    clockInfo = await control('clock');
    $('#clock').textContent = `Clock: ${clockInfo.mode} · now ${fmtTime(clockInfo.now)}`;
  } catch (e) {
    $('#clock').textContent = '';
  }
  return clockInfo;
}

// ---------------------------------------------------------------- graph view (zoom, pan, select)

function graphBox(id) {
  return `<div class="graph-box" id="${id}">
    <div class="graph-view" tabindex="0" role="application"
      aria-label="Workflow graph. Tab to a state and press Enter to inspect it; plus and minus zoom, arrow keys pan, 0 fits."></div>
    <div class="zoom" role="toolbar" aria-label="Zoom">
      <button type="button" data-zoom="in" aria-label="Zoom in">+</button>
      <button type="button" data-zoom="out" aria-label="Zoom out">−</button>
      <button type="button" data-zoom="fit" aria-label="Fit the graph">Fit</button>
    </div></div>`;
}

function mountGraph(box, svgText, onSelect, selected) {
  const view = $('.graph-view', box);
  view.innerHTML = svgText;
  const svg = $('svg', view);
  if (!svg) return;
  const W = parseFloat(svg.getAttribute('width')), H = parseFloat(svg.getAttribute('height'));
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  if (!box._vb) box._vb = { x: 0, y: 0, w: W, h: H };
  const apply = () => svg.setAttribute('viewBox', `${box._vb.x} ${box._vb.y} ${box._vb.w} ${box._vb.h}`);
  apply();
  const unitsPerPx = () => {
    const r = view.getBoundingClientRect();
    return Math.max(box._vb.w / r.width, box._vb.h / r.height);
  };
  const zoom = (f, cx, cy) => {
    const vb = box._vb;
    if (cx === undefined) { cx = vb.x + vb.w / 2; cy = vb.y + vb.h / 2; }
    vb.x = cx - (cx - vb.x) * f; vb.y = cy - (cy - vb.y) * f; vb.w *= f; vb.h *= f;
    apply();
  };
  if (!box._wired) {
    box._wired = true;
    view.addEventListener('wheel', (e) => {
      e.preventDefault();
      const s = $('svg', view); const pt = s.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
      const p = pt.matrixTransform(s.getScreenCTM().inverse());
      box._zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, p.x, p.y);
    }, { passive: false });
    let drag = null;
    view.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; });
    view.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      const u = box._units();
      box._vb.x -= dx * u; box._vb.y -= dy * u; drag.x = e.clientX; drag.y = e.clientY;
      box._apply();
    });
    const end = () => { setTimeout(() => { drag = null; }, 0); };
    view.addEventListener('pointerup', end);
    view.addEventListener('pointerleave', end);
    view.addEventListener('click', (e) => {
      if (drag && drag.moved) return;
      const node = e.target.closest('.node');
      if (node) box._select(node.dataset.state);
    });
    view.addEventListener('keydown', (e) => {
      const node = e.target.closest && e.target.closest('.node');
      if (node && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); box._select(node.dataset.state); return; }
      const step = 40 * box._units();
      const keys = {
        '+': () => box._zoom(0.85), '=': () => box._zoom(0.85), '-': () => box._zoom(1 / 0.85), '0': () => box._fit(),
        ArrowLeft: () => { box._vb.x -= step; }, ArrowRight: () => { box._vb.x += step; },
        ArrowUp: () => { box._vb.y -= step; }, ArrowDown: () => { box._vb.y += step; },
      };
      if (keys[e.key]) { e.preventDefault(); keys[e.key](); box._apply(); }
    });
    $$('[data-zoom]', box).forEach((b) => b.addEventListener('click', () => {
      if (b.dataset.zoom === 'in') box._zoom(0.8);
      else if (b.dataset.zoom === 'out') box._zoom(1.25);
      else box._fit();
    }));
  }
  box._apply = apply;
  box._units = unitsPerPx;
  box._zoom = zoom;
  box._fit = () => { box._vb = { x: 0, y: 0, w: W, h: H }; apply(); };
  box._select = (name) => {
    $$('.node.selected', view).forEach((n) => n.classList.remove('selected'));
    $$('.node', view).filter((n) => n.dataset.state === name).forEach((n) => n.classList.add('selected'));
    box._selected = name;
    onSelect(name);
  };
  if (selected) $$('.node', view).filter((n) => n.dataset.state === selected).forEach((n) => n.classList.add('selected'));
}

function legend() {
  return `<div class="legend" aria-label="Legend">${['running', 'succeeded', 'failed', 'caught', 'cancelled', 'not reached'].map(badge).join('')}</div>`;
}

// ---------------------------------------------------------------- pages

async function pageMachines() {
  crumbs([['State machines']]);
  const { stateMachines = [] } = await api('ListStateMachines', { maxResults: 1000 });
  main.innerHTML = `
    <h1>State machines</h1>
    <section class="panel" aria-labelledby="sm-h">
      <h2 id="sm-h">State machines (${stateMachines.length})</h2>
      ${stateMachines.length ? `<table><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Created</th></tr></thead><tbody>
        ${stateMachines.map((m) => `<tr><td><a href="#/sm/${encodeURIComponent(m.stateMachineArn)}">${esc(m.name)}</a></td><td>${esc(m.type)}</td><td>${timeCell(m.creationDate)}</td></tr>`).join('')}
      </tbody></table>` : '<p class="empty">No state machines yet. Create one below, or with any AWS SDK.</p>'}
    </section>
    <section class="panel" aria-labelledby="new-h">
      <h2 id="new-h">Create a state machine</h2>
      <form id="create">
        <div class="row">
          <div><label for="new-name">Name</label><input id="new-name" required value="orders" pattern="[A-Za-z0-9_\\-]{1,80}"></div>
          <div><label for="new-type">Type</label><select id="new-type"><option>STANDARD</option><option>EXPRESS</option></select></div>
        </div>
        <label for="new-def">Definition (Amazon States Language, JSON)</label>
        <textarea id="new-def" rows="14" spellcheck="false">${esc(JSON.stringify(EXAMPLE, null, 2))}</textarea>
        <div class="error-text" id="new-err" role="alert"></div>
        <button class="primary" type="submit" id="create-btn">Create</button>
      </form>
    </section>`;
  $('#create').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#new-err');
    err.textContent = '';
    const text = $('#new-def').value;
    try { JSON.parse(text); } catch (x) { err.textContent = 'The definition is not JSON: ' + x.message; return; }
    try {
      const r = await api('CreateStateMachine', { name: $('#new-name').value, definition: text, roleArn: ROLE, type: $('#new-type').value });
      location.hash = '#/sm/' + encodeURIComponent(r.stateMachineArn);
    } catch (x) { err.textContent = x.message; }
  });
}

async function pageMachine(arn) {
  const sm = await api('DescribeStateMachine', { stateMachineArn: arn });
  const smArn = sm.stateMachineArn;
  crumbs([['State machines', '#/'], [sm.name]]);
  const [versions, aliases, graph] = await Promise.all([
    api('ListStateMachineVersions', { stateMachineArn: smArn }).catch(() => ({ stateMachineVersions: [] })),
    api('ListStateMachineAliases', { stateMachineArn: smArn }).catch(() => ({ stateMachineAliases: [] })),
    fetch('/_passo/graph?stateMachineArn=' + encodeURIComponent(arn)).then((r) => r.json()),
  ]);
  const vs = versions.stateMachineVersions || [], as = aliases.stateMachineAliases || [];
  main.innerHTML = `
    <h1>${esc(sm.name)} <span class="muted">${esc(sm.type)}</span></h1>
    <div class="row">
      <div class="grow">
        <section class="panel" aria-labelledby="g-h">
          <h2 id="g-h">Definition</h2>
          ${graph.svg ? graphBox('graph') : `<p class="error-text">${esc(graph.message || 'no graph')}</p>`}
        </section>
        <section class="panel" aria-labelledby="ex-h">
          <div class="toolbar"><h2 id="ex-h" style="margin:0">Executions</h2>
            <label for="status-filter" style="margin:0 0 0 auto">Status</label>
            <select id="status-filter"><option value="">All</option>${['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].map((s) => `<option>${s}</option>`).join('')}</select>
            <button type="button" id="ex-refresh">Refresh</button></div>
          <div id="executions" aria-live="polite"></div>
        </section>
      </div>
      <div class="side">
        <section class="panel" aria-labelledby="start-h">
          <h2 id="start-h">Start an execution</h2>
          <form id="start">
            <label for="start-input">Input (JSON)</label>
            <textarea id="start-input" rows="7" spellcheck="false" aria-describedby="start-err">{"items": [{"sku": "A-1"}, {"sku": "B-2"}, {"sku": "C-3"}]}</textarea>
            <div class="error-text" id="start-err" role="alert"></div>
            <label for="start-name">Name (optional)</label><input id="start-name" style="width:100%">
            <label for="start-case">Mock test case (optional, <code>arn#TestCase</code>)</label><input id="start-case" style="width:100%" placeholder="HappyPath">
            <p><button class="primary" type="submit" id="start-btn">Start execution</button></p>
          </form>
        </section>
        <section class="panel" aria-labelledby="state-h">
          <h2 id="state-h">State</h2><div id="state-detail" class="muted">Select a state in the graph to see its definition.</div>
        </section>
        <section class="panel" aria-labelledby="meta-h">
          <h2 id="meta-h">Details</h2>
          <dl class="kv"><dt>ARN</dt><dd><code>${esc(sm.stateMachineArn)}</code></dd>
            <dt>Status</dt><dd>${esc(sm.status)}</dd><dt>Created</dt><dd>${timeCell(sm.creationDate)}</dd>
            ${sm.revisionId ? `<dt>Revision</dt><dd><code>${esc(sm.revisionId)}</code></dd>` : ''}</dl>
          <h2 style="margin-top:12px">Versions (${vs.length})</h2>
          ${vs.length ? `<ul>${vs.map((v) => `<li><a href="#/sm/${encodeURIComponent(v.stateMachineVersionArn)}">version ${esc(v.stateMachineVersionArn.split(':').pop())}</a> <span class="muted">${esc(fmtTime(v.creationDate))}</span></li>`).join('')}</ul>` : '<p class="muted">None published.</p>'}
          <h2>Aliases (${as.length})</h2>
          ${as.length ? `<ul id="aliases">${as.map((a) => `<li data-alias="${esc(a.stateMachineAliasArn)}">${esc(a.stateMachineAliasArn.split(':').pop())}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}
        </section>
      </div>
    </div>`;
  // Each alias's routing (versions and weights).
  for (const li of $$('#aliases li')) {
    api('DescribeStateMachineAlias', { stateMachineAliasArn: li.dataset.alias }).then((d) => {
      li.innerHTML += ' → ' + (d.routingConfiguration || []).map((r) => `version ${esc(r.stateMachineVersionArn.split(':').pop())} (${r.weight}%)`).join(', ');
    }).catch(() => {});
  }
  if (graph.svg) {
    mountGraph($('#graph'), graph.svg, (name) => {
      const st = (graph.states || []).find((s) => s.name === name);
      $('#state-detail').innerHTML = st ? `<p><b>${esc(st.name)}</b> ${esc(st.type)} <span class="muted"><code>${esc(st.pointer)}</code></span></p><pre tabindex="0">${esc(JSON.stringify(st.definition, null, 2))}</pre>` : '';
    });
  }
  const input = $('#start-input');
  const check = () => {
    try { JSON.parse(input.value); $('#start-err').textContent = ''; $('#start-btn').disabled = false; input.removeAttribute('aria-invalid'); return true; } catch (x) {
      $('#start-err').textContent = 'Input is not valid JSON: ' + x.message; $('#start-btn').disabled = true; input.setAttribute('aria-invalid', 'true'); return false;
    }
  };
  input.addEventListener('input', check);
  $('#start').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!check()) return;
    const tc = $('#start-case').value.trim();
    const req = { stateMachineArn: arn + (tc ? '#' + tc : ''), input: input.value };
    if ($('#start-name').value.trim()) req.name = $('#start-name').value.trim();
    try {
      const r = await api('StartExecution', req);
      location.hash = '#/exec/' + encodeURIComponent(r.executionArn);
    } catch (x) { $('#start-err').textContent = x.message; }
  });
  const loadExecutions = async () => {
    const req = { stateMachineArn: smArn, maxResults: 1000 };
    if ($('#status-filter').value) req.statusFilter = $('#status-filter').value;
    const { executions = [] } = await api('ListExecutions', req);
    $('#executions').innerHTML = executions.length ? `<table><thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Stopped</th><th scope="col">Duration</th></tr></thead><tbody>
      ${executions.map((x) => `<tr><td><a href="#/exec/${encodeURIComponent(x.executionArn)}">${esc(x.name)}</a></td><td>${badge(x.status)}</td><td>${timeCell(x.startDate)}</td><td>${timeCell(x.stopDate)}</td><td>${esc(duration(x.startDate, x.stopDate))}</td></tr>`).join('')}
      </tbody></table>` : '<p class="empty">No executions match.</p>';
    return executions.some((x) => x.status === 'RUNNING');
  };
  $('#status-filter').addEventListener('change', loadExecutions);
  $('#ex-refresh').addEventListener('click', loadExecutions);
  const poll = async () => { const running = await loadExecutions().catch(() => false); pollTimer = setTimeout(poll, running ? 1500 : 5000); };
  await poll();
}

function eventStep(events) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const step = new Map();
  for (const e of events) {
    const d = details(e);
    let s = (d && (d.name || d.state)) || null;
    if (!s || e.type.startsWith('MapIteration')) s = (d && d.name && e.type.startsWith('MapIteration')) ? d.name : (step.get(e.previousEventId) || '');
    if (e.type.endsWith('StateExited') || e.type.endsWith('StateEntered')) s = d.name;
    step.set(e.id, s);
  }
  return step;
}

// Which Map iteration (`MapName#index`) each event belongs to, following previousEventId.
function eventIteration(events) {
  const it = new Map();
  for (const e of events) {
    const d = details(e);
    if (e.type.startsWith('MapIteration') && d) it.set(e.id, d.name + '#' + d.index);
    else if (/^(MapState|MapRun|Execution)/.test(e.type)) it.set(e.id, null);
    else it.set(e.id, it.get(e.previousEventId) || null);
  }
  return it;
}

function details(e) {
  const k = Object.keys(e).find((k) => k.endsWith('EventDetails'));
  return k ? e[k] : null;
}

const FILTERS = {
  all: () => true,
  errors: (e) => /Failed|TimedOut|Aborted/.test(e.type),
  states: (e) => /State(Entered|Exited)$/.test(e.type),
  tasks: (e) => /^(Task|LambdaFunction|Activity)/.test(e.type) && !/State(Entered|Exited)$/.test(e.type),
  maps: (e) => /^(Map|Parallel)/.test(e.type),
  execution: (e) => e.type.startsWith('Execution'),
};

async function pageExecution(arn) {
  main.innerHTML = `
    <div id="summary"></div>
    <div class="row">
      <div class="grow">
        <section class="panel" aria-labelledby="g-h"><h2 id="g-h">Graph view</h2>${graphBox('graph')}${legend()}</section>
      </div>
      <div class="side">
        <section class="panel" aria-labelledby="state-h"><h2 id="state-h">State</h2>
          <div id="state-detail" class="muted" aria-live="polite">Select a state in the graph (click, or Tab and Enter) for its input, output, error, retries and timing.</div></section>
        <section class="panel" id="clock-panel" aria-labelledby="clock-h" hidden><h2 id="clock-h">Clock</h2><div id="clock-detail"></div></section>
      </div>
    </div>
    <section class="panel" aria-labelledby="ev-h">
      <div class="toolbar"><h2 id="ev-h" style="margin:0">Events</h2>
        <label for="ev-filter" style="margin:0 0 0 auto">Show</label>
        <select id="ev-filter"><option value="all">All events</option><option value="errors">Errors and failures</option><option value="states">State entered and exited</option><option value="tasks">Task, Lambda and activity</option><option value="maps">Map and Parallel</option><option value="execution">Execution</option></select>
        <label for="ev-search" style="margin:0">Search</label><input id="ev-search" type="search" placeholder="state name or event type">
      </div>
      <div id="events"></div>
    </section>`;
  let selected = null, last = null, iteration = null;
  const box = $('#graph');
  const renderEvents = () => {
    if (!last) return;
    const f = FILTERS[$('#ev-filter').value] || FILTERS.all;
    const q = $('#ev-search').value.trim().toLowerCase();
    const step = eventStep(last.events);
    const t0 = last.events.length ? toDate(last.events[0].timestamp) : null;
    const iter = iteration ? eventIteration(last.events) : null;
    const rows = last.events.filter((e) => f(e) && (!q || e.type.toLowerCase().includes(q) || (step.get(e.id) || '').toLowerCase().includes(q)) && (!iter || iter.get(e.id) === iteration));
    $('#events').innerHTML = `${iteration ? `<p id="iter-note">Showing iteration <b>${esc(iteration)}</b> only. <button type="button" id="iter-all">Show all events</button></p>` : ''}<table class="history"><caption class="muted" style="text-align:left">${rows.length} of ${last.events.length} events</caption><thead><tr><th scope="col">ID</th><th scope="col">Type</th><th scope="col">Step</th><th scope="col">Details</th><th scope="col">Elapsed</th><th scope="col">Timestamp</th></tr></thead><tbody>
      ${rows.map((e) => {
        const d = details(e) || {};
        const info = [d.resourceType && d.resource ? `${d.resourceType}:${d.resource}` : d.resource, d.error, d.cause, d.index !== undefined ? 'item ' + d.index : null, d.length !== undefined ? d.length + ' items' : null].filter((x) => x !== undefined && x !== null).join(' · ');
        const mark = /Failed|TimedOut/.test(e.type) ? badge('failed') + ' ' : '';
        return `<tr class="${selected && step.get(e.id) === selected ? 'selected-state' : ''}"><td>${e.id}</td><td>${mark}${esc(e.type)}</td><td>${esc(step.get(e.id) || '')}</td><td><code>${esc(info)}</code></td><td>${esc(t0 ? duration(t0.toISOString(), toDate(e.timestamp).toISOString()) : '')}</td><td>${esc(fmtTime(e.timestamp))}</td></tr>`;
      }).join('')}</tbody></table>`;
    if ($('#iter-all')) $('#iter-all').addEventListener('click', () => { iteration = null; renderEvents(); });
  };
  const showState = (name) => {
    if (name !== selected) iteration = null;
    selected = name;
    renderEvents();
    if (!last || !name) return;
    const run = (last.graph.execution && last.graph.execution.states[name]) || null;
    const st = (last.graph.states || []).find((s) => s.name === name) || {};
    if (!run) {
      $('#state-detail').innerHTML = `<p><b>${esc(name)}</b> ${esc(st.type || '')} ${badge('not reached')}</p><pre tabindex="0">${esc(JSON.stringify(st.definition, null, 2))}</pre>`;
      return;
    }
    let iterations = '';
    if (st.type === 'Map') {
      const its = new Map();
      for (const e of last.events) {
        const d = details(e);
        if (e.type.startsWith('MapIteration') && d && d.name === name) its.set(d.index, e.type.replace('MapIteration', '').toLowerCase());
      }
      const word = { started: 'running', succeeded: 'succeeded', failed: 'failed', aborted: 'cancelled' };
      iterations = `<h3 style="font-size:13px">Iterations (${its.size})</h3><div class="iter">${[...its.entries()].map(([i, s]) => `<button type="button" class="iteration" data-iteration="${esc(name + '#' + i)}" aria-label="Show the events of iteration ${i}">#${i} ${badge(last.status === 'RUNNING' || s !== 'started' ? word[s] || s : 'cancelled')}</button>`).join('') || '<span class="muted">none</span>'}</div>`;
    }
    if (st.type === 'Parallel') {
      const n = (st.definition && st.definition.Branches || []).length;
      iterations = `<p class="muted">${n} branch${n === 1 ? '' : 'es'}: their states are drawn inside this state.</p>`;
    }
    const counts = ['succeeded', 'failed', 'caught', 'cancelled', 'running'].filter((k) => run[k] > 0).map((k) => `${run[k]} ${k}`).join(', ');
    $('#state-detail').innerHTML = `
      <p><b>${esc(name)}</b> ${esc(st.type || '')} ${badge(run.status.replace('_', ' '))}</p>
      <dl class="kv"><dt>Entered</dt><dd>${run.entered}× ${counts ? '(' + esc(counts) + ')' : ''}</dd>
        <dt>Retries</dt><dd>${run.retries}</dd>
        <dt>Started</dt><dd>${timeCell(run.enteredAt)}</dd><dt>Ended</dt><dd>${timeCell(run.exitedAt)}</dd>
        <dt>Duration</dt><dd>${esc(duration(run.enteredAt, run.exitedAt))}</dd></dl>
      ${iterations}
      ${run.error ? `<h3 style="font-size:13px">Error</h3><pre tabindex="0">${esc(run.error)}${run.cause ? '\n' + esc(pretty(run.cause)) : ''}</pre>` : ''}
      <h3 style="font-size:13px">Input</h3><pre tabindex="0">${esc(pretty(run.input))}</pre>
      <h3 style="font-size:13px">Output</h3><pre tabindex="0">${run.output === null || run.output === undefined ? '—' : esc(pretty(run.output))}</pre>
      <details><summary>Definition</summary><pre tabindex="0">${esc(JSON.stringify(st.definition, null, 2))}</pre></details>`;
    $$('#state-detail .iteration').forEach((b) => b.addEventListener('click', () => {
      iteration = b.dataset.iteration;
      renderEvents();
      $('#events').scrollIntoView({ block: 'nearest' });
    }));
  };
  $('#ev-filter').addEventListener('change', renderEvents);
  $('#ev-search').addEventListener('input', renderEvents);

  const load = async () => {
    const [x, g, clock] = await Promise.all([
      api('DescribeExecution', { executionArn: arn }),
      fetch('/_passo/graph?executionArn=' + encodeURIComponent(arn)).then((r) => r.json()),
      refreshClock(),
    ]);
    let events = [], token;
    do {
      const page = await api('GetExecutionHistory', token ? { executionArn: arn, maxResults: 1000, nextToken: token } : { executionArn: arn, maxResults: 1000 });
      events = events.concat(page.events || []);
      token = page.nextToken;
    } while (token);
    last = { status: x.status, graph: g, events };
    const smArn = x.stateMachineArn;
    crumbs([['State machines', '#/'], [smArn.split(':').pop(), '#/sm/' + encodeURIComponent(x.stateMachineVersionArn || smArn)], [x.name]]);
    const ex = g.execution || {};
    $('#summary').innerHTML = `
      <div class="toolbar"><h1 style="margin:0">${esc(x.name)}</h1> <span id="exec-status">${badge(x.status)}</span>
        ${x.status === 'RUNNING' ? '<button type="button" class="danger" id="stop">Stop execution</button>' : ''}</div>
      <section class="panel stats" aria-label="Summary">
        <div><span class="muted">Started</span><b>${timeCell(x.startDate)}</b></div>
        <div><span class="muted">Stopped</span><b>${timeCell(x.stopDate)}</b></div>
        <div><span class="muted">Duration</span><b>${esc(duration(x.startDate, x.stopDate))}</b></div>
        <div><span class="muted">State transitions</span><b id="transitions">${ex.transitions ?? '—'}</b></div>
        <div title="Standard workflows: $0.025 per 1,000 state transitions"><span class="muted">Estimated cost (Standard)</span><b id="cost">$${(ex.estimatedCostUsd || 0).toFixed(6)}</b></div>
        ${x.error ? `<div><span class="muted">Error</span><b>${esc(x.error)}</b><span class="muted">${esc(x.cause || '')}</span></div>` : ''}
      </section>`;
    if ($('#stop')) $('#stop').addEventListener('click', async () => {
      try { await api('StopExecution', { executionArn: arn, error: 'Console', cause: 'Stopped from the passo console' }); await load(); } catch (e) { toast(e.message); }
    });
    // Re-draw only when something changed, so focus and selection survive polling.
    if (g.svg !== box._svgText) {
      box._svgText = g.svg;
      mountGraph(box, g.svg || '', showState, selected);
    }
    // The manual clock: only running executions have one to move.
    const mine = (clock.executions || []).find((c) => c.executionArn === arn);
    $('#clock-panel').hidden = x.status !== 'RUNNING';
    if (x.status === 'RUNNING') {
      $('#clock-detail').innerHTML = `<p>Mode <b>${esc(clock.mode)}</b>${mine ? `, execution time <b>${esc(fmtTime(mine.now))}</b>` : ''}</p>
        ${mine && mine.pendingTimers.length ? `<ul>${mine.pendingTimers.map((t) => `<li>${esc(t.kind)} in <b>${esc(t.state)}</b> due ${esc(fmtTime(t.due))}</li>`).join('')}</ul>` : '<p class="muted">No pending timers.</p>'}
        <div class="toolbar"><button type="button" id="adv-next">Advance to next timer</button></div>
        <div class="toolbar"><label for="adv-secs" style="margin:0">Seconds</label><input id="adv-secs" type="number" min="0" value="60" style="width:90px"><button type="button" id="adv-secs-btn">Advance</button></div>`;
      $('#adv-next').addEventListener('click', () => advance({ to: 'next', executionArn: arn }));
      $('#adv-secs-btn').addEventListener('click', () => advance({ seconds: Number($('#adv-secs').value), executionArn: arn }));
    }
    if (selected) showState(selected); else renderEvents();
    return x.status === 'RUNNING';
  };
  const advance = async (body) => {
    try { await control('clock/advance', body); await load(); } catch (e) { toast(e.message); }
  };
  const poll = async () => {
    let running = false;
    try { running = await load(); } catch (e) { toast(e.message); }
    if (running) pollTimer = setTimeout(poll, 1000);
  };
  await poll();
}

// ---------------------------------------------------------------- router

async function route() {
  clearTimeout(pollTimer);
  const hash = location.hash || '#/';
  try {
    await refreshClock();
    if (hash.startsWith('#/sm/')) await pageMachine(decodeURIComponent(hash.slice(5)));
    else if (hash.startsWith('#/exec/')) await pageExecution(decodeURIComponent(hash.slice(7)));
    else await pageMachines();
  } catch (e) {
    main.innerHTML = `<div class="panel" role="alert"><h1>Could not load this page</h1><p>${esc(e.message)}</p><p><a href="#/">Back to state machines</a></p></div>`;
  }
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
route();
