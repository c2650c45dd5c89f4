// mqttcheck report viewer. All data comes from the JSON block above and is
// untrusted (broker strings, pcap contents, script errors): it only ever
// reaches the page through textContent or setAttribute of known-safe values.
// Never use innerHTML, insertAdjacentHTML or document.write here.
(function () {
  'use strict';
  var T0 = performance.now();
  var D = JSON.parse(document.getElementById('data').textContent);
  var VERDICTS = ['PASS', 'FAIL', 'NON-STRICT', 'INFORMATIONAL', 'UNSUPPORTED', 'SKIPPED', 'TIMEOUT', 'ERROR'];
  var SHORT = {'PASS': 'pass', 'FAIL': 'FAIL', 'NON-STRICT': 'non-strict', 'INFORMATIONAL': 'info',
    'UNSUPPORTED': 'unsupported', 'SKIPPED': 'skipped', 'TIMEOUT': 'TIMEOUT', 'ERROR': 'ERROR'};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function str(v) { return typeof v === 'string' ? v : (v === undefined || v === null ? '' : JSON.stringify(v)); }
  function verdictOf(c) { return VERDICTS.indexOf(c.verdict) >= 0 ? c.verdict : 'ERROR'; }
  function secCmp(a, b) {
    var x = a.split('.'), y = b.split('.');
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === undefined) return -1;
      if (y[i] === undefined) return 1;
      var p = parseInt(x[i], 10), q = parseInt(y[i], 10);
      if (!isNaN(p) && !isNaN(q) && p !== q) return p - q;
      if (isNaN(p) || isNaN(q)) { if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1; }
    }
    return 0;
  }
  function manifestKey(v) { return v === '5.0' ? '5.0' : (v === '3.1.1' || v === '3.1') ? '3.1.1' : null; }
  function stmtInfo(version, id) {
    var k = manifestKey(version), m = k && D.statements && D.statements[k];
    return m && Object.prototype.hasOwnProperty.call(m, id) ? m[id] : null;
  }
  // Only hrefs computed by mqttcheck (percent-encoded, no scheme or file:///) are used.
  function safeHref(h) {
    if (typeof h !== 'string') return null;
    if (h.indexOf('file:///') === 0) return h;
    return /^[A-Za-z0-9._~\/%-]+$/.test(h) && h.indexOf(':') < 0 ? h : null;
  }

  // ---------------------------------------------------------------- model
  var runs = D.runs || [];
  var rows = [], rowByKey = Object.create(null);
  runs.forEach(function (run, r) {
    (run.cases || []).forEach(function (c, i) {
      var key = str(c.id) + '\u0000' + str(c.version);
      var row = rowByKey[key];
      if (!row) {
        row = rowByKey[key] = {id: str(c.id), version: str(c.version), section: str(c.section) || '?',
          title: str(c.title), cells: new Array(runs.length), verdicts: {}, search: ''};
        rows.push(row);
      }
      row.cells[r] = i;
      row.verdicts[verdictOf(c)] = true;
      if (!row.title) row.title = str(c.title);
      row.search += ' ' + (Array.isArray(c.statements) ? c.statements.map(str).join(' ') : '');
    });
  });
  rows.forEach(function (row) { row.search = (row.id + ' ' + row.title + ' ' + row.search).toLowerCase(); });
  rows.sort(function (a, b) {
    return secCmp(a.section, b.section) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      (a.version < b.version ? -1 : a.version > b.version ? 1 : 0);
  });
  var sections = [], versions = [];
  rows.forEach(function (row) {
    if (sections.indexOf(row.section) < 0) sections.push(row.section);
    if (versions.indexOf(row.version) < 0) versions.push(row.version);
  });
  versions.sort();

  // --------------------------------------------------------------- header
  var head = document.getElementById('head');
  var ev = D.evaluation || {};
  head.appendChild(el('h1', null, D.title || 'mqttcheck report'));
  var st = el('div', 'status-' + (ev.exit_code | 0));
  var nf = (ev.new_failures || []).length, fx = (ev.fixed || []).length, xf = (ev.expected_failures || []).length;
  st.textContent = ev.exit_code === 0 ? 'No unexpected failures' :
    ev.exit_code === 2 ? 'No case ran' :
    nf + (ev.baseline ? ' new failure(s)' : ' failure(s)') + (fx ? ', ' + fx + ' fixed case(s) still listed in the baseline' : '');
  head.appendChild(st);
  var meta = el('div', 'muted');
  meta.textContent = rows.length + ' cases × ' + runs.length + ' target(s) · ' +
    (ev.strict ? 'strict mode (NON-STRICT fails)' : 'default mode (NON-STRICT passes)') +
    (ev.baseline ? ' · baseline ' + str(ev.baseline) + ' (' + xf + ' expected failure(s))' : '') +
    ' · generated ' + str(D.generated) + ' by mqttcheck ' + str(D.tool_version);
  head.appendChild(meta);
  runs.forEach(function (run) {
    if (!run.complete) head.appendChild(el('div', 'warn', 'Run "' + str(run.label) + '" is incomplete (no end line: the run was stopped early).'));
  });

  // -------------------------------------------------------------- filters
  var nav = document.getElementById('filters');
  var fVerd = {}, boxes = {};
  VERDICTS.forEach(function (v) {
    var lab = el('label'), cb = el('input');
    cb.type = 'checkbox'; cb.checked = true; cb.dataset.verdict = v;
    boxes[v] = cb; fVerd[v] = true;
    cb.addEventListener('change', function () { fVerd[v] = cb.checked; applyFilters(); });
    var b = el('span', 'badge v-' + v, v);
    lab.appendChild(cb); lab.appendChild(b); nav.appendChild(lab);
  });
  function select(label, values, fmt) {
    var lab = el('label', null, label + ' '), s = el('select');
    s.appendChild(el('option', null, 'all')).value = '';
    values.forEach(function (v) { var o = el('option', null, fmt ? fmt(v) : v); o.value = v; s.appendChild(o); });
    lab.appendChild(s); nav.appendChild(lab);
    s.addEventListener('change', applyFilters);
    return s;
  }
  function secLabel(s) { var t = D.sections && D.sections[s]; return '§' + s + (t ? ' ' + t : ''); }
  var fVersion = select('version', versions);
  var fSection = select('section', sections, secLabel);
  var search = el('input'); search.type = 'search'; search.placeholder = 'search id, title or statement (MQTT-3.1.0-1)';
  search.addEventListener('input', applyFilters);
  nav.appendChild(search);
  var shown = el('span', 'muted'); nav.appendChild(shown);

  // --------------------------------------------------------------- matrix
  var wrap = document.getElementById('matrix-wrap');
  var table = el('table', 'matrix'), thead = el('thead'), htr = el('tr');
  htr.appendChild(el('th', null, 'case'));
  htr.appendChild(el('th', null, 'version'));
  runs.forEach(function (run) { var th = el('th', null, run.label); th.title = str(run.label); htr.appendChild(th); });
  thead.appendChild(htr); table.appendChild(thead);
  var tbody = el('tbody'), secRows = {}, frag = document.createDocumentFragment();
  rows.forEach(function (row) {
    if (!secRows[row.section]) {
      var str_ = el('tr', 'sec'), th = el('th', null, secLabel(row.section));
      th.colSpan = runs.length + 2; str_.appendChild(th); frag.appendChild(str_);
      secRows[row.section] = {tr: str_, rows: []};
    }
    secRows[row.section].rows.push(row);
    var tr = el('tr'), td = el('td', 'case', row.id);
    td.title = row.title;
    td.addEventListener('click', function () { var r = row.cells.findIndex(function (x) { return x !== undefined; }); if (r >= 0) showCase(r, row.cells[r], null); });
    tr.appendChild(td); tr.appendChild(el('td', null, row.version));
    for (var r = 0; r < runs.length; r++) {
      var i = row.cells[r];
      if (i === undefined) { tr.appendChild(el('td', 'none', '—')); continue; }
      var c = runs[r].cases[i], v = verdictOf(c), cell = el('td', 'v v-' + v, SHORT[v]);
      if (c.baseline) cell.appendChild(el('span', 'bl', c.baseline === 'expected-failure' ? 'expected' : c.baseline));
      cell.dataset.run = r; cell.dataset.idx = i;
      tr.appendChild(cell);
    }
    frag.appendChild(tr);
    row.tr = tr;
  });
  // one delegated listener instead of thousands
  tbody.addEventListener('click', function (e) {
    var t = e.target.closest('td.v');
    if (t) showCase(+t.dataset.run, +t.dataset.idx, t);
  });
  tbody.appendChild(frag); table.appendChild(tbody); wrap.appendChild(table);

  function applyFilters() {
    var ver = fVersion.value, sec = fSection.value, q = search.value.trim().toLowerCase(), n = 0;
    var anyVerd = VERDICTS.every(function (v) { return fVerd[v]; });
    Object.keys(secRows).forEach(function (s) {
      var g = secRows[s], vis = 0;
      g.rows.forEach(function (row) {
        var ok = (!ver || row.version === ver) && (!sec || row.section === sec) &&
          (!q || row.search.indexOf(q) >= 0);
        if (ok && !anyVerd) ok = VERDICTS.some(function (v) { return fVerd[v] && row.verdicts[v]; });
        if (row.tr.hidden !== !ok) row.tr.hidden = !ok;
        if (ok) vis++;
      });
      g.tr.hidden = vis === 0; n += vis;
    });
    shown.textContent = n + ' of ' + rows.length + ' cases shown';
  }

  // --------------------------------------------------------------- detail
  var detail = document.getElementById('detail'), selected = null;
  function kv(dl, k, v) { if (v === undefined || v === null || v === '') return; dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, str(v))); }
  function showCase(r, i, cell) {
    var run = runs[r], c = run && run.cases[i];
    if (!c) return;
    if (selected) selected.classList.remove('sel');
    selected = cell; if (cell) cell.classList.add('sel');
    detail.hidden = false; detail.textContent = '';
    var h = el('h2', null, str(c.title) || str(c.id)); detail.appendChild(h);
    var v = verdictOf(c), p = el('p');
    p.appendChild(el('span', 'badge v-' + v, v));
    p.appendChild(document.createTextNode(' ' + str(run.label) + ' · MQTT ' + str(c.version) +
      (c.baseline ? ' · baseline: ' + str(c.baseline) : '')));
    detail.appendChild(p);
    var dl = el('dl', 'kv');
    kv(dl, 'id', c.id); kv(dl, 'section', c.section ? secLabel(str(c.section)) : '');
    kv(dl, 'level', c.level); kv(dl, 'versions', Array.isArray(c.versions) ? c.versions.map(str).join(', ') : c.versions);
    kv(dl, 'duration', typeof c.duration_ms === 'number' ? c.duration_ms.toFixed(1) + ' ms' : c.duration_ms);
    kv(dl, 'description', c.description); kv(dl, 'expected', c.expected); kv(dl, 'observed', c.observed);
    kv(dl, 'detail', c.detail);
    detail.appendChild(dl);
    if (Array.isArray(c.statements) && c.statements.length) {
      detail.appendChild(el('h3', null, 'Statements checked'));
      var ul = el('ul');
      c.statements.forEach(function (s) {
        var li = el('li'), info = stmtInfo(str(c.version), str(s));
        li.appendChild(el('b', null, str(s)));
        li.appendChild(document.createTextNode(info ? ' (' + info[2] + ', ' + info[1] + ') ' + info[3] : ' (not in the statement manifest)'));
        ul.appendChild(li);
      });
      detail.appendChild(ul);
    }
    var href = safeHref(c.pcap_href);
    if (c.pcap) {
      var pp = el('p', null, 'Capture: ');
      if (href) { var a = el('a', null, str(c.pcap)); a.setAttribute('href', href); a.setAttribute('rel', 'noopener noreferrer'); pp.appendChild(a); }
      else pp.appendChild(document.createTextNode(str(c.pcap)));
      detail.appendChild(pp);
    }
    var wire = Array.isArray(c.wire) ? c.wire : [];
    detail.appendChild(el('h3', null, 'Wire log (' + wire.length + ' events)'));
    var conns = [];
    wire.forEach(function (w) { var k = str(w && w.conn) || '-'; if (conns.indexOf(k) < 0) conns.push(k); });
    conns.forEach(function (conn) {
      detail.appendChild(el('h4', null, 'connection ' + conn));
      var t = el('table', 'wire'), hr = el('tr');
      ['t (s)', 'dir', 'kind', 'summary'].forEach(function (x) { hr.appendChild(el('th', null, x)); });
      t.appendChild(hr);
      wire.forEach(function (w) {
        if (!w || (str(w.conn) || '-') !== conn) return;
        var tr = el('tr');
        tr.appendChild(el('td', null, typeof w.t === 'number' ? w.t.toFixed(6) : str(w.t)));
        var d = w.dir === 'out' ? '→ out' : w.dir === 'in' ? '← in' : str(w.dir);
        tr.appendChild(el('td', 'dir-' + (w.dir === 'out' ? 'out' : 'in'), d));
        tr.appendChild(el('td', null, str(w.kind)));
        var sum = el('td', 'sum', str(w.summary));
        if ((w.packet && typeof w.packet === 'object') || w.error || w.hex) {
          var det = el('details'); det.appendChild(el('summary', null, 'fields'));
          det.addEventListener('toggle', function once() {
            det.removeEventListener('toggle', once);
            if (w.packet) det.appendChild(el('pre', 'fields', JSON.stringify(w.packet, null, 1)));
            if (w.error) det.appendChild(el('pre', 'fields', 'error: ' + JSON.stringify(w.error, null, 1)));
            if (w.hex) det.appendChild(el('pre', 'fields', 'hex: ' + str(w.hex)));
          });
          sum.appendChild(det);
        }
        tr.appendChild(sum);
        t.appendChild(tr);
      });
      detail.appendChild(t);
    });
  }

  // -------------------------------------------------------------- targets
  var targets = document.getElementById('targets');
  targets.appendChild(el('h2', null, 'Targets'));
  function flatten(obj, prefix, out) {
    Object.keys(obj).forEach(function (k) {
      var v = obj[k], name = prefix ? prefix + '.' + k : k;
      if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, name, out); else out.push([name, str(v)]);
    });
    return out;
  }
  runs.forEach(function (run) {
    var box = el('div', 'target'), t = run.target || {};
    box.appendChild(el('h3', null, str(run.label)));
    var dl = el('dl', 'kv');
    kv(dl, 'name', t.name); kv(dl, 'address', t.address);
    kv(dl, 'versions tried', Array.isArray(t.versions) ? t.versions.map(str).join(', ') : t.versions);
    kv(dl, 'started', run.started); kv(dl, 'finished', run.finished);
    kv(dl, 'complete', run.complete ? 'yes' : 'no (stopped early)');
    box.appendChild(dl);
    box.appendChild(el('h4', null, 'Capabilities'));
    var caps = t.capabilities && typeof t.capabilities === 'object' ? flatten(t.capabilities, '', []) : [];
    if (!caps.length) box.appendChild(el('p', 'muted', 'none recorded'));
    else {
      var ct = el('table', 'kvt');
      caps.forEach(function (kvp) { var tr = el('tr'); tr.appendChild(el('th', null, kvp[0])); tr.appendChild(el('td', null, kvp[1])); ct.appendChild(tr); });
      box.appendChild(ct);
    }
    box.appendChild(el('h4', null, 'Verdicts'));
    var tt = el('table', 'tot'), h1 = el('tr'), r1 = el('tr');
    VERDICTS.forEach(function (v) { h1.appendChild(el('th', 'v-' + v, v)); r1.appendChild(el('td', null, (run.totals && run.totals[v]) | 0)); });
    tt.appendChild(h1); tt.appendChild(r1); box.appendChild(tt);
    box.appendChild(el('h4', null, 'Normative statement coverage (server role)'));
    var cov = run.coverage || {};
    Object.keys(cov).forEach(function (ver) {
      var cv = cov[ver], p = el('div');
      if (!cv.available) { p.textContent = 'MQTT ' + ver + ': ' + str(cv.reason || 'manifest unavailable'); box.appendChild(p); return; }
      var pct = cv.testable ? Math.round(100 * cv.exercised / cv.testable) : 0;
      p.textContent = 'MQTT ' + ver + (cv.manifest !== ver ? ' (numbered as ' + str(cv.manifest) + ')' : '') + ': ' +
        cv.exercised + ' / ' + cv.testable + ' testable statements exercised (' + pct + '%)';
      box.appendChild(p);
      var unc = Array.isArray(cv.uncovered) ? cv.uncovered : [];
      if (unc.length) {
        var det = el('details'); det.appendChild(el('summary', null, unc.length + ' not yet covered'));
        det.addEventListener('toggle', function once() {
          det.removeEventListener('toggle', once);
          var ul = el('ul');
          unc.forEach(function (id) { var info = stmtInfo(ver, str(id)), li = el('li'); li.appendChild(el('b', null, str(id))); li.appendChild(document.createTextNode(info ? ' §' + info[0] + ' ' + info[3] : '')); ul.appendChild(li); });
          det.appendChild(ul);
        });
        box.appendChild(det);
      }
      if (Array.isArray(cv.unknown) && cv.unknown.length)
        box.appendChild(el('div', 'warn', 'cited but not in the manifest: ' + cv.unknown.map(str).join(', ')));
    });
    targets.appendChild(box);
  });

  applyFilters();
  var T1 = performance.now();

  // #case=R:I opens one case (links, tests); #bench times a filter pass.
  var hash = decodeURIComponent(location.hash || '');
  var m = /^#case=(\d+):(\d+)$/.exec(hash);
  if (m) showCase(+m[1], +m[2], null);
  if (hash === '#bench') {
    // each step includes the style and layout it causes (offsetHeight forces them)
    var layout = function () { return document.body.offsetHeight; };
    layout();
    var T2 = performance.now();
    var b0 = performance.now();
    boxes.PASS.checked = false; fVerd.PASS = false; fVersion.value = versions[versions.length - 1] || '';
    search.value = '3.'; applyFilters(); layout();
    var b1 = performance.now();
    VERDICTS.forEach(function (v) { boxes[v].checked = true; fVerd[v] = true; });
    fVersion.value = ''; search.value = ''; applyFilters(); layout();
    var b2 = performance.now();
    var firstCell = tbody.querySelector('td.v');
    if (firstCell) showCase(+firstCell.dataset.run, +firstCell.dataset.idx, firstCell);
    layout();
    var b3 = performance.now();
    var out = document.getElementById('bench');
    out.textContent = JSON.stringify({rows: rows.length, targets: runs.length, cells: tbody.querySelectorAll('td.v').length,
      script_start_ms: +T0.toFixed(1), rendered_ms: +T1.toFixed(1), render_ms: +(T1 - T0).toFixed(1), laid_out_ms: +T2.toFixed(1),
      filter_ms: +(b1 - b0).toFixed(2), unfilter_ms: +(b2 - b1).toFixed(2), open_case_ms: +(b3 - b2).toFixed(2)});
    out.hidden = false;
  }
})();
