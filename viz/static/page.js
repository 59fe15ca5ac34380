/* ydkg network page script. Reads the JSON payloads, never builds HTML from
 * strings: every document-derived string goes through textContent, SVG
 * attributes through setAttribute, tooltips are plain text (vis-network 9
 * sets string titles with innerText). */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('ydkg-data').textContent);
  var VIS = JSON.parse(document.getElementById('ydkg-vis').textContent);
  var STATUS = { done: '완료', planned: '계획' };
  var BASIS = { budget: '예산액', executed: '집행액' };

  var classes = new Map(DATA.classes.map(function (c) { return [c.key, c]; }));
  var rels = new Map(DATA.relations.map(function (r) { return [r.key, r]; }));
  var nodeRec = new Map(DATA.nodes.map(function (n) { return [n.id, n]; }));
  var stmts = DATA.stmts;
  var years = DATA.years;
  var nodeStmts = new Map(DATA.nodes.map(function (n) { return [n.id, []]; }));
  stmts.forEach(function (s, i) {
    nodeStmts.get(s.from).push(i);
    if (s.to !== s.from) nodeStmts.get(s.to).push(i);
  });
  var edgeOfStmt = new Array(stmts.length);
  VIS.edges.forEach(function (e) { e.stmts.forEach(function (i) { edgeOfStmt[i] = e.id; }); });

  var state = {
    types: new Set(DATA.initial.types),
    relations: new Set(DATA.initial.relations),
    mode: DATA.initial.mode,
    year: DATA.initial.year,          // null = all years
    cutoff: DATA.initial.cutoff       // exact as-of date until the slider moves
  };

  // ------------------------------------------------------------ helpers
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'className') node.className = props[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), props[k]);
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function norm(s) { return String(s || '').normalize('NFC').replace(/\s+/g, '').toLowerCase(); }
  function relLabel(key) { var r = rels.get(key); return r ? r.ko : key; }
  function relFull(key) { var r = rels.get(key); return r ? r.ko + ' (' + r.en + ')' : key; }
  function classLabel(key) { var c = classes.get(key); return c ? c.ko : key; }
  function nodeLabel(id) { var n = nodeRec.get(id); return n ? n.label : id; }
  function dateText(s) {
    if (!s.date) return s.report_year ? '날짜 없음 (' + s.report_year + '년 보고)' : '날짜 없음';
    return s.end && s.end !== s.date ? s.date + ' ~ ' + s.end : s.date;
  }
  function won(n) { return Number(n).toLocaleString('ko-KR') + '원'; }

  // ------------------------------------------------------------ filter rule
  // an undated statement counts in the year of the report that states it
  function when(s) { return s.date || (s.report_year ? String(s.report_year) : ''); }
  function timeOk(s) {
    var d = when(s);
    if (state.year === null || state.year === undefined || !d) return true;
    if (state.mode === 'asof') {
      var cut = state.cutoff || (state.year + '-12-31');
      return d.slice(0, cut.length) <= cut;
    }
    var y0 = +d.slice(0, 4), y1 = s.date && s.end ? +s.end.slice(0, 4) : y0;
    return y0 <= state.year && state.year <= y1;
  }
  function stmtOk(s) {
    return state.relations.has(s.relation) && timeOk(s) &&
      state.types.has(nodeRec.get(s.from).type) && state.types.has(nodeRec.get(s.to).type);
  }

  var nodesDS = new vis.DataSet(VIS.nodes.map(function (n) {
    var rec = nodeRec.get(n.id);
    n.title = rec.label + ' · ' + classLabel(rec.type) + (rec.label_en ? '\n' + rec.label_en : '') +
      '\n연결 ' + rec.degree;
    n.hidden = false;
    return n;
  }));
  var edgesDS = new vis.DataSet(VIS.edges.map(function (e) {
    var lines = [nodeLabel(e.from) + ' → ' + nodeLabel(e.to)];
    e.stmts.slice(0, 6).forEach(function (i) {
      var s = stmts[i];
      lines.push(relFull(s.relation) + ' · ' + dateText(s) + (s.status === 'planned' ? ' · 계획' : ''));
    });
    if (e.stmts.length > 6) lines.push('… 외 ' + (e.stmts.length - 6) + '건');
    e.title = lines.join('\n');
    e.hidden = false;
    return e;
  }));
  var stmtVisible = new Array(stmts.length).fill(true);
  var nodeHidden = new Map(), edgeHidden = new Map();

  function apply() {
    var visNodes = 0, visStmts = 0, nodeUpd = [], edgeUpd = [];
    for (var i = 0; i < stmts.length; i++) { stmtVisible[i] = stmtOk(stmts[i]); if (stmtVisible[i]) visStmts++; }
    DATA.nodes.forEach(function (n) {
      var show = state.types.has(n.type) &&
        (!n.dated || nodeStmts.get(n.id).some(function (i) { return stmtVisible[i]; }));
      if (show) visNodes++;
      if (nodeHidden.get(n.id) !== !show) { nodeHidden.set(n.id, !show); nodeUpd.push({ id: n.id, hidden: !show }); }
    });
    VIS.edges.forEach(function (e) {
      var show = e.stmts.some(function (i) { return stmtVisible[i]; });
      if (edgeHidden.get(e.id) !== !show) { edgeHidden.set(e.id, !show); edgeUpd.push({ id: e.id, hidden: !show }); }
    });
    if (nodeUpd.length) nodesDS.update(nodeUpd);
    if (edgeUpd.length) edgesDS.update(edgeUpd);
    var count = document.getElementById('visible-count');
    count.textContent = '보이는 노드 ' + visNodes + ' / 전체 ' + DATA.nodes.length +
      ' · 진술 ' + visStmts + ' / ' + stmts.length;
    count.dataset.visible = String(visNodes);
    count.dataset.total = String(DATA.nodes.length);
    if (panelRefresh) panelRefresh();
  }

  // ------------------------------------------------------------ network
  var container = document.getElementById('mynetwork');
  var network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, VIS.options);
  var loading = document.getElementById('loading');
  function markReady() {
    if (window.__ydkgReady) return;
    loading.hidden = true;
    window.__ydkgReady = performance.now();
    document.body.setAttribute('data-ready', '1');
  }
  if (DATA.layout === 'physics') {
    network.on('stabilizationProgress', function (p) {
      loading.textContent = '배치 계산 중… ' + Math.round(100 * p.iterations / p.total) + '%';
    });
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once('afterDrawing', markReady);
      network.redraw();
    });
  } else {
    network.once('afterDrawing', markReady);
  }

  // ------------------------------------------------------------ legend / filters
  var SVGNS = 'http://www.w3.org/2000/svg';
  function shapeIcon(shape, color) {
    var svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('width', '16'); svg.setAttribute('height', '16'); svg.setAttribute('viewBox', '0 0 16 16');
    var p;
    var poly = {
      triangle: '8,2 14.5,14 1.5,14', diamond: '8,1 15,8 8,15 1,8',
      star: '8,1 9.9,6 15,6 10.9,9.2 12.4,14.5 8,11.3 3.6,14.5 5.1,9.2 1,6 6.1,6',
      hexagon: '4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8'
    }[shape];
    if (poly) { p = document.createElementNS(SVGNS, 'polygon'); p.setAttribute('points', poly); }
    else if (shape === 'box' || shape === 'square') {
      p = document.createElementNS(SVGNS, 'rect');
      p.setAttribute('x', '2'); p.setAttribute('y', shape === 'box' ? '4' : '2');
      p.setAttribute('width', '12'); p.setAttribute('height', shape === 'box' ? '8' : '12'); p.setAttribute('rx', '2');
    } else if (shape === 'ellipse') {
      p = document.createElementNS(SVGNS, 'ellipse');
      p.setAttribute('cx', '8'); p.setAttribute('cy', '8'); p.setAttribute('rx', '7'); p.setAttribute('ry', '4.5');
    } else {
      p = document.createElementNS(SVGNS, 'circle');
      p.setAttribute('cx', '8'); p.setAttribute('cy', '8'); p.setAttribute('r', '6');
    }
    p.setAttribute('fill', color); p.setAttribute('stroke', '#44505c'); p.setAttribute('stroke-width', '0.8');
    svg.appendChild(p);
    return svg;
  }
  function line() {
    var svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('width', '16'); svg.setAttribute('height', '16');
    var l = document.createElementNS(SVGNS, 'path');
    l.setAttribute('d', 'M1 8 H12 M9 5 L13 8 L9 11'); l.setAttribute('stroke', '#8894a0');
    l.setAttribute('fill', 'none'); l.setAttribute('stroke-width', '1.5');
    svg.appendChild(l);
    return svg;
  }
  var typeCount = {}, relCount = {};
  DATA.nodes.forEach(function (n) { typeCount[n.type] = (typeCount[n.type] || 0) + 1; });
  stmts.forEach(function (s) { relCount[s.relation] = (relCount[s.relation] || 0) + 1; });
  var boxes = { types: [], relations: [] };
  function legendRow(group, key, icon, name, en, count) {
    var cb = el('input', { type: 'checkbox', 'data-key': key });
    cb.checked = state[group].has(key);
    cb.addEventListener('change', function () {
      if (cb.checked) state[group].add(key); else state[group].delete(key);
      apply();
    });
    boxes[group].push(cb);
    return el('li', null, [el('label', null, [cb, icon,
      el('span', { className: 'name' }, [el('span', { text: name + ' ' }), el('span', { className: 'en', text: en })]),
      el('span', { className: 'count', text: String(count) })])]);
  }
  var typeList = document.getElementById('type-legend');
  DATA.classes.forEach(function (c) {
    typeList.appendChild(legendRow('types', c.key, shapeIcon(c.shape, c.color), c.ko, c.en, typeCount[c.key] || 0));
  });
  var relList = document.getElementById('relation-legend');
  DATA.relations.forEach(function (r) {
    relList.appendChild(legendRow('relations', r.key, line(), r.ko, r.en, relCount[r.key] || 0));
  });
  document.querySelectorAll('[data-all],[data-none]').forEach(function (b) {
    b.addEventListener('click', function () {
      var group = b.getAttribute('data-all') || b.getAttribute('data-none');
      var on = b.hasAttribute('data-all');
      boxes[group].forEach(function (cb) {
        cb.checked = on;
        if (on) state[group].add(cb.getAttribute('data-key')); else state[group].delete(cb.getAttribute('data-key'));
      });
      apply();
    });
  });

  // ------------------------------------------------------------ time slider
  var slider = document.getElementById('year-slider');
  var yearLabel = document.getElementById('year-label');
  var playBtn = document.getElementById('play');
  slider.max = String(years.length);
  slider.disabled = years.length === 0;
  playBtn.disabled = years.length === 0;
  function syncSlider() {
    var i = state.year === null || state.year === undefined ? 0 : years.indexOf(state.year) + 1;
    slider.value = String(Math.max(0, i));
    var label = '전체 기간';
    if (i > 0) label = state.mode === 'asof' ? (state.cutoff || state.year + '년 말') + ' 기준' : state.year + '년';
    yearLabel.textContent = label;
    document.querySelectorAll('input[name=mode]').forEach(function (r) { r.checked = r.value === state.mode; });
  }
  function setPosition(i) {
    state.year = i > 0 ? years[i - 1] : null;
    state.cutoff = null;
    syncSlider();
    apply();
  }
  slider.addEventListener('input', function () { setPosition(+slider.value); });
  document.querySelectorAll('input[name=mode]').forEach(function (r) {
    r.addEventListener('change', function () { if (r.checked) { state.mode = r.value; state.cutoff = null; syncSlider(); apply(); } });
  });
  var timer = null;
  function stop() { clearInterval(timer); timer = null; playBtn.textContent = '▶ 재생'; }
  playBtn.addEventListener('click', function () {
    if (timer) { stop(); return; }
    var i = +slider.value;
    if (i === 0 || i >= years.length) i = 0;
    playBtn.textContent = '❚❚ 정지';
    setPosition(i + 1);
    timer = setInterval(function () {
      var j = +slider.value + 1;
      if (j > years.length) { stop(); return; }
      setPosition(j);
      if (j === years.length) stop();
    }, 1200);
  });

  // ------------------------------------------------------------ panel
  var panel = document.getElementById('panel');
  var panelBody = document.getElementById('panel-body');
  var panelRefresh = null;
  document.getElementById('panel-close').addEventListener('click', function () {
    panel.hidden = true; panelRefresh = null; network.unselectAll();
  });
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') return;
      d.appendChild(el('dt', { text: p[0] }));
      d.appendChild(el('dd', { text: String(p[1]) }));
    });
    return d;
  }
  function stmtItem(i, from) {
    var s = stmts[i];
    var other = from === undefined ? null : (s.from === from ? s.to : s.from);
    var arrow = from === undefined ? '' : (s.from === from ? '→ ' : '← ');
    var head = el('div', { className: 'head' }, [
      el('span', { className: 'rel', text: relLabel(s.relation) }),
      other !== null ? el('button', { className: 'other', type: 'button', text: arrow + nodeLabel(other),
        onclick: function () { selectNode(other); } }) : null,
      el('span', { className: 'date', text: dateText(s) }),
      s.status ? el('span', { className: 'status ' + s.status, text: STATUS[s.status] || s.status }) : null,
      s.review ? el('span', { className: 'review', title: s.review, text: '[검토] ' + s.review }) : null
    ]);
    var meta = [];
    if (s.amount_krw !== undefined) meta.push('금액 ' + won(s.amount_krw));
    if (s.basis) meta.push(BASIS[s.basis] || s.basis);
    if (s.fiscal_year) meta.push('회계연도 ' + s.fiscal_year);
    if (s.role) meta.push('역할 ' + s.role);
    if (s.note) meta.push('비고 ' + s.note);
    return el('li', { className: 'stmt' + (stmtVisible[i] ? '' : ' off'), 'data-stmt': s.id }, [
      head,
      meta.length ? el('div', { className: 'meta', text: meta.join(' · ') }) : null,
      s.quote ? el('blockquote', { className: 'quote', text: s.quote }) : null,
      el('div', { className: 'cite', text: '[' + (s.source || '?') + ', ' + (s.line !== undefined ? s.line : '?') + ']' })
    ]);
  }
  function byDate(a, b) {
    var x = stmts[a].date || '9999', y = stmts[b].date || '9999';
    return x < y ? -1 : x > y ? 1 : a - b;
  }
  function stmtList(indices, from) {
    var ul = el('ul', { className: 'stmts' });
    indices.slice().sort(byDate).forEach(function (i) { ul.appendChild(stmtItem(i, from)); });
    return ul;
  }
  function badge(type) {
    var c = classes.get(type);
    var b = el('span', { className: 'badge', text: c ? c.ko + ' · ' + c.en : type });
    b.style.background = c ? c.color : '#888';
    return b;
  }
  function showNode(id) {
    var n = nodeRec.get(id);
    if (!n) return;
    panelRefresh = function () { showNode(id); };
    panelBody.replaceChildren();
    panelBody.appendChild(el('h2', { text: n.label }));
    panelBody.appendChild(el('p', { className: 'sub' }, [badge(n.type), el('span', { text: n.label_en || '' })]));
    if (!n.in_gazetteer) panelBody.appendChild(el('p', { className: 'warn', text: '지명사전 미등재 — 검토 필요' }));
    if (n.review) panelBody.appendChild(el('p', { className: 'review', text: '[검토] ' + n.review }));
    if (nodeHidden.get(id)) panelBody.appendChild(el('p', { className: 'warn', text: '현재 필터에서는 숨겨져 있습니다.' }));
    var pairs = [['ID', n.id], ['별칭', n.aliases.join(', ')], ['연결 수', n.degree]];
    Object.keys(n.attributes).forEach(function (k) { pairs.push([k, n.attributes[k]]); });
    panelBody.appendChild(dl(pairs));
    var idx = nodeStmts.get(id);
    panelBody.appendChild(el('h3', { text: '진술 ' + idx.length + '건 (출처 인용 포함)' }));
    panelBody.appendChild(stmtList(idx, id));
    (n.statements || []).forEach(function (s) {
      panelBody.appendChild(dl(Object.keys(s).map(function (k) { return [k, s[k]]; })));
    });
    panel.hidden = false;
  }
  function showEdge(eid) {
    var e = edgesDS.get(eid);
    if (!e) return;
    panelRefresh = function () { showEdge(eid); };
    panelBody.replaceChildren();
    panelBody.appendChild(el('h2', { text: nodeLabel(e.from) + ' → ' + nodeLabel(e.to) }));
    panelBody.appendChild(el('p', { className: 'sub' }, [badge(nodeRec.get(e.from).type), el('span', { text: '→ ' }), badge(nodeRec.get(e.to).type)]));
    panelBody.appendChild(el('h3', { text: '진술 ' + e.stmts.length + '건' }));
    panelBody.appendChild(stmtList(e.stmts));
    panel.hidden = false;
  }
  network.on('click', function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  // ------------------------------------------------------------ search
  var search = document.getElementById('search');
  var results = document.getElementById('search-results');
  var index = DATA.nodes.map(function (n) {
    return { id: n.id, keys: [n.label, n.label_en].concat(n.aliases).filter(Boolean).map(norm) };
  });
  function find(q) {
    var k = norm(q);
    if (!k) return [];
    var hits = [];
    index.forEach(function (e) {
      var best = 9;
      e.keys.forEach(function (key) {
        var r = key === k ? 0 : key.indexOf(k) === 0 ? 1 : key.indexOf(k) > 0 ? 2 : 9;
        if (r < best) best = r;
      });
      if (best < 9) hits.push({ id: e.id, rank: best });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || nodeLabel(a.id).length - nodeLabel(b.id).length ||
        (nodeLabel(a.id) < nodeLabel(b.id) ? -1 : 1);
    });
    return hits;
  }
  function selectNode(id) {
    results.hidden = true;
    if (!nodeRec.has(id)) return;
    network.selectNodes([id]);
    window.ydkg.selected = id;
    showNode(id);
    if (!nodeHidden.get(id)) requestAnimationFrame(function () {
      network.redraw();  // the panel may have narrowed the canvas
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    });
  }
  function showResults(hits) {
    results.replaceChildren();
    hits.slice(0, 12).forEach(function (h, j) {
      var n = nodeRec.get(h.id);
      results.appendChild(el('li', { className: j === 0 ? 'active' : '', 'data-id': h.id,
        onmousedown: function (ev) { ev.preventDefault(); selectNode(h.id); } }, [
        el('span', { text: n.label }), el('span', { className: 'type', text: classLabel(n.type) }),
        nodeHidden.get(h.id) ? el('span', { className: 'hidden-note', text: '숨김' }) : null]));
    });
    if (!hits.length) results.appendChild(el('li', { text: '일치하는 이름이 없습니다' }));
    results.hidden = false;
  }
  search.addEventListener('input', function () {
    var hits = find(search.value);
    if (!search.value.trim()) { results.hidden = true; return; }
    showResults(hits);
    if (hits.length && (hits[0].rank === 0 || hits.length === 1)) selectNode(hits[0].id), results.hidden = false;
  });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var hits = find(search.value); if (hits.length) selectNode(hits[0].id); }
    if (ev.key === 'Escape') results.hidden = true;
  });
  search.addEventListener('blur', function () { results.hidden = true; });

  // ------------------------------------------------------------ start
  window.ydkg = { network: network, nodes: nodesDS, edges: edgesDS, state: state, apply: apply,
    selectNode: selectNode, selected: null };
  syncSlider();
  apply();
  if (DATA.initial.focus) selectNode(DATA.initial.focus);
})();
