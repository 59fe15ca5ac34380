/* ydkg network page script. Reads the JSON payloads, never builds HTML from
 * strings: every document-derived string goes through textContent, SVG
 * attributes through setAttribute, tooltips are plain text (vis-network 9
 * sets string titles with innerText), canvas labels are drawn as text.
 *
 * Views: the map (activities folded into their program, at most the nodes
 * the payload marks as drawn, hubs labelled) and the focus (a node and its
 * neighbours at depth 1 or 2, laid out by YdkgRadial so that no label
 * overlaps another, edges labelled with relation and date). The state
 * (focus, depth, year, filters, table) lives in the URL hash. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('ydkg-data').textContent);
  var VIS = JSON.parse(document.getElementById('ydkg-vis').textContent);
  var STATUS = { done: '완료', planned: '계획' };
  var BASIS = { budget: '예산액', executed: '집행액' };
  var MAP_LABELS = 40;          // most labels drawn on the map at once
  var FONT = VIS.options.nodes.font.face;

  var classes = new Map(DATA.classes.map(function (c) { return [c.key, c]; }));
  var rels = new Map(DATA.relations.map(function (r) { return [r.key, r]; }));
  var nodeRec = new Map(DATA.nodes.map(function (n) { return [n.id, n]; }));
  var folded = new Set(DATA.folded || []);
  var stmts = DATA.stmts;
  var years = DATA.years;
  var nodeStmts = new Map(DATA.nodes.map(function (n) { return [n.id, []]; }));
  stmts.forEach(function (s, i) {
    nodeStmts.get(s.from).push(i);
    if (s.to !== s.from) nodeStmts.get(s.to).push(i);
  });
  var edgeOfStmt = new Array(stmts.length);
  var edgeRec = new Map();
  VIS.edges.forEach(function (e) { edgeRec.set(e.id, e); e.stmts.forEach(function (i) { edgeOfStmt[i] = e.id; }); });
  var shortLabel = new Map(VIS.nodes.map(function (n) { return [n.id, n.label]; }));
  var sizeOf = new Map(VIS.nodes.map(function (n) { return [n.id, n.size]; }));
  var shapeOf = new Map(VIS.nodes.map(function (n) { return [n.id, n.shape]; }));

  var DEFAULTS = {
    types: DATA.initial.types.slice(), relations: DATA.initial.relations.slice(), mode: DATA.initial.mode,
    year: DATA.initial.year, cutoff: DATA.initial.cutoff, focus: DATA.initial.focus || null,
    depth: DATA.initial.depth || 1
  };
  var state = {
    types: new Set(DEFAULTS.types), relations: new Set(DEFAULTS.relations), mode: DEFAULTS.mode,
    year: DEFAULTS.year,              // null = all years
    cutoff: DEFAULTS.cutoff,          // exact as-of date until the slider moves
    focus: DEFAULTS.focus, depth: DEFAULTS.depth,
    minor: false,                     // also draw the nodes the map leaves out
    wide: false,                      // the focus: every neighbour, not the most connected
    table: false                      // the table instead of the canvas
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
  function other(i, id) { var s = stmts[i]; return s.from === id ? s.to : s.from; }
  function isFoldedType(type) { return folded.has(type) && !state.types.has(type); }

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
  function passes(s) { return state.relations.has(s.relation) && timeOk(s); }
  function drawable(id) {
    var n = nodeRec.get(id);
    return state.types.has(n.type) && (state.minor || !n.minor || folded.has(n.type));
  }

  // ------------------------------------------------------------ what is shown
  var stmtVisible = new Array(stmts.length).fill(false);
  var shown = new Set();            // node ids drawn
  var ring = new Map();             // focus view: node id → distance from the focus

  /* The map: statements between drawable nodes; a node with a visible statement, a folded
   * one (its activities), or none dated. */
  function mapView(pass) {
    shown = new Set(); ring = new Map();
    for (var i = 0; i < stmts.length; i++)
      stmtVisible[i] = pass[i] && drawable(stmts[i].from) && drawable(stmts[i].to);
    DATA.nodes.forEach(function (n) {
      if (!drawable(n.id)) return;
      var idx = nodeStmts.get(n.id);
      var ok = !n.dated || idx.some(function (i) {
        return stmtVisible[i] || (pass[i] && isFoldedType(nodeRec.get(other(i, n.id)).type));
      });
      if (ok) shown.add(n.id);
    });
  }

  /* The focus: breadth-first from the focus over passing statements, to nodes of selected types.
   * Unless the reader widens it, a ring keeps its RING_CAP[d] most connected nodes (a hub's
   * hundred neighbours would be unreadable); the others are counted in `beyond`. */
  var RING_CAP = [1, 16, 32];
  var beyond = 0;
  function focusView(pass) {
    shown = new Set([state.focus]); ring = new Map([[state.focus, 0]]);
    beyond = 0;
    var frontier = [state.focus];
    for (var d = 1; d <= state.depth; d++) {
      var next = [];
      frontier.forEach(function (n) {
        nodeStmts.get(n).forEach(function (i) {
          var m = other(i, n);
          if (!pass[i] || shown.has(m) || next.indexOf(m) >= 0 || !state.types.has(nodeRec.get(m).type)) return;
          next.push(m);
        });
      });
      if (!state.wide && next.length > RING_CAP[d]) {
        beyond += next.length - RING_CAP[d];
        next = mostConnected(next, RING_CAP[d]);
      }
      next.forEach(function (m) { shown.add(m); ring.set(m, d); });
      frontier = next;
    }
    for (var i = 0; i < stmts.length; i++)
      stmtVisible[i] = pass[i] && shown.has(stmts[i].from) && shown.has(stmts[i].to);
  }
  function byDegree(a, b) { return nodeRec.get(b).degree - nodeRec.get(a).degree || (a < b ? -1 : a > b ? 1 : 0); }
  /* `n` of `ids`, taken class by class in turn (each class most connected first), so that a hub's
   * ring shows its partners of every kind rather than a hundred of one. */
  function mostConnected(ids, n) {
    var groups = new Map();
    ids.slice().sort(byDegree).forEach(function (id) {
      var t = nodeRec.get(id).type;
      if (!groups.has(t)) groups.set(t, []);
      groups.get(t).push(id);
    });
    var lists = Array.from(groups.values()), out = [];
    for (var k = 0; out.length < n; k++)
      lists.forEach(function (l) { if (k < l.length && out.length < n) out.push(l[k]); });
    return out;
  }

  // ------------------------------------------------------------ labels
  var measureCtx = document.createElement('canvas').getContext('2d');
  function textBox(text, px) {
    measureCtx.font = px + 'px ' + FONT;
    var lines = text.split('\n'), w = 0;
    lines.forEach(function (l) { w = Math.max(w, measureCtx.measureText(l).width); });
    return { w: Math.ceil(w) + 4, h: lines.length * Math.ceil(px * 1.25) + 4 };
  }
  /* A label in lines of about `width` characters (words kept whole), at most three. */
  function wrap(label, width) {
    var words = String(label).split(/\s+/), lines = [], cur = '';
    words.forEach(function (w) {
      while (w.length > width) { if (cur) { lines.push(cur); cur = ''; } lines.push(w.slice(0, width)); w = w.slice(width); }
      if (cur && (cur + ' ' + w).length > width) { lines.push(cur); cur = w; } else cur = cur ? cur + ' ' + w : w;
    });
    if (cur) lines.push(cur);
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = lines[2].slice(0, width - 1) + '…'; }
    return lines.join('\n');
  }
  var mapLabelled = new Set();      // the map: nodes labelled at the current zoom
  function nodeText(id) {
    if (state.focus) return shown.has(id) ? wrap(nodeLabel(id), 10) : '';
    return mapLabelled.has(id) || id === selectedId ? shortLabel.get(id) : '';
  }
  /* Label the map by importance: hubs, then by degree, each where its label (about 13 px on
   * screen) overlaps no label already placed; at most MAP_LABELS. */
  function chooseMapLabels() {
    var scale = network.getScale(), px = canvasPx(), placed = [];
    var pos = network.getPositions(Array.from(shown));
    var order = Array.from(shown).sort(function (a, b) {
      var x = nodeRec.get(a), y = nodeRec.get(b);
      return (y.hub ? 1 : 0) - (x.hub ? 1 : 0) || y.degree - x.degree || (a < b ? -1 : 1);
    });
    mapLabelled = new Set();
    for (var k = 0; k < order.length && mapLabelled.size < MAP_LABELS; k++) {
      var id = order[k], p = pos[id], t = textBox(shortLabel.get(id), px), r = sizeOf.get(id) || 10;
      var b = { l: p.x - t.w / 2, r: p.x + t.w / 2, t: p.y - r, b: p.y + r + 4 + t.h };
      if (placed.some(function (o) { return YdkgRadial.overlap(o, b); })) continue;
      placed.push(b);
      mapLabelled.add(id);
    }
    return scale;
  }
  function canvasPx() { return Math.min(39, Math.max(13, Math.round(13 / network.getScale()))); }
  /* An edge's label in the focus view: its latest visible statement's relation and date. */
  function edgeText(stmtIdx) {
    var idx = stmtIdx.filter(function (i) { return stmtVisible[i]; });
    if (!idx.length) return '';
    idx.sort(function (a, b) { var x = stmts[a].date || '', y = stmts[b].date || ''; return x < y ? 1 : x > y ? -1 : a - b; });
    var s = stmts[idx[0]];
    var t = relLabel(s.relation) + (s.date ? '\n' + s.date : s.report_year ? '\n(' + s.report_year + '년 보고)' : '');
    return idx.length > 1 ? t + ' 외 ' + (idx.length - 1) : t;
  }

  // ------------------------------------------------------------ data sets
  var nodeState = new Map(), edgeState = new Map();
  var edgeLabelled = new Map();     // focus view: edge id → its label (one per pair of nodes)
  /* The map's hub labels read at about 13 px whatever the zoom (up to 3x the base size). */
  function labelSize(id) {
    return state.focus || !network || !mapLabelled.has(id) ? 13 : canvasPx();
  }
  function nodeItems() {
    var upd = [];
    DATA.nodes.forEach(function (n) {
      var hidden = !shown.has(n.id), label = hidden ? '' : nodeText(n.id), size = labelSize(n.id);
      var was = nodeState.get(n.id);
      if (!was || was.hidden !== hidden || was.label !== label || was.size !== size) {
        nodeState.set(n.id, { hidden: hidden, label: label, size: size });
        upd.push({ id: n.id, hidden: hidden, label: label, font: { size: size } });
      }
    });
    return upd;
  }
  function edgeItems() {
    var upd = [];
    VIS.edges.forEach(function (e) {
      var hidden = !e.stmts.some(function (i) { return stmtVisible[i]; });
      var label = !hidden && edgeLabelled.has(e.id) ? edgeLabelled.get(e.id) : '', was = edgeState.get(e.id);
      if (!was || was.hidden !== hidden || was.label !== label) {
        edgeState.set(e.id, { hidden: hidden, label: label });
        upd.push({ id: e.id, hidden: hidden, label: label });
      }
    });
    return upd;
  }

  var nodesDS = new vis.DataSet(VIS.nodes.map(function (n) {
    var rec = nodeRec.get(n.id);
    n.title = rec.label + ' · ' + classLabel(rec.type) + (rec.label_en ? '\n' + rec.label_en : '') +
      '\n연결 ' + rec.degree;
    return n;
  }));
  var edgesDS = new vis.DataSet(VIS.edges.map(function (e) {
    var lines = [nodeLabel(e.from) + ' → ' + nodeLabel(e.to)];
    e.stmts.slice(0, 6).forEach(function (i) {
      var s = stmts[i];
      lines.push(relFull(s.relation) + ' · ' + dateText(s) + (s.status === 'planned' ? ' · 계획' : ''));
    });
    if (e.stmts.length > 6) lines.push('… 외 ' + (e.stmts.length - 6) + '건');
    return { id: e.id, from: e.from, to: e.to, width: e.width, title: lines.join('\n') };
  }));

  // ------------------------------------------------------------ network and positions
  var container = document.getElementById('mynetwork');
  var loading = document.getElementById('loading');
  var network = null;
  var mapPos = null;                // the map's positions, kept while a focus is shown
  var laidOut = null;               // the focus set last laid out ('' in the map)
  var selectedId = null;

  /* Folded nodes (activities) sit on small rings around the node they fold into. */
  function placeFolded(pos) {
    var around = new Map();
    DATA.nodes.forEach(function (n) {
      if (!folded.has(n.type)) return;
      var parent = null;
      nodeStmts.get(n.id).some(function (i) { var m = other(i, n.id); if (!folded.has(nodeRec.get(m).type)) parent = m; return parent; });
      if (!parent || !pos[parent]) parent = null;
      var key = parent || '';
      if (!around.has(key)) around.set(key, []);
      around.get(key).push(n.id);
    });
    around.forEach(function (ids, parent) {
      var c = parent ? pos[parent] : { x: 0, y: 0 };
      ids.forEach(function (id, j) {
        var r = 70 + 26 * Math.floor(j / 8), a = 2 * Math.PI * (j % 8) / Math.min(8, ids.length) + 0.3 * Math.floor(j / 8);
        pos[id] = { x: Math.round(c.x + r * Math.cos(a)), y: Math.round(c.y + r * Math.sin(a)) };
      });
    });
    return pos;
  }
  function keepMapPositions() {
    var pos = network.getPositions();
    mapPos = placeFolded(pos);
  }
  function moveTo(pos) {
    nodesDS.update(Object.keys(pos).map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
  }

  /* Lay the focus set out (YdkgRadial) and label the focus's edges when it fits one ring. */
  function layoutFocus() {
    var ring1 = [], ring2 = [], parent = {}, items = {};
    var byRel = function (id) {
      var i = nodeStmts.get(id).find(function (k) { return stmtVisible[k] && other(k, id) === state.focus; });
      return i === undefined ? '' : stmts[i].relation;
    };
    shown.forEach(function (id) {
      var t = textBox(wrap(nodeLabel(id), 10), 13);
      items[id] = { w: t.w, h: t.h, size: sizeOf.get(id) || 10, shape: shapeOf.get(id) };
      var d = ring.get(id);
      if (d === 1) ring1.push(id);
      else if (d === 2) ring2.push(id);
    });
    ring1.sort(function (a, b) { var x = byRel(a), y = byRel(b); return x < y ? -1 : x > y ? 1 : (a < b ? -1 : 1); });
    ring2.forEach(function (id) {
      parent[id] = nodeStmts.get(id).map(function (k) { return other(k, id); })
        .filter(function (m) { return ring.get(m) === 1; }).sort()[0];
    });
    var pairs = new Map();          // A→B and B→A share one label: the pair's statements
    VIS.edges.forEach(function (e) {
      if ((e.from !== state.focus && e.to !== state.focus) || e.from === e.to) return;
      var key = e.from === state.focus ? e.to : e.from;
      if (ring.get(key) !== 1) return;  // a neighbour past the ring's cap, reached again at depth 2
      if (!pairs.has(key)) pairs.set(key, { id: e.id, from: e.from, to: e.to, stmts: [] });
      pairs.get(key).stmts = pairs.get(key).stmts.concat(e.stmts);
    });
    var edges = [], texts = new Map();
    pairs.forEach(function (p) {
      var text = edgeText(p.stmts);
      if (!text) return;
      var t = textBox(text, 11);
      texts.set(p.id, text);
      edges.push({ id: p.id, from: p.from, to: p.to, w: t.w, h: t.h, edge: true });
    });
    var out = YdkgRadial.layout({ focus: state.focus, ring1: ring1, ring2: ring2, parent: parent, items: items, edges: edges });
    edgeLabelled = new Map(out.edges.map(function (id) { return [id, texts.get(id)]; }));
    moveTo(out.pos);
  }

  function updateCount() {
    var visNodes = shown.size, visStmts = stmtVisible.filter(Boolean).length;
    var count = document.getElementById('visible-count');
    count.textContent = '보이는 노드 ' + visNodes + ' / 전체 ' + DATA.nodes.length +
      ' · 진술 ' + visStmts + ' / ' + stmts.length;
    count.dataset.visible = String(visNodes);
    count.dataset.total = String(DATA.nodes.length);
  }

  function apply() {
    var pass = stmts.map(passes);
    if (state.focus && !nodeRec.has(state.focus)) state.focus = null;
    if (state.focus) focusView(pass); else mapView(pass);
    var key = state.focus ? Array.from(shown).sort().join('\n') + '|' + state.depth : '';
    if (network && mapPos) {
      if (state.focus && key !== laidOut) layoutFocus();
      if (!state.focus) { edgeLabelled = new Map(); if (laidOut) moveTo(mapPos); }
    }
    var upd = nodeItems();
    if (upd.length) nodesDS.update(upd);
    var eupd = edgeItems();
    if (eupd.length) edgesDS.update(eupd);
    if (network && mapPos && key !== laidOut) {
      laidOut = key;
      network.fit({ animation: false });
    }
    if (network && mapPos) onZoom();
    updateCount();
    syncControls();
    if (panelRefresh) panelRefresh();
    if (state.table) fillTable();
    writeHash();
  }

  function start() {
    readHash();
    var focus = state.focus;
    state.focus = null;                       // the map is drawn (and laid out) first
    mapView(stmts.map(passes));
    nodesDS.update(nodeItems());
    edgesDS.update(edgeItems());
    network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, VIS.options);
    network.on('click', onClick);
    network.on('zoom', onZoom);
    var ready = function () {
      keepMapPositions();
      state.focus = focus;
      apply();
      if (state.focus) { selectedId = window.ydkg.selected = state.focus; network.selectNodes([state.focus]); showNode(state.focus); }
      network.once('afterDrawing', markReady);
      network.redraw();
    };
    if (DATA.layout === 'physics') {
      network.on('stabilizationProgress', function (p) {
        loading.textContent = '배치 계산 중… ' + Math.round(100 * p.iterations / p.total) + '%';
      });
      network.once('stabilizationIterationsDone', function () {
        network.setOptions({ physics: { enabled: false } });
        network.fit();
        ready();
      });
    } else {
      ready();
    }
  }
  function markReady() {
    if (window.__ydkgReady) return;
    loading.hidden = true;
    window.__ydkgReady = performance.now();
    document.body.setAttribute('data-ready', '1');
  }
  function onZoom() {
    if (state.focus) return;
    chooseMapLabels();
    var upd = nodeItems();
    if (upd.length) nodesDS.update(upd);
  }
  function onClick(p) {
    if (p.nodes.length) selectNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
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
        if (on) state[group].add(cb.getAttribute('data-key')); else state[group].delete(cb.getAttribute('data-key'));
      });
      apply();
    });
  });

  // ------------------------------------------------------------ view toggles
  var showFolded = document.getElementById('show-folded');
  var showMinor = document.getElementById('show-minor');
  var foldedCount = DATA.nodes.filter(function (n) { return folded.has(n.type); }).length;
  var minorCount = DATA.nodes.filter(function (n) { return n.minor; }).length;
  document.getElementById('folded-note').textContent = foldedCount ?
    '추진사항 ' + foldedCount + '건은 사업 안에 접혀 있습니다(사업을 누르면 날짜·출처와 함께 나옵니다). · ' +
    foldedCount + ' activities are folded into their programs.' : '';
  showFolded.disabled = foldedCount === 0;
  showMinor.disabled = minorCount === 0;
  showFolded.addEventListener('change', function () {
    folded.forEach(function (t) { if (showFolded.checked) state.types.add(t); else state.types.delete(t); });
    apply();
  });
  showMinor.addEventListener('change', function () { state.minor = showMinor.checked; apply(); });
  document.querySelectorAll('#focusbar [data-depth]').forEach(function (b) {
    b.addEventListener('click', function () { state.depth = +b.getAttribute('data-depth'); apply(); });
  });
  document.getElementById('focus-clear').addEventListener('click', clearFocus);
  document.getElementById('focus-all').addEventListener('click', function () { state.wide = !state.wide; apply(); });
  function clearFocus() { state.focus = null; apply(); }
  function syncControls() {
    boxes.types.forEach(function (cb) { cb.checked = state.types.has(cb.getAttribute('data-key')); });
    boxes.relations.forEach(function (cb) { cb.checked = state.relations.has(cb.getAttribute('data-key')); });
    showFolded.checked = foldedCount > 0 && Array.from(folded).every(function (t) { return state.types.has(t); });
    showMinor.checked = state.minor;
    var bar = document.getElementById('focusbar');
    bar.hidden = !state.focus;
    if (state.focus) {
      document.getElementById('focus-label').textContent = '초점 · Focus: ' + nodeLabel(state.focus) +
        ' (' + classLabel(nodeRec.get(state.focus).type) + ')';
      bar.querySelectorAll('[data-depth]').forEach(function (b) {
        b.setAttribute('aria-pressed', String(+b.getAttribute('data-depth') === state.depth));
      });
      var more = document.getElementById('focus-all');
      more.hidden = !beyond && !state.wide;
      more.setAttribute('aria-pressed', String(state.wide));
      more.textContent = state.wide ? '연결 많은 이웃만 · Only the most connected' :
        '이웃 ' + beyond + '개 더 보기 · Show ' + beyond + ' more';
    }
    syncSlider();
  }

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
    apply();
  }
  slider.addEventListener('input', function () { setPosition(+slider.value); });
  document.querySelectorAll('input[name=mode]').forEach(function (r) {
    r.addEventListener('change', function () { if (r.checked) { state.mode = r.value; state.cutoff = null; apply(); } });
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
  function closePanel() {
    panel.hidden = true; panelRefresh = null; selectedId = null;
    if (network) network.unselectAll();
  }
  document.getElementById('panel-close').addEventListener('click', closePanel);
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
    panelBody.appendChild(el('h2', { text: n.label, id: 'panel-title', tabindex: '-1' }));
    panelBody.appendChild(el('p', { className: 'sub' }, [badge(n.type), el('span', { text: n.label_en || '' })]));
    if (!n.in_gazetteer) panelBody.appendChild(el('p', { className: 'warn', text: '지명사전 미등재 — 검토 필요' }));
    if (n.review) panelBody.appendChild(el('p', { className: 'review', text: '[검토] ' + n.review }));
    if (!shown.has(id)) panelBody.appendChild(el('p', { className: 'warn', text: '현재 필터에서는 숨겨져 있습니다.' }));
    var pairs = [['ID', n.id], ['별칭', n.aliases.join(', ')], ['연결 수', n.degree]];
    Object.keys(n.attributes).forEach(function (k) { pairs.push([k, n.attributes[k]]); });
    panelBody.appendChild(dl(pairs));
    var idx = nodeStmts.get(id);
    var inner = idx.filter(function (i) { return isFoldedType(nodeRec.get(other(i, id)).type); });
    var rest = idx.filter(function (i) { return inner.indexOf(i) < 0; });
    if (inner.length) {
      panelBody.appendChild(el('h3', { text: '추진사항 · Activities ' + inner.length + '건 (접힘 · folded)' }));
      panelBody.appendChild(stmtList(inner, id));
    }
    panelBody.appendChild(el('h3', { text: '진술 ' + rest.length + '건 (출처 인용 포함)' }));
    panelBody.appendChild(stmtList(rest, id));
    (n.statements || []).forEach(function (s) {
      panelBody.appendChild(dl(Object.keys(s).map(function (k) { return [k, s[k]]; })));
    });
    panel.hidden = false;
  }
  function showEdge(eid) {
    var e = edgeRec.get(eid);
    if (!e) return;
    panelRefresh = function () { showEdge(eid); };
    panelBody.replaceChildren();
    panelBody.appendChild(el('h2', { text: nodeLabel(e.from) + ' → ' + nodeLabel(e.to), id: 'panel-title', tabindex: '-1' }));
    panelBody.appendChild(el('p', { className: 'sub' }, [badge(nodeRec.get(e.from).type), el('span', { text: '→ ' }), badge(nodeRec.get(e.to).type)]));
    panelBody.appendChild(el('h3', { text: '진술 ' + e.stmts.length + '건' }));
    panelBody.appendChild(stmtList(e.stmts));
    panel.hidden = false;
  }
  /* Select a node: focus on it (its neighbourhood), list it in the panel. */
  function selectNode(id, toPanel) {
    results.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    if (!nodeRec.has(id)) return;
    selectedId = id;
    window.ydkg.selected = id;
    if (state.focus !== id) state.wide = false;
    state.focus = id;
    apply();
    network.selectNodes([id]);
    showNode(id);
    if (toPanel) document.getElementById('panel-title').focus();
  }

  // ------------------------------------------------------------ search
  var search = document.getElementById('search');
  var results = document.getElementById('search-results');
  var active = 0, lastHits = [];
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
  function showResults(hits) {
    results.replaceChildren();
    lastHits = hits.slice(0, 12);
    active = 0;
    lastHits.forEach(function (h, j) {
      var n = nodeRec.get(h.id);
      results.appendChild(el('li', { className: j === 0 ? 'active' : '', 'data-id': h.id, role: 'option',
        id: 'result-' + j, 'aria-selected': String(j === 0),
        onmousedown: function (ev) { ev.preventDefault(); selectNode(h.id); } }, [
        el('span', { text: n.label }), el('span', { className: 'type', text: classLabel(n.type) }),
        folded.has(n.type) ? el('span', { className: 'hidden-note', text: '추진사항' }) : null]));
    });
    if (!hits.length) results.appendChild(el('li', { text: '일치하는 이름이 없습니다' }));
    results.hidden = false;
    search.setAttribute('aria-expanded', 'true');
    markActive();
  }
  function markActive() {
    results.querySelectorAll('li[role=option]').forEach(function (li, j) {
      li.className = j === active ? 'active' : '';
      li.setAttribute('aria-selected', String(j === active));
      if (j === active) { search.setAttribute('aria-activedescendant', li.id); li.scrollIntoView({ block: 'nearest' }); }
    });
  }
  search.addEventListener('input', function () {
    var hits = find(search.value);
    if (!search.value.trim()) { results.hidden = true; return; }
    if (hits.length && (hits[0].rank === 0 || hits.length === 1)) selectNode(hits[0].id);
    showResults(hits);
  });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (results.hidden) showResults(find(search.value));
      var n = lastHits.length;
      if (n) { active = (active + (ev.key === 'ArrowDown' ? 1 : n - 1)) % n; markActive(); }
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      var hits = lastHits.length && !results.hidden ? lastHits : find(search.value);
      var pick = hits[Math.min(active, hits.length - 1)] || hits[0];
      if (pick) selectNode(pick.id, true);
      ev.preventDefault();
    } else if (ev.key === 'Escape' && !results.hidden) {  // else the page's Escape: panel, then focus
      results.hidden = true;
      search.setAttribute('aria-expanded', 'false');
      ev.stopPropagation();
    }
  });
  search.addEventListener('blur', function () { results.hidden = true; search.setAttribute('aria-expanded', 'false'); });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    if (!panel.hidden) { closePanel(); search.focus(); } else if (state.focus) clearFocus();
  });

  // ------------------------------------------------------------ table of the visible statements
  var tableWrap = document.getElementById('table-wrap');
  var tableBtn = document.getElementById('view-table');
  function visibleOrder() {
    var idx = [];
    for (var i = 0; i < stmts.length; i++) if (stmtVisible[i]) idx.push(i);
    return idx.sort(byDate);
  }
  function nodeButton(id) {
    return el('button', { type: 'button', className: 'other', text: nodeLabel(id), onclick: function () { selectNode(id, true); } });
  }
  function fillTable() {
    var body = document.querySelector('#stmt-table tbody'), idx = visibleOrder();
    document.getElementById('table-caption').textContent = '보이는 진술 ' + idx.length + '건 · ' + idx.length + ' visible statements';
    body.replaceChildren();
    idx.forEach(function (i) {
      var s = stmts[i];
      body.appendChild(el('tr', { 'data-stmt': s.id }, [
        el('td', null, [nodeButton(s.from)]), el('td', { text: relLabel(s.relation) }), el('td', null, [nodeButton(s.to)]),
        el('td', { text: dateText(s) }), el('td', { text: STATUS[s.status] || s.status || '' }),
        el('td', { className: 'cite', text: (s.source || '?') + ':' + (s.line !== undefined ? s.line : '?') }),
        el('td', { className: 'quote', text: s.quote || '' })]));
    });
  }
  function setTable(on) {
    state.table = on;
    tableWrap.hidden = !on;
    tableBtn.setAttribute('aria-pressed', String(on));
    if (on) { fillTable(); tableWrap.focus(); }
    writeHash();
  }
  tableBtn.addEventListener('click', function () { setTable(!state.table); });

  // ------------------------------------------------------------ exports
  var CSV_COLUMNS = ['subject', 'subject_id', 'relation', 'object', 'object_id', 'date', 'end', 'status',
    'amount_krw', 'role', 'source', 'line', 'quote'];
  function csvCell(v) {
    var t = v === undefined || v === null ? '' : String(v);
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  /* The visible statements as CSV (RFC 4180, CRLF), each with its citation. */
  function csvText() {
    var rows = [CSV_COLUMNS.join(',')];
    visibleOrder().forEach(function (i) {
      var s = stmts[i];
      var rec = { subject: nodeLabel(s.from), subject_id: s.from, object: nodeLabel(s.to), object_id: s.to };
      rows.push(CSV_COLUMNS.map(function (c) { return csvCell(c in rec ? rec[c] : s[c]); }).join(','));
    });
    return rows.join('\r\n') + '\r\n';
  }
  /* The canvas as it is drawn, on white, as a PNG data URL. */
  function pngURL() {
    var src = container.querySelector('canvas');
    var c = document.createElement('canvas');
    c.width = src.width; c.height = src.height;
    var ctx = c.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    return c.toDataURL('image/png');
  }
  function baseName() {
    var f = state.focus ? '-' + state.focus.replace(/[^\w가-힣-]+/g, '_') : '';
    return 'ydkg' + f + (state.year ? '-' + state.year : '');
  }
  function download(name, href) {
    var a = el('a', { href: href, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  document.getElementById('export-csv').addEventListener('click', function () {
    var url = URL.createObjectURL(new Blob(['\ufeff' + csvText()], { type: 'text/csv;charset=utf-8' }));
    download(baseName() + '.csv', url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  document.getElementById('export-png').addEventListener('click', function () { download(baseName() + '.png', pngURL()); });

  // ------------------------------------------------------------ state in the URL hash
  function sameSet(set, list) { return set.size === list.length && list.every(function (k) { return set.has(k); }); }
  function unfolded(set) { return Array.from(set).filter(function (k) { return !folded.has(k); }).sort(); }
  function hashText() {
    var p = [];
    var add = function (k, v) { p.push(k + '=' + encodeURIComponent(v)); };
    if (state.focus) { add('focus', state.focus); if (state.depth !== 1) add('depth', state.depth); }
    if (state.year !== null && state.year !== undefined) add('year', state.year);
    if (state.mode !== 'year') add('mode', state.mode);
    if (state.cutoff) add('asof', state.cutoff);
    var defTypes = DEFAULTS.types.filter(function (k) { return !folded.has(k); });
    if (!sameSet(new Set(unfolded(state.types)), defTypes)) add('types', unfolded(state.types).join(','));
    var acts = Array.from(folded).some(function (t) { return state.types.has(t); });
    if (acts !== DEFAULTS.types.some(function (t) { return folded.has(t); })) add('activities', acts ? 1 : 0);
    if (!sameSet(state.relations, DEFAULTS.relations)) add('relations', Array.from(state.relations).sort().join(','));
    if (state.minor) add('all', 1);
    if (state.wide && state.focus) add('wide', 1);
    if (state.table) add('view', 'table');
    return p.join('&');
  }
  var written = null;
  function writeHash() {
    var h = hashText();
    if (h === written) return;
    written = h;
    history.replaceState(null, '', h ? '#' + h : location.pathname + location.search);
  }
  function listParam(v) { return v ? v.split(',').filter(Boolean) : []; }
  /* A node id, or a label or alias typed in the link (#focus=울릉군). */
  function nodeFromHash(v) {
    if (nodeRec.has(v)) return v;
    var hits = find(v);
    return hits.length && hits[0].rank === 0 ? hits[0].id : null;
  }
  function readHash() {
    var q = new URLSearchParams(location.hash.replace(/^#/, ''));
    var get = function (k) { return q.has(k) ? q.get(k) : null; };
    state.focus = get('focus') !== null ? nodeFromHash(get('focus')) : DEFAULTS.focus;
    state.depth = get('depth') === '2' ? 2 : get('depth') === '1' ? 1 : DEFAULTS.depth;
    state.year = get('year') !== null && years.indexOf(+get('year')) >= 0 ? +get('year') : DEFAULTS.year;
    state.mode = get('mode') === 'asof' || get('mode') === 'year' ? get('mode') : DEFAULTS.mode;
    state.cutoff = get('asof') !== null && /^\d{4}(-\d\d(-\d\d)?)?$/.test(get('asof')) ? get('asof') : DEFAULTS.cutoff;
    var types = get('types') !== null ? listParam(get('types')) : DEFAULTS.types.filter(function (k) { return !folded.has(k); });
    var acts = get('activities') !== null ? get('activities') === '1' : DEFAULTS.types.some(function (t) { return folded.has(t); });
    state.types = new Set(types.filter(function (k) { return classes.has(k) && !folded.has(k); }));
    if (acts) folded.forEach(function (t) { state.types.add(t); });
    state.relations = new Set(get('relations') !== null ? listParam(get('relations')).filter(function (k) { return rels.has(k); }) : DEFAULTS.relations);
    state.minor = get('all') === '1';
    state.wide = get('wide') === '1';
    state.table = get('view') === 'table';
    written = location.hash.replace(/^#/, '');
  }
  window.addEventListener('hashchange', function () {
    readHash();
    apply();
    setTable(state.table);
    if (state.focus) { selectedId = window.ydkg.selected = state.focus; network.selectNodes([state.focus]); showNode(state.focus); }
  });

  // ------------------------------------------------------------ start
  window.ydkg = { nodes: nodesDS, edges: edgesDS, state: state, apply: apply, selectNode: selectNode, selected: null,
    csv: csvText, png: pngURL, hash: hashText, shown: function () { return Array.from(shown).sort(); },
    labelled: function () { return Array.from(edgeLabelled.keys()).sort(); } };
  start();
  window.ydkg.network = network;
  if (state.table) setTable(true);
})();
