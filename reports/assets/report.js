// mqttcheck report viewer. All data comes from the JSON block above and is
// untrusted (broker strings, pcap contents, script errors): it only ever
// reaches the page through textContent or setAttribute of known-safe values
// (numbers, our own class names, hrefs checked by safeHref/specHref).
// Never use innerHTML, insertAdjacentHTML or document.write here.
(function () {
  'use strict';
  var T0 = performance.now();
  var D = JSON.parse(document.getElementById('data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var VERDICTS = ['PASS', 'FAIL', 'NON-STRICT', 'INFORMATIONAL', 'UNSUPPORTED', 'SKIPPED', 'TIMEOUT', 'ERROR', 'FLAKY', 'RESOURCE'];
  // severity for "worst verdict" (heat map colour): most severe first
  var SEVERITY = ['ERROR', 'FAIL', 'RESOURCE', 'FLAKY', 'TIMEOUT', 'NON-STRICT', 'UNSUPPORTED', 'INFORMATIONAL', 'SKIPPED', 'PASS'];
  var SHORT = {'PASS': 'pass', 'FAIL': 'FAIL', 'NON-STRICT': 'non-strict', 'INFORMATIONAL': 'info',
    'UNSUPPORTED': 'unsupported', 'SKIPPED': 'skipped', 'TIMEOUT': 'TIMEOUT', 'ERROR': 'ERROR', 'FLAKY': 'FLAKY', 'RESOURCE': 'RESOURCE'};
  var ev = D.evaluation || {};
  var strict = !!ev.strict;
  // one table: what each verdict means and what it does to the exit code in each mode
  var LEGEND = {
    'PASS': ['the target did what the statement requires', 'passes', 'passes'],
    'FAIL': ['it did not: a violation, with its evidence', 'fails the run', 'fails the run'],
    'NON-STRICT': ['allowed by a lenient reading of the spec, not by the strict one', 'passes', 'fails the run'],
    'INFORMATIONAL': ['behaviour recorded where the spec leaves a choice; nothing judged', 'neutral', 'neutral'],
    'UNSUPPORTED': ['the target declined an optional feature the case needs', 'neutral', 'neutral'],
    'SKIPPED': ['not run (filtered out, version not tried)', 'neutral', 'neutral'],
    'TIMEOUT': ['a deadline expired before the case could decide', 'fails the run', 'fails the run'],
    'ERROR': ['the case itself could not run (script or I/O error)', 'fails the run', 'fails the run'],
    'FLAKY': ['run several times (--repeat), the verdicts differed', 'fails unless the baseline marks it flaky', 'same'],
    'RESOURCE': ['the broker (spawned) leaked, spun, slowed down or printed a sanitizer report after the case', 'fails the run', 'fails the run']
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function str(v) { return typeof v === 'string' ? v : (v === undefined || v === null ? '' : JSON.stringify(v)); }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function verdictOf(c) { return VERDICTS.indexOf(c.verdict) >= 0 ? c.verdict : 'ERROR'; }
  function failing(c) { return c.outcome === 'fail'; }
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
  function own(o, k) { return o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k); }
  function stmtInfo(version, id) {
    var k = manifestKey(version), m = k && D.statements && D.statements[k];
    return own(m, id) && Array.isArray(m[id]) ? m[id] : null;
  }
  // Only hrefs computed by mqttcheck (percent-encoded, no scheme or file:///) are used.
  function safeHref(h) {
    if (typeof h !== 'string') return null;
    if (h.indexOf('file:///') === 0) return h;
    return /^[A-Za-z0-9._~\/%-]+$/.test(h) && h.indexOf(':') < 0 ? h : null;
  }
  // Link into the OASIS HTML for a statement id or section: its section's
  // bookmark, or the nearest listed parent, or the document itself.
  function specLink(version, stmtOrSection) {
    var k = manifestKey(version), sp = k && D.spec && D.spec[k];
    if (!sp || typeof sp.url !== 'string' || !/^https:\/\/docs\.oasis-open\.org\/[A-Za-z0-9._\/-]+$/.test(sp.url)) return null;
    var m = /^MQTT-(\d+(?:\.\d+)*)-\d+$/.exec(stmtOrSection) || /^§?(\d+(?:\.\d+)*)$/.exec(stmtOrSection);
    var sec = m ? m[1] : '', parts = sec ? sec.split('.') : [];
    while (parts.length) {
      var s = parts.join('.'), a = own(sp.anchors, s) ? sp.anchors[s] : null;
      if (typeof a === 'string' && /^[A-Za-z0-9_]+$/.test(a)) return {href: sp.url + '#' + a, section: s};
      parts.pop();
    }
    return {href: sp.url, section: ''};
  }
  // single-quote a value for a POSIX shell when it needs it (shown as text only)
  function shq(s) { s = str(s); return /^[A-Za-z0-9_.,:\/@%+=-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'"; }
  function fmtDur(s) {
    if (s === null) return '';
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
    return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  }
  function isoSecs(a) { var t = Date.parse(str(a)); return isNaN(t) ? null : t / 1000; }

  // ---------------------------------------------------------------- model
  var runs = D.runs || [];
  var secTitles = D.sections || {};
  function secLabel(s) { var t = own(secTitles, s) ? secTitles[s] : ''; return (/^\d/.test(s) ? '§' : '') + s + (t ? ' ' + str(t) : ''); }
  // brokers and client libraries never share a matrix: their cases differ
  var GROUPS = [{key: 'server', title: 'Brokers', runs: []}, {key: 'client', title: 'Client libraries', runs: []}];
  runs.forEach(function (run, r) {
    run._r = r;
    (run.role === 'client' ? GROUPS[1] : GROUPS[0]).runs.push(r);
  });
  var groups = GROUPS.filter(function (g) { return g.runs.length; });
  var allRows = [], versions = [], sections = [];
  groups.forEach(function (g) {
    var byKey = Object.create(null);
    g.rows = [];
    g.runs.forEach(function (r, col) {
      (runs[r].cases || []).forEach(function (c, i) {
        var key = str(c.id) + '\u0000' + str(c.version), row = byKey[key];
        if (!row) {
          row = byKey[key] = {id: str(c.id), version: str(c.version), section: str(c.section) || '?', title: str(c.title),
            group: g, cells: new Array(g.runs.length), verdicts: {}, fail: false, search: ''};
          g.rows.push(row);
        }
        row.cells[col] = i;
        row.verdicts[verdictOf(c)] = true;
        if (failing(c)) row.fail = true;
        if (!row.title) row.title = str(c.title);
        var st = Array.isArray(c.statements) ? c.statements.map(str) : [];
        row.search += ' ' + st.join(' ') + ' ' + st.map(function (s) { var inf = stmtInfo(str(c.version), s); return inf ? str(inf[3]) : ''; }).join(' ');
      });
    });
    g.rows.forEach(function (row) {
      row.search = (row.id + ' ' + row.title + ' ' + row.search).toLowerCase();
      if (versions.indexOf(row.version) < 0) versions.push(row.version);
      if (sections.indexOf(row.section) < 0) sections.push(row.section);
    });
    g.rows.sort(function (a, b) {
      return secCmp(a.section, b.section) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
        (a.version < b.version ? -1 : a.version > b.version ? 1 : 0);
    });
    allRows = allRows.concat(g.rows);
  });
  versions.sort();
  sections.sort(secCmp);

  // --------------------------------------------------------------- header
  var head = document.getElementById('head');
  head.appendChild(el('h1', null, D.title || 'mqttcheck report'));
  var nf = (ev.new_failures || []).length, fx = (ev.fixed || []).length, xf = (ev.expected_failures || []).length;
  var flk = ev.flaky || [], fz = ev.fuzz_findings | 0;
  var st = el('div', 'status status-' + (ev.exit_code | 0));
  var openFlaky = flk.filter(function (x) { return x && !x.accepted; }).length;
  var why = [];
  if (nf) why.push(nf + (ev.baseline ? ' new failure' : ' failure') + (nf === 1 ? '' : 's'));
  if (fx) why.push(fx + ' fixed but still in the baseline');
  if (openFlaky) why.push(openFlaky + ' flaky');
  if (fz) why.push(fz + ' fuzz finding' + (fz === 1 ? '' : 's'));
  st.textContent = ev.exit_code === 0 ? '✓ No unexpected failures' : ev.exit_code === 2 ? '⚠ No case ran' :
    '✗ ' + (why.length ? why.join(', ') : 'findings');
  head.appendChild(st);
  var counts = el('div', 'counts');
  // the status says why the run failed; the pills add what it does not say
  var accFlaky = flk.length - openFlaky;
  if (ev.baseline) counts.appendChild(el('span', 'count', xf + ' still failing (in the baseline)'));
  if (accFlaky) counts.appendChild(el('span', 'count', accFlaky + ' flaky, accepted by the baseline'));
  head.appendChild(counts);
  var meta = el('div', 'muted');
  meta.textContent = allRows.length + ' cases · ' + runs.length + ' target(s) · ' +
    (strict ? 'strict mode: NON-STRICT fails' : 'default mode: NON-STRICT passes (--strict makes it fail)') +
    (ev.baseline ? ' · baseline ' + str(ev.baseline) : '') +
    ' · generated ' + str(D.generated) + ' by mqttcheck ' + str(D.tool_version);
  head.appendChild(meta);

  // ------------------------------------------------------------ overview
  var over = document.getElementById('overview');
  function colour(v) { return 'var(--' + v.toLowerCase() + ')'; }
  // stacked bar of verdict totals; widths are numbers we computed
  function totalsBar(tot, w) {
    var total = 0;
    VERDICTS.forEach(function (v) { total += tot[v] | 0; });
    var s = svg('svg', {'class': 'chart bar', width: w, height: 18, viewBox: '0 0 ' + w + ' 18', role: 'img'});
    var t = svg('title'); t.textContent = VERDICTS.filter(function (v) { return tot[v] | 0; }).map(function (v) { return (tot[v] | 0) + ' ' + v; }).join(', ');
    s.appendChild(t);
    var x = 0;
    SEVERITY.slice().reverse().forEach(function (v) {
      var n = tot[v] | 0; if (!n || !total) return;
      var wd = n / total * w;
      s.appendChild(svg('rect', {x: x.toFixed(2), y: 0, width: wd.toFixed(2), height: 18, 'class': 'f-' + v}));
      x += wd;
    });
    if (!total) s.appendChild(svg('rect', {x: 0, y: 0, width: w, height: 18, 'class': 'empty'}));
    return s;
  }
  function ratioBar(a, b, w) {
    var s = svg('svg', {'class': 'chart ratio', width: w, height: 10, viewBox: '0 0 ' + w + ' 10', role: 'img'});
    s.appendChild(svg('rect', {x: 0, y: 0, width: w, height: 10, 'class': 'track'}));
    if (b > 0) s.appendChild(svg('rect', {x: 0, y: 0, width: (Math.min(a, b) / b * w).toFixed(2), height: 10, 'class': 'fill'}));
    return s;
  }
  // line chart: series = [{name, cls, key}], points objects with numeric t and keys
  // fromMin: each series spans its own min..max (growth of a resource shows even
  // when it is small next to its size); marks: [{t, title}] drawn as ticks
  function lineChart(points, series, w, h, xlabel, fromMin, marks) {
    var s = svg('svg', {'class': 'chart line', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img'});
    var pad = {l: 8, r: 150, t: 6, b: 18}, pw = w - pad.l - pad.r, ph = h - pad.t - pad.b;
    var pts = (Array.isArray(points) ? points : []).filter(function (p) { return p && num(p.t) !== null; });
    var tmax = 0; pts.forEach(function (p) { tmax = Math.max(tmax, p.t); });
    s.appendChild(svg('rect', {x: pad.l, y: pad.t, width: pw, height: ph, 'class': 'plot'}));
    series.forEach(function (se, k) {
      var vmax = 0, vmin = null, any = false;
      pts.forEach(function (p) { var v = num(p[se.key]); if (v !== null) { vmax = Math.max(vmax, v); vmin = vmin === null ? v : Math.min(vmin, v); any = true; } });
      if (!any) return;
      var lo = fromMin && vmin < vmax ? vmin : 0;
      if (vmax - lo <= 0) vmax = lo + 1;
      var d = '';
      pts.forEach(function (p) {
        var v = num(p[se.key]); if (v === null) return;
        var x = pad.l + (tmax ? p.t / tmax : 0) * pw, y = pad.t + ph - (v - lo) / (vmax - lo) * ph;
        d += (d ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1);
      });
      s.appendChild(svg('path', {d: d, 'class': 'ln ' + se.cls}));
      // each series is scaled to its own maximum, written next to its name
      var lt = svg('text', {x: pad.l + pw + 8, y: pad.t + 10 + k * 14, 'class': 'lg ' + se.cls});
      lt.textContent = se.name + (lo ? ' (' + (Math.round(lo * 10) / 10) + '..' : ' (max ') + (Math.round(vmax * 10) / 10) + ')';
      s.appendChild(lt);
    });
    (marks || []).forEach(function (m) {
      if (num(m.t) === null || !tmax) return;
      var x = (pad.l + m.t / tmax * pw).toFixed(1);
      var ln = svg('line', {x1: x, x2: x, y1: pad.t, y2: pad.t + ph, 'class': 'mark'});
      var tt = svg('title'); tt.textContent = m.title; ln.appendChild(tt);
      s.appendChild(ln);
    });
    var xl = svg('text', {x: pad.l + pw, y: h - 6, 'class': 'ax', 'text-anchor': 'end'});
    xl.textContent = (Math.round(tmax * 10) / 10) + ' ' + xlabel;
    s.appendChild(xl);
    var x0 = svg('text', {x: pad.l, y: h - 6, 'class': 'ax'}); x0.textContent = '0'; s.appendChild(x0);
    if (!pts.length) { var e = svg('text', {x: pad.l + 8, y: pad.t + ph / 2, 'class': 'ax'}); e.textContent = 'no samples'; s.appendChild(e); }
    return s;
  }
  function capsList(caps) {
    var out = [];
    function walk(o, prefix) {
      Object.keys(o).forEach(function (k) {
        var v = o[k], name = prefix ? prefix + ' ' + k : k;
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, name);
        else out.push([name, v === true ? '✓' : v === false ? '✗' : str(v)]);
      });
    }
    if (caps && typeof caps === 'object') walk(caps, '');
    return out;
  }
  function versionOf(run) {
    var t = run.target || {};
    var v = t.version || t.broker_version || (t.driver && t.driver.library);
    return v ? str(v) : '';
  }

  function capsShort(caps) {
    // the capabilities a broker developer scans for, in a few words
    return capsList(caps).map(function (kv) {
      var k = kv[0].replace(/^(\d\.\d(\.\d)?) /, '$1: ').replace(/_available$/, '').replace(/_/g, ' '), v = kv[1];
      return v === '✓' ? k : v === '✗' ? 'no ' + k : k + ' ' + v;
    });
  }
  function covCell(run) {
    var cov = run.coverage || {}, box = el('div', 'cov');
    Object.keys(cov).sort().forEach(function (v) {
      var cv = cov[v];
      if (!(run.cases || []).some(function (c) { return str(c.version) === v; })) {
        var nl = el('div', 'covl dim'); nl.appendChild(el('span', 'cv', v)); nl.appendChild(el('span', 'muted', 'tried, no case at this version'));
        box.appendChild(nl); return;
      }
      if (!cv || !cv.available) { box.appendChild(el('div', 'muted', 'MQTT ' + v + ': ' + str(cv && cv.reason || 'no manifest'))); return; }
      var roles = cv.roles && typeof cv.roles === 'object' && Object.keys(cv.roles).length ? cv.roles : {};
      if (!Object.keys(roles).length) roles[str(cv.role || 'server')] = cv;
      Object.keys(roles).sort().forEach(function (role) {
        var rc = roles[role] || {}, a = rc.exercised | 0, b = rc.testable | 0, line = el('div', 'covl');
        line.appendChild(el('span', 'cv', v));
        line.appendChild(el('span', 'cr', role));
        line.appendChild(ratioBar(a, b, 90));
        line.appendChild(el('span', 'cn', a + '/' + b + (b ? ' · ' + Math.round(100 * a / b) + '%' : '')));
        box.appendChild(line);
      });
    });
    return box;
  }
  var board = el('table', 'board'), bh = el('tr');
  ['target', 'verdicts', ev.baseline ? 'changed vs the baseline' : 'failing', 'statements exercised (tested / testable) per version and role', 'run', 'capabilities found'].forEach(function (x) { bh.appendChild(el('th', null, x)); });
  var bhead = el('thead'); bhead.appendChild(bh); board.appendChild(bhead);
  var bbody = el('tbody');
  groups.forEach(function (g) {
    var gr = el('tr', 'bgroup'), gth = el('th', null, g.title); gth.colSpan = 6; gr.appendChild(gth); bbody.appendChild(gr);
    g.runs.forEach(function (r) {
      var run = runs[r], t = run.target || {}, tr = el('tr');
      var c0 = el('td', 'bt'); c0.appendChild(el('b', null, str(run.label)));
      var ver = versionOf(run);
      c0.appendChild(el('div', 'sub', run.role === 'client' ? 'client library via ' + str((t.driver && t.driver.driver) || 'driver') :
        'broker at ' + str(t.address) + (ver ? '' : ' · version not recorded')));
      if (ver && ver !== str(run.label)) c0.appendChild(el('div', 'sub', ver));
      if (!run.complete) c0.appendChild(el('div', 'warn', 'incomplete run'));
      tr.appendChild(c0);
      var tot = run.totals || {}, c1 = el('td', 'bv');
      c1.appendChild(totalsBar(tot, 250));
      var tl = el('div', 'tl');
      SEVERITY.forEach(function (v) {
        var n = tot[v] | 0; if (!n) return;
        var s = el('span', 'tli'); s.appendChild(el('i', 'sw v-' + v)); s.appendChild(document.createTextNode(n + ' ' + SHORT[v]));
        tl.appendChild(s);
      });
      c1.appendChild(tl); tr.appendChild(c1);
      var bad = (run.cases || []).filter(failing).length, total = (run.cases || []).length;
      if (ev.baseline) {
        // with a baseline what matters is what changed
        var nw = (run.cases || []).filter(function (c) { return c.baseline === 'new-failure' || c.baseline === 'fixed'; }).length;
        var c2 = el('td', 'bf' + (nw ? ' hot' : ' ok'));
        c2.appendChild(el('b', null, String(nw))); c2.appendChild(el('div', 'sub', 'new or fixed; ' + bad + ' failing of ' + total));
      } else {
        var c2 = el('td', 'bf' + (bad ? ' hot' : ' ok'));
        c2.appendChild(el('b', null, String(bad))); c2.appendChild(el('div', 'sub', 'of ' + total));
      }
      tr.appendChild(c2);
      var c3 = el('td'); c3.appendChild(covCell(run)); tr.appendChild(c3);
      var t0 = isoSecs(run.started), t1 = isoSecs(run.finished), c4 = el('td', 'br');
      c4.appendChild(el('div', null, t0 !== null && t1 !== null ? fmtDur(t1 - t0) : '?'));
      c4.appendChild(el('div', 'sub', str(run.started).replace('T', ' ').replace('Z', ' UTC')));
      tr.appendChild(c4);
      var c5 = el('td', 'bc'), caps = capsShort(t.capabilities);
      if (!caps.length) c5.appendChild(el('span', 'muted', run.role === 'client' ? '—' : 'none recorded'));
      caps.forEach(function (x) { c5.appendChild(el('span', 'chip', x)); });
      if (caps.length) c5.title = caps.join(', ') + ' (all in "Targets in detail" below)';
      tr.appendChild(c5);
      bbody.appendChild(tr);
    });
  });
  board.appendChild(bbody);
  if (runs.length) over.appendChild(board);
  var heats = el('div', 'heats main');
  groups.forEach(function (g) { heats.appendChild(heatMap(g)); });
  if (runs.length) heats.appendChild(failList());
  over.appendChild(heats);
  var resRuns = runs.filter(function (run) { return Array.isArray(run.resource_timeline) && run.resource_timeline.length; });
  if (resRuns.length) {
    var rr = el('div', 'heats');
    resRuns.forEach(function (run) {
      var box = el('div', 'res');
      box.appendChild(el('div', 'lbl', 'Resources of ' + str(run.label) + ' over the run'));
      // a tick where a case with a resource finding was sampled
      var marks = [];
      (Array.isArray(run.cases) ? run.cases : []).forEach(function (c) {
        if (!c || !Array.isArray(c.resource_findings) || !c.resource_findings.length) return;
        var at = null;
        run.resource_timeline.forEach(function (p) { if (p && p['case'] === c.id && at === null) at = p.t; });
        if (at !== null) marks.push({t: at, title: str(c.id) + ' [' + str(c.version) + ']: ' + c.resource_findings.map(function (f) { return str(f && f.kind); }).join(', ')});
      });
      box.appendChild(lineChart(run.resource_timeline, [{name: 'RSS kB', cls: 's1', key: 'rss_kb'}, {name: 'fds', cls: 's2', key: 'fds'},
        {name: 'threads', cls: 's3', key: 'threads'}], 420, 130, 's', true, marks));
      rr.appendChild(box);
    });
    over.appendChild(rr);
  }

  // what failed, one link per case: the first thing a developer wants to open
  // A case blocked by a failed precondition did not judge its own statements:
  // it is counted under its precondition, once per target (conformance/README.md).
  function blockedBy(c) { var p = c && c.precondition; return p && typeof p === 'object' && p.what ? p : null; }
  function failList() {
    var box = el('div', 'faillist'), items = [], blocked = {}, bkeys = [];
    groups.forEach(function (g) {
      g.rows.forEach(function (row) {
        if (!row.fail) return;
        var who = [], worst = null;
        row.cells.forEach(function (i, col) {
          if (i === undefined) return;
          var c = runs[g.runs[col]].cases[i];
          if (!failing(c)) return;
          var pre = blockedBy(c);
          if (pre) {
            var key = str(runs[g.runs[col]].label) + '\n' + str(pre.what) + '\n' + str(pre.statement || '');
            if (!blocked[key]) { blocked[key] = {target: str(runs[g.runs[col]].label), what: str(pre.what), stmt: str(pre.statement || ''), n: 0, first: row}; bkeys.push(key); }
            blocked[key].n++;
            return;
          }
          who.push(str(runs[g.runs[col]].label));
          var v = verdictOf(c);
          if (worst === null || SEVERITY.indexOf(v) < SEVERITY.indexOf(worst)) worst = v;
        });
        if (!who.length) return; // every failing cell was blocked by a precondition
        var news = row.cells.some(function (i, col) { if (i === undefined) return false; var b = runs[g.runs[col]].cases[i].baseline; return b === 'new-failure' || !ev.baseline; });
        items.push({row: row, who: who, worst: worst, isNew: news});
      });
    });
    // with a baseline the new failures come first; the expected ones follow, muted
    if (ev.baseline) items.sort(function (a, b) { return (b.isNew ? 1 : 0) - (a.isNew ? 1 : 0); });
    if (bkeys.length) {
      box.appendChild(el('div', 'lbl', bkeys.length + ' failed precondition(s): each is one finding; the cases it blocked did not judge their own statements'));
      var bl = el('ul', 'blocked');
      bkeys.forEach(function (k) {
        var b = blocked[k], li = el('li'), a = el('a');
        a.setAttribute('href', '#' + fragEnc(b.first.id) + '@' + fragEnc(b.first.version));
        a.appendChild(el('span', 'badge v-ERROR', SHORT.ERROR || 'ERROR'));
        a.appendChild(el('span', 'fid', ' ' + b.what + (b.stmt ? ' (' + b.stmt + ')' : '')));
        li.appendChild(a);
        li.appendChild(el('span', 'fwho', ' blocks ' + b.n + ' case(s)' + (groups.length > 1 || runs.length > 1 ? ' on ' + b.target : '') + '; first: ' + b.first.id + ' ' + b.first.version));
        bl.appendChild(li);
      });
      box.appendChild(bl);
    }
    var nNew = items.filter(function (it) { return it.isNew; }).length;
    box.appendChild(el('div', 'lbl', !items.length ? 'Nothing failed' : ev.baseline ?
      nNew + ' new failing case(s), then ' + (items.length - nNew) + ' expected by the baseline: click one to see its evidence' :
      items.length + ' failing case(s), by section: click one to see its evidence'));
    var ul = el('ul');
    var MAX = 32;
    items.slice(0, MAX).forEach(function (it) {
      var li = el('li', it.isNew ? null : 'exp'), a = el('a');
      a.setAttribute('href', '#' + fragEnc(it.row.id) + '@' + fragEnc(it.row.version));
      a.appendChild(el('span', 'badge v-' + it.worst, SHORT[it.worst]));
      a.appendChild(el('span', 'fid', ' ' + it.row.id));
      a.appendChild(el('span', 'fver', ' ' + it.row.version));
      li.appendChild(a);
      li.appendChild(el('span', 'fwho', ' ' + (it.row.group.runs.length > 1 ? it.who.join(', ') : '') + (it.row.title ? (it.row.group.runs.length > 1 ? ' · ' : '') + it.row.title : '')));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (items.length > MAX) {
      var more = el('button', 'more', 'all ' + items.length + ' failing cases in the matrix');
      more.type = 'button';
      more.addEventListener('click', function () { onlyFail.checked = true; applyFilters(); nav.scrollIntoView(); });
      box.appendChild(more);
    }
    return box;
  }

  // heat map: spec section x target, worst verdict colour, counts; click filters
  function heatMap(g) {
    var box = el('div', 'heat'), t = el('table', 'heat'), thead = el('thead'), tr = el('tr');
    box.appendChild(el('div', 'lbl', g.title + ': spec section × target. Colour = worst verdict; number = failing cases / cases. Click to filter.'));
    tr.appendChild(el('th', 'corner', 'section'));
    g.runs.forEach(function (r) { var th = el('th', null, str(runs[r].label)); th.title = str(runs[r].label); tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    var tb = el('tbody'), secs = [];
    g.rows.forEach(function (row) { if (secs.indexOf(row.section) < 0) secs.push(row.section); });
    secs.forEach(function (s) {
      var r2 = el('tr'), th = el('th', 'hs', secLabel(s)); th.title = secLabel(s);
      r2.appendChild(th);
      g.runs.forEach(function (r, col) {
        var cnt = {}, total = 0, bad = 0;
        g.rows.forEach(function (row) {
          if (row.section !== s || row.cells[col] === undefined) return;
          var c = runs[r].cases[row.cells[col]], v = verdictOf(c);
          cnt[v] = (cnt[v] | 0) + 1; total++; if (failing(c)) bad++;
        });
        var td = el('td', 'hc');
        if (!total) { td.textContent = '—'; td.classList.add('none'); r2.appendChild(td); return; }
        var worst = SEVERITY.filter(function (v) { return cnt[v]; })[0];
        td.classList.add('v-' + worst);
        td.appendChild(el('b', null, String(bad)));
        td.appendChild(el('small', null, '/' + total));
        td.title = secLabel(s) + ' on ' + str(runs[r].label) + ': ' + VERDICTS.filter(function (v) { return cnt[v]; }).map(function (v) { return cnt[v] + ' ' + v; }).join(', ');
        td.setAttribute('data-counts', JSON.stringify(cnt));
        td.setAttribute('data-section', s);
        td.setAttribute('data-run', String(r));
        td.tabIndex = 0;
        var go = function () { filterTo(g, s); };
        td.addEventListener('click', go);
        td.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
        r2.appendChild(td);
      });
      tb.appendChild(r2);
    });
    t.appendChild(tb); box.appendChild(t);
    return box;
  }

  // ------------------------------------------------------------------ fuzz
  var fuzzBox = document.getElementById('fuzz');
  (Array.isArray(D.fuzz) ? D.fuzz : []).forEach(function (f) {
    if (!f || typeof f !== 'object') return;
    fuzzBox.hidden = false;
    var art = el('article', 'card wide');
    art.appendChild(el('h3', null, 'Fuzzing ' + str(f.target)));
    var tt = f.totals && typeof f.totals === 'object' ? f.totals : {};
    var bits = [];
    if (num(f.seconds) !== null) bits.push(fmtDur(f.seconds));
    if (num(tt.cases) !== null) bits.push(tt.cases + ' cases');
    if (num(tt.messages) !== null) bits.push(tt.messages + ' messages');
    if (num(tt.messages_per_s) !== null) bits.push(Math.round(tt.messages_per_s) + ' messages/s');
    if (num(tt.unique_responses) !== null) bits.push(tt.unique_responses + ' distinct responses');
    bits.push(num(tt.edges) !== null ? tt.edges + ' coverage edges' : 'no coverage feedback');
    art.appendChild(el('div', 'sub', bits.join(' · ')));
    art.appendChild(el('div', 'lbl', 'Novelty over time'));
    art.appendChild(lineChart(f.timeline, [{name: 'distinct responses', cls: 's1', key: 'unique_responses'}, {name: 'edges', cls: 's2', key: 'edges'},
      {name: 'cases', cls: 's3', key: 'cases'}], 520, 140, 's'));
    var fnd = Array.isArray(f.findings) ? f.findings : [];
    art.appendChild(el('div', 'lbl', fnd.length ? fnd.length + ' finding(s)' : 'No findings'));
    if (fnd.length) {
      var t = el('table', 'kvt findings'), hr = el('tr');
      ['id', 'oracle', 'signature', 'seed', 'folder', 'reproduce'].forEach(function (x) { hr.appendChild(el('th', null, x)); });
      t.appendChild(hr);
      fnd.forEach(function (x) {
        if (!x || typeof x !== 'object') return;
        var tr = el('tr');
        [x.id, x.oracle, x.signature, x.seed, x.dir].forEach(function (v) { tr.appendChild(el('td', null, str(v))); });
        tr.appendChild(el('td', 'mono', str(x.repro)));
        t.appendChild(tr);
      });
      art.appendChild(t);
    }
    fuzzBox.appendChild(art);
  });

  // ---------------------------------------------------------------- legend
  var leg = document.getElementById('legend');
  leg.appendChild(el('h2', null, 'What the verdicts mean'));
  var lt = el('table', 'legend'), lh = el('tr');
  ['verdict', 'meaning', 'default mode', 'strict mode (--strict)'].forEach(function (x) { lh.appendChild(el('th', null, x)); });
  lt.appendChild(lh);
  SEVERITY.slice().reverse().forEach(function (v) {
    var tr = el('tr'), b = el('td'); b.appendChild(el('span', 'badge v-' + v, v)); tr.appendChild(b);
    tr.appendChild(el('td', null, LEGEND[v][0]));
    tr.appendChild(el('td', strict ? 'muted' : 'cur', LEGEND[v][1]));
    tr.appendChild(el('td', strict ? 'cur' : 'muted', LEGEND[v][2]));
    lt.appendChild(tr);
  });
  leg.appendChild(lt);
  leg.appendChild(el('p', 'muted', 'This report was made in ' + (strict ? 'strict' : 'default') + ' mode (highlighted column). ' +
    'With a baseline, a listed failure is "expected" and does not fail the run, a listed case that passes is "fixed" and does ' +
    '(remove it from the baseline), and a line "flaky ID [VERSION] [TARGET]" accepts a case whatever it does.'));

  // -------------------------------------------------------------- filters
  var nav = document.getElementById('filters');
  var fVerd = {}, boxes = {};
  var onlyFail = el('input'); onlyFail.type = 'checkbox'; onlyFail.id = 'only-failures';
  var lf = el('label', 'sw-fail'); lf.appendChild(onlyFail); lf.appendChild(document.createTextNode(' failures only'));
  onlyFail.addEventListener('change', applyFilters);
  nav.appendChild(lf);
  var vwrap = el('span', 'vchips');
  VERDICTS.forEach(function (v) {
    var lab = el('label'), cb = el('input');
    cb.type = 'checkbox'; cb.checked = true; cb.dataset.verdict = v;
    boxes[v] = cb; fVerd[v] = true;
    cb.addEventListener('change', function () { fVerd[v] = cb.checked; applyFilters(); });
    lab.appendChild(cb); lab.appendChild(el('span', 'badge v-' + v, SHORT[v])); vwrap.appendChild(lab);
  });
  nav.appendChild(vwrap);
  function select(label, values, fmt) {
    var lab = el('label', null, label + ' '), s = el('select');
    s.appendChild(el('option', null, 'all')).value = '';
    values.forEach(function (v) { var o = el('option', null, fmt ? fmt(v) : v); o.value = v; s.appendChild(o); });
    lab.appendChild(s); nav.appendChild(lab);
    s.addEventListener('change', applyFilters);
    return s;
  }
  var fVersion = select('version', versions);
  var fSection = select('section', sections, secLabel);
  var search = el('input'); search.type = 'search'; search.placeholder = 'search id, title, statement id or text  ( / )';
  search.setAttribute('aria-label', 'search cases');
  search.addEventListener('input', applyFilters);
  nav.appendChild(search);
  var shown = el('span', 'muted'); nav.appendChild(shown);

  // --------------------------------------------------------------- matrix
  var wrap = document.getElementById('matrix-wrap'), grid = [];
  groups.forEach(function (g) {
    var h = el('h2', null, g.title + ': cases'); h.id = 'matrix-' + g.key; wrap.appendChild(h);
    var table = el('table', 'matrix'), thead = el('thead'), htr = el('tr');
    htr.appendChild(el('th', 'hcase', 'case'));
    htr.appendChild(el('th', 'hver', 'version'));
    g.runs.forEach(function (r) { var th = el('th', 'htarget', str(runs[r].label)); th.title = str(runs[r].label); htr.appendChild(th); });
    thead.appendChild(htr); table.appendChild(thead);
    var tbody = el('tbody'), frag = document.createDocumentFragment();
    g.secRows = {};
    g.rows.forEach(function (row) {
      if (!g.secRows[row.section]) {
        var sr = el('tr', 'sec'), th = el('th', null, secLabel(row.section));
        th.colSpan = g.runs.length + 2; sr.appendChild(th); frag.appendChild(sr);
        g.secRows[row.section] = {tr: sr, rows: []};
      }
      g.secRows[row.section].rows.push(row);
      var tr = el('tr'), td = el('td', 'case');
      td.appendChild(el('span', 'cid', row.id));
      td.appendChild(el('span', 'ctitle', row.title));
      td.title = row.title;
      td.tabIndex = -1;
      row.cellEls = [td];
      tr.appendChild(td); tr.appendChild(el('td', 'ver', row.version));
      for (var col = 0; col < g.runs.length; col++) {
        var i = row.cells[col], r = g.runs[col];
        if (i === undefined) { tr.appendChild(el('td', 'none', 'not run')); continue; }
        var c = runs[r].cases[i], v = verdictOf(c), cell = el('td', 'v v-' + v, SHORT[v]);
        if (c.baseline) cell.appendChild(el('span', 'bl', c.baseline === 'expected-failure' ? 'expected' : c.baseline === 'flaky-accepted' ? 'flaky ok' : str(c.baseline)));
        cell.dataset.run = r; cell.dataset.idx = i;
        cell.tabIndex = -1;
        cell.setAttribute('role', 'gridcell');
        cell.setAttribute('aria-label', row.id + ' MQTT ' + row.version + ' on ' + str(runs[r].label) + ': ' + v);
        row.cellEls.push(cell);
        tr.appendChild(cell);
      }
      frag.appendChild(tr);
      row.tr = tr;
      grid.push(row);
    });
    tbody.addEventListener('click', function (e) {
      var t = e.target.closest('td.v, td.case');
      if (t) activate(t);
    });
    tbody.appendChild(frag); table.appendChild(tbody); wrap.appendChild(table);
    table.setAttribute('role', 'grid');
    g.table = table;
  });

  function rowMatches(row, ver, sec, q, anyVerd) {
    var ok = (!ver || row.version === ver) && (!sec || row.section === sec) && (!q || row.search.indexOf(q) >= 0);
    if (ok && onlyFail.checked) ok = row.fail;
    if (ok && !anyVerd) ok = VERDICTS.some(function (v) { return fVerd[v] && row.verdicts[v]; });
    return ok;
  }
  function applyFilters() {
    var ver = fVersion.value, sec = fSection.value, q = search.value.trim().toLowerCase(), n = 0;
    var anyVerd = VERDICTS.every(function (v) { return fVerd[v]; });
    groups.forEach(function (g) {
      Object.keys(g.secRows).forEach(function (s) {
        var sg = g.secRows[s], vis = 0;
        sg.rows.forEach(function (row) {
          var ok = rowMatches(row, ver, sec, q, anyVerd);
          if (row.tr.hidden !== !ok) row.tr.hidden = !ok;
          if (ok) vis++;
        });
        sg.tr.hidden = vis === 0; n += vis;
      });
    });
    shown.textContent = n + ' of ' + allRows.length + ' cases shown';
    if (focusCell && focusCell.closest('tr').hidden) setFocusCell(firstVisibleCell(), false);
  }
  function filterTo(g, s) {
    fSection.value = s; search.value = ''; fVersion.value = '';
    applyFilters();
    var h = document.getElementById('matrix-' + g.key);
    if (h) h.scrollIntoView();
  }

  // ----------------------------------------------------- keyboard (grid)
  // One roving tab stop: Tab enters the matrix, arrows move, Enter opens,
  // j/k open the next/previous case, / searches, Esc closes the case.
  var focusCell = null;
  function visibleRows() { return grid.filter(function (row) { return !row.tr.hidden; }); }
  function firstVisibleCell() { var v = visibleRows(); return v.length ? v[0].cellEls[0] : null; }
  function setFocusCell(cell, focus) {
    if (focusCell) focusCell.tabIndex = -1;
    focusCell = cell;
    if (!cell) return;
    cell.tabIndex = 0;
    if (focus) { cell.focus({preventScroll: true}); cell.scrollIntoView({block: 'nearest'}); }
  }
  function position(cell) {
    var vr = visibleRows();
    for (var i = 0; i < vr.length; i++) { var k = vr[i].cellEls.indexOf(cell); if (k >= 0) return {rows: vr, r: i, c: k}; }
    return null;
  }
  function moveFocus(dr, dc) {
    var p = focusCell && position(focusCell);
    if (!p) { setFocusCell(firstVisibleCell(), true); return; }
    var r = p.r, c = p.c, rows = p.rows;
    if (dc) {
      c += dc;
      // past the end of a row: wrap to the next/previous visible row
      if (c >= rows[r].cellEls.length) { if (r + 1 < rows.length) { r++; c = 0; } else c = rows[r].cellEls.length - 1; }
      if (c < 0) { if (r > 0) { r--; c = rows[r].cellEls.length - 1; } else c = 0; }
    }
    if (dr) { r = Math.max(0, Math.min(rows.length - 1, r + dr)); c = Math.min(c, rows[r].cellEls.length - 1); }
    setFocusCell(rows[r].cellEls[c], true);
  }
  wrap.addEventListener('keydown', function (e) {
    if (!e.target.closest || !e.target.closest('td.v, td.case')) return;
    var k = e.key;
    if (k === 'ArrowDown') moveFocus(1, 0);
    else if (k === 'ArrowUp') moveFocus(-1, 0);
    else if (k === 'ArrowRight') moveFocus(0, 1);
    else if (k === 'ArrowLeft') moveFocus(0, -1);
    else if (k === 'PageDown') moveFocus(20, 0);
    else if (k === 'PageUp') moveFocus(-20, 0);
    else if (k === 'Home') { var p = position(focusCell); if (p) setFocusCell(p.rows[0].cellEls[0], true); }
    else if (k === 'End') { var q = position(focusCell); if (q) { var lr = q.rows[q.rows.length - 1]; setFocusCell(lr.cellEls[lr.cellEls.length - 1], true); } }
    else if (k === 'Enter' || k === ' ') activate(focusCell);
    else return;
    e.preventDefault();
  });
  document.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT')) {
      if (e.key === 'Escape' && e.target === search) { search.value = ''; applyFilters(); }
      return;
    }
    if (e.key === '/') { e.preventDefault(); search.focus(); }
    else if (e.key === 'Escape' && !detail.hidden) { closeCase(); }
    else if (e.key === 'j' || e.key === 'k') {
      var vr = visibleRows(); if (!vr.length) return;
      var p = focusCell && position(focusCell), r = p ? p.r + (e.key === 'j' ? 1 : -1) : 0;
      r = Math.max(0, Math.min(vr.length - 1, r));
      var cell = vr[r].cellEls[Math.min(p ? Math.max(p.c, 1) : 1, vr[r].cellEls.length - 1)];
      setFocusCell(cell, true); activate(cell);
    }
  });

  // --------------------------------------------------------------- detail
  var detail = document.getElementById('detail'), selected = null;
  function kv(dl, k, v) { if (v === undefined || v === null || v === '') return; dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, str(v))); }
  // #ID@VERSION (first target that ran it, a failing one first) or #ID@VERSION;t=LABEL
  function fragEnc(s) { return str(s).replace(/[^A-Za-z0-9._~\/@:+-]/g, function (ch) { return encodeURIComponent(ch); }); }
  function caseHash(r, c, row) {
    var h = '#' + fragEnc(c.id) + '@' + fragEnc(c.version);
    if (row && row.group.runs.length > 1 && row.group.runs[0] !== r) h += ';t=' + fragEnc(runs[r].label);
    return h;
  }
  function activate(cell) {
    if (!cell) return;
    setFocusCell(cell, false);
    var r, i, row = null;
    grid.some(function (x) { if (x.cellEls.indexOf(cell) >= 0) { row = x; return true; } return false; });
    if (cell.classList.contains('case')) {
      if (!row) return;
      var col = row.cells.findIndex(function (x) { return x !== undefined; });
      if (col < 0) return;
      r = row.group.runs[col]; i = row.cells[col];
    } else { r = +cell.dataset.run; i = +cell.dataset.idx; }
    var c = runs[r] && runs[r].cases[i];
    if (!c) return;
    var h = caseHash(r, c, row);
    if (location.hash === h || decodeURIComponent(location.hash) === decodeURIComponent(h)) showCase(r, i);
    else location.hash = h; // hashchange opens it and makes back/forward work
  }
  function route() {
    var raw = location.hash || '';
    var m = /^#case=(\d+):(\d+)$/.exec(raw);
    if (m) { showCase(+m[1], +m[2]); return true; }
    if (raw.length < 2 || raw === '#bench' || raw === '#selftest') { closeCase(true); return false; }
    var body = raw.slice(1), tgt = null, semi = body.indexOf(';t=');
    if (semi >= 0) { tgt = body.slice(semi + 3); body = body.slice(0, semi); }
    var at = body.lastIndexOf('@');
    if (at < 0) return false;
    var id, ver;
    try { id = decodeURIComponent(body.slice(0, at)); ver = decodeURIComponent(body.slice(at + 1)); tgt = tgt === null ? null : decodeURIComponent(tgt); }
    catch (e) { return false; }
    var best = null;
    runs.forEach(function (run, r) {
      if (tgt !== null && str(run.label) !== tgt) return;
      (run.cases || []).forEach(function (c, i) {
        if (str(c.id) !== id || str(c.version) !== ver) return;
        if (!best || (!best.fail && failing(c))) best = {r: r, i: i, fail: failing(c)};
      });
    });
    if (!best) { showMissing(id, ver); return false; }
    showCase(best.r, best.i);
    return true;
  }
  window.addEventListener('hashchange', route);
  function cellFor(r, i) {
    var found = null;
    grid.some(function (row) {
      return row.cellEls.some(function (c) { if (+c.dataset.run === r && +c.dataset.idx === i && c.classList.contains('v')) { found = c; return true; } return false; });
    });
    return found;
  }
  function closeCase(keepHash) {
    detail.hidden = true; detail.textContent = '';
    document.body.classList.remove('pane-open');
    if (selected) selected.classList.remove('sel');
    selected = null;
    if (!keepHash && location.hash && location.hash !== '#bench' && location.hash !== '#selftest')
      history.pushState(null, '', location.pathname + location.search);
  }
  function showMissing(id, ver) {
    detail.hidden = false; detail.textContent = '';
    document.body.classList.add('pane-open');
    detail.appendChild(el('h2', null, 'No such case in this report'));
    detail.appendChild(el('p', null, id + ' @ MQTT ' + ver));
  }
  function cmdLine(run, c) {
    var o = run.options && typeof run.options === 'object' ? run.options : {}, t = run.target || {};
    var sel = ' --select ' + shq(c.id) + ' --versions ' + shq(c.version);
    if (run.role === 'client') return 'mqttcheck client --driver ' + shq(o.driver || (t.driver && t.driver.driver) || 'DRIVER') + sel;
    var where = o.spawn ? '--spawn ' + shq(o.spawn) : '--target ' + shq(t.address || 'HOST:PORT');
    return 'mqttcheck run ' + where + sel;
  }
  function showCase(r, i) {
    var run = runs[r], c = run && run.cases && run.cases[i];
    if (!c) return;
    var cell = cellFor(r, i);
    if (selected) selected.classList.remove('sel');
    selected = cell; if (cell) { cell.classList.add('sel'); setFocusCell(cell, false); }
    detail.hidden = false; detail.textContent = '';
    document.body.classList.add('pane-open');
    var bar = el('div', 'pane-bar');
    var close = el('button', 'close', '× close'); close.type = 'button'; close.addEventListener('click', function () { closeCase(false); if (focusCell) focusCell.focus(); });
    var link = el('a', 'permalink', 'link to this case'); link.setAttribute('href', caseHash(r, c, null)); link.title = 'copy this link into a bug report';
    bar.appendChild(link); bar.appendChild(close); detail.appendChild(bar);
    detail.appendChild(el('h2', null, str(c.title) || str(c.id)));
    var v = verdictOf(c), p = el('p', 'vline');
    p.appendChild(el('span', 'badge big v-' + v, v));
    p.appendChild(document.createTextNode(' ' + str(run.label) + ' · MQTT ' + str(c.version) + ' · ' + str(c.level) +
      (c.baseline ? ' · baseline: ' + str(c.baseline) : '')));
    detail.appendChild(p);
    if (Array.isArray(c.observed_verdicts) && c.observed_verdicts.length) {
      var ov = el('p', 'observed-verdicts', (v === 'FLAKY' ? 'Verdicts seen over ' : 'Same verdict in all ') + c.observed_verdicts.length + ' runs: ');
      c.observed_verdicts.forEach(function (x) { var s = str(x); ov.appendChild(el('span', 'badge v-' + (VERDICTS.indexOf(s) >= 0 ? s : 'ERROR'), s)); ov.appendChild(document.createTextNode(' ')); });
      if (typeof c.evidence_run === 'number') ov.appendChild(el('span', 'muted', '(evidence below from run ' + (c.evidence_run + 1) + ')'));
      detail.appendChild(ov);
    }
    var stmts = Array.isArray(c.statements) ? c.statements : [];
    if (stmts.length) {
      detail.appendChild(el('h3', null, 'Statements checked'));
      var ul = el('ul', 'stmts');
      stmts.forEach(function (s) {
        var id = str(s), li = el('li'), info = stmtInfo(str(c.version), id), sl = specLink(str(c.version), id);
        li.appendChild(el('b', null, id));
        if (info) {
          li.appendChild(el('span', 'muted', ' ' + str(info[1]) + ' · binds ' + str(info[2])));
          li.appendChild(el('div', 'stext', str(info[3])));
        } else li.appendChild(el('span', 'muted', ' (not in the statement manifest)'));
        if (sl) {
          var a = el('a', 'spec', sl.section ? 'OASIS MQTT ' + manifestKey(str(c.version)) + ' §' + sl.section : 'OASIS MQTT ' + manifestKey(str(c.version)) + ' (section not bookmarked)');
          a.setAttribute('href', sl.href); a.setAttribute('rel', 'noopener noreferrer'); a.setAttribute('target', '_blank');
          li.appendChild(a);
        }
        ul.appendChild(li);
      });
      detail.appendChild(ul);
    }
    var dl = el('dl', 'kv');
    kv(dl, 'expected', c.expected); kv(dl, 'observed', c.observed); kv(dl, 'detail', c.detail);
    kv(dl, 'description', c.description);
    kv(dl, 'id', c.id); kv(dl, 'section', c.section ? secLabel(str(c.section)) : '');
    kv(dl, 'versions', Array.isArray(c.versions) ? c.versions.map(str).join(', ') : c.versions);
    kv(dl, 'duration', typeof c.duration_ms === 'number' ? c.duration_ms.toFixed(1) + ' ms' : c.duration_ms);
    detail.appendChild(dl);
    detail.appendChild(el('h3', null, 'Reproduce'));
    detail.appendChild(el('pre', 'cmd', cmdLine(run, c)));
    var href = safeHref(c.pcap_href);
    if (c.pcap) {
      if (run.role !== 'client')
        detail.appendChild(el('pre', 'cmd', 'mqttcheck replay ' + shq(c.pcap) + ' --target ' + shq((run.target || {}).address || 'HOST:PORT')));
      var pp = el('p', null, 'Capture: ');
      if (href) { var a2 = el('a', null, str(c.pcap)); a2.setAttribute('href', href); a2.setAttribute('rel', 'noopener noreferrer'); pp.appendChild(a2); }
      else pp.appendChild(document.createTextNode(str(c.pcap)));
      detail.appendChild(pp);
    }
    var res = c.resources && typeof c.resources === 'object' ? c.resources : null;
    if (res && (res.before || res.after)) {
      detail.appendChild(el('h3', null, 'Target resources around the case'));
      var rt = el('table', 'kvt'), rh = el('tr');
      ['', 'RSS kB', 'fds', 'threads', 'CPU ms'].forEach(function (x) { rh.appendChild(el('th', null, x)); });
      rt.appendChild(rh);
      [['before', res.before], ['after', res.after]].forEach(function (pr) {
        var o = pr[1] && typeof pr[1] === 'object' ? pr[1] : {}, tr = el('tr');
        tr.appendChild(el('th', null, pr[0]));
        ['rss_kb', 'fds', 'threads', 'cpu_ms'].forEach(function (k) { tr.appendChild(el('td', null, num(o[k]) === null ? '' : String(o[k]))); });
        rt.appendChild(tr);
      });
      detail.appendChild(rt);
    }
    var rf = Array.isArray(c.resource_findings) ? c.resource_findings : [];
    if (rf.length) {
      detail.appendChild(el('h3', null, 'Resource findings (' + rf.length + ')'));
      rf.forEach(function (f) {
        if (!f || typeof f !== 'object') return;
        detail.appendChild(el('p', null, str(f.kind) + ': ' + str(f.evidence)));
        if (f.report) detail.appendChild(el('pre', 'fields', str(f.report)));
      });
    }
    if (c.cve && typeof c.cve === 'object') {
      var cl = el('dl', 'kv');
      kv(cl, 'bug', Array.isArray(c.cve.ids) ? c.cve.ids.map(str).join(', ') : '');
      kv(cl, 'broker', str(c.cve.broker));
      kv(cl, 'affected', str(c.cve.affected));
      detail.appendChild(el('h3', null, 'Known broker bug'));
      detail.appendChild(cl);
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
  targets.appendChild(el('h2', null, 'Targets in detail'));
  runs.forEach(function (run) {
    var box = el('div', 'target'), t = run.target || {};
    box.appendChild(el('h3', null, str(run.label)));
    var dl = el('dl', 'kv');
    kv(dl, 'name', t.name); kv(dl, 'role', run.role === 'client' ? 'client library' : 'broker'); kv(dl, 'address', t.address);
    kv(dl, 'versions tried', Array.isArray(t.versions) ? t.versions.map(str).join(', ') : t.versions);
    kv(dl, 'started', run.started); kv(dl, 'finished', run.finished);
    kv(dl, 'complete', run.complete ? 'yes' : 'no (stopped early)');
    box.appendChild(dl);
    var caps = capsList(t.capabilities);
    box.appendChild(el('h4', null, 'Capabilities'));
    if (!caps.length) box.appendChild(el('p', 'muted', 'none recorded'));
    else {
      var ct = el('table', 'kvt');
      caps.forEach(function (p) { var tr = el('tr'); tr.appendChild(el('th', null, p[0])); tr.appendChild(el('td', null, p[1])); ct.appendChild(tr); });
      box.appendChild(ct);
    }
    var cov = run.coverage || {};
    Object.keys(cov).forEach(function (ver) {
      var cv = cov[ver];
      if (!cv || !cv.available) return;
      var unc = Array.isArray(cv.uncovered) ? cv.uncovered : [];
      if (unc.length) {
        var det = el('details'); det.appendChild(el('summary', null, 'MQTT ' + ver + ': ' + unc.length + ' testable statements not yet covered (' + str(cv.role || 'server') + ' role)'));
        det.addEventListener('toggle', function once() {
          det.removeEventListener('toggle', once);
          var ul = el('ul');
          unc.forEach(function (id) { var info = stmtInfo(ver, str(id)), li = el('li'); li.appendChild(el('b', null, str(id))); li.appendChild(document.createTextNode(info ? ' §' + str(info[0]) + ' ' + str(info[3]) : '')); ul.appendChild(li); });
          det.appendChild(ul);
        });
        box.appendChild(det);
      }
      if (Array.isArray(cv.unknown) && cv.unknown.length)
        box.appendChild(el('div', 'warn', 'cited but not in the manifest: ' + cv.unknown.map(str).join(', ')));
    });
    targets.appendChild(box);
  });

  // the matrix headers stick just below the filter bar, whatever its height
  function navHeight() { document.documentElement.style.setProperty('--navh', nav.offsetHeight + 'px'); }
  window.addEventListener('resize', navHeight);
  applyFilters();
  navHeight();
  setFocusCell(firstVisibleCell(), false);
  var T1 = performance.now();
  route();

  // #bench times a filter pass (bench/report_large.sh).
  if (location.hash === '#bench') {
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
    onlyFail.checked = true; applyFilters(); layout();
    var b2b = performance.now();
    onlyFail.checked = false; applyFilters(); layout();
    var firstCell = wrap.querySelector('td.v');
    var b2c = performance.now();
    if (firstCell) showCase(+firstCell.dataset.run, +firstCell.dataset.idx);
    layout();
    var b3 = performance.now();
    var out = document.getElementById('bench');
    out.textContent = JSON.stringify({rows: allRows.length, targets: runs.length, cells: wrap.querySelectorAll('td.v').length,
      script_start_ms: +T0.toFixed(1), rendered_ms: +T1.toFixed(1), render_ms: +(T1 - T0).toFixed(1), laid_out_ms: +T2.toFixed(1),
      filter_ms: +(b1 - b0).toFixed(2), unfilter_ms: +(b2 - b1).toFixed(2), failures_only_ms: +(b2b - b2).toFixed(2),
      open_case_ms: +(b3 - b2c).toFixed(2)});
    out.hidden = false;
  }

  // #selftest: drives the page the way a user does (checkbox, keys, links,
  // back) and writes what it saw into <pre id="selftest"> for the headless
  // Chromium test, which compares it with results.json on its own.
  if (location.hash === '#selftest') {
    var outT = document.getElementById('selftest'), R = {};
    var key = function (target, k) { target.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true})); };
    // failures only
    onlyFail.checked = true; applyFilters();
    var visIds = [], leak = 0;
    grid.forEach(function (row) { if (!row.tr.hidden) { visIds.push(row.id + '@' + row.version + '#' + row.group.key); if (!row.fail) leak++; } });
    R.failures_only_visible = visIds.length; R.failures_only_passing_visible = leak;
    R.failing_rows = grid.filter(function (row) { return row.fail; }).length;
    onlyFail.checked = false; applyFilters();
    var visible = function () { return grid.filter(function (row) { return !row.tr.hidden; }); };
    // heat map click: the matrix shows that section only
    var hc = over.querySelector('td.hc[data-section]');
    if (hc) {
      hc.click();
      R.heat_section = hc.getAttribute('data-section');
      R.heat_rows = visible().length;
      R.heat_rows_elsewhere = visible().filter(function (row) { return row.section !== R.heat_section; }).length;
      fSection.value = ''; applyFilters();
    }
    // search by statement id, and by a piece of the statement's text
    var sid = null;
    grid.some(function (row) { var c = runs[row.group.runs[row.cells.findIndex(function (x) { return x !== undefined; })]].cases[row.cells.find(function (x) { return x !== undefined; })];
      var st = Array.isArray(c.statements) ? c.statements.map(str).filter(function (x) { return stmtInfo(str(c.version), x); }) : [];
      if (st.length) { sid = [st[0], str(c.version)]; return true; } return false; });
    if (sid) {
      search.value = sid[0]; applyFilters();
      R.search_id = sid[0]; R.search_id_rows = visible().map(function (row) { return row.id + '@' + row.version + '#' + row.group.key; }).sort();
      var txt = str(stmtInfo(sid[1], sid[0])[3]).split(' ').slice(0, 4).join(' ');
      search.value = txt; applyFilters();
      R.search_text = txt; R.search_text_rows = visible().map(function (row) { return row.id + '@' + row.version + '#' + row.group.key; }).sort();
      search.value = ''; applyFilters();
    }
    // keyboard: from the first cell, ArrowRight walks every cell of every row
    var seen = new Set(), cellsAll = 0;
    grid.forEach(function (row) { cellsAll += row.cellEls.length; });
    setFocusCell(firstVisibleCell(), true);
    for (var s = 0; s < cellsAll + 5 && document.activeElement; s++) { seen.add(document.activeElement); key(document.activeElement, 'ArrowRight'); }
    var casesReached = new Set(), cellsReached = 0;
    grid.forEach(function (row) { row.cellEls.forEach(function (c) { if (seen.has(c)) { cellsReached++; if (c.classList.contains('v')) casesReached.add(c); } }); });
    R.cells = cellsAll; R.cells_reached = cellsReached;
    R.case_cells = wrap.querySelectorAll('td.v').length; R.case_cells_reached = casesReached.size;
    R.tab_stops_in_matrix = wrap.querySelectorAll('[tabindex="0"]').length;
    // Enter opens the focused case and sets the fragment
    var target = grid.length ? grid[grid.length - 1].cellEls[grid[grid.length - 1].cellEls.length - 1] : null;
    var steps = [];
    if (target) {
      setFocusCell(target, true);
      key(target, 'Enter');
      var opened = function () { var a = detail.hidden ? null : detail.querySelector('a.permalink'); return a ? decodeURIComponent(a.getAttribute('href')) : ''; };
      steps.push(function () { R.enter_hash = decodeURIComponent(location.hash); R.enter_opened = opened(); });
      var other = grid[0].cellEls[grid[0].cellEls.length - 1];
      steps.push(function () { activate(other); });
      steps.push(function () { R.second_hash = decodeURIComponent(location.hash); R.second_opened = opened(); history.back(); });
      steps.push(function () { R.back_hash = decodeURIComponent(location.hash); R.back_opened = opened(); });
    }
    var runStep = function () {
      var f = steps.shift();
      if (f) { f(); setTimeout(runStep, 150); return; }
      outT.textContent = JSON.stringify(R); outT.hidden = false;
    };
    setTimeout(runStep, 150);
  }
})();
