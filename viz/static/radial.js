/* ydkg focus layout: a deterministic radial layout in which no label overlaps another.
 *
 * The focus sits at the centre, its neighbours on a ring (several rings when
 * there are many), the neighbours' neighbours on rings beyond, near their
 * parent's angle. Every node and edge label is a box (its measured text,
 * plus the node's shape); the radii grow until no two boxes overlap. Pure
 * functions of their input: the same neighbourhood gives the same positions.
 */
var YdkgRadial = (function () {
  'use strict';
  var GAP = 10;               // pixels kept between two boxes
  var ONE_RING_MAX = 24;      // up to this many neighbours: one ring, edges labelled
  var STAGGER_FROM = 12;      // past this many, the ring alternates between two radii
  var INSIDE = { box: 1, ellipse: 1, circle: 1, database: 1, text: 1 };

  function overlap(a, b) {
    return a.l < b.r + GAP && b.l < a.r + GAP && a.t < b.b + GAP && b.t < a.b + GAP;
  }

  /* The box of an item of size {w, h} (label) at (x, y): a node's label is
   * inside its shape (box, ellipse …) or below it (dot, square …); an edge
   * label is centred on the point. */
  function box(item, x, y) {
    if (item.edge) return { l: x - item.w / 2, r: x + item.w / 2, t: y - item.h / 2, b: y + item.h / 2 };
    if (INSIDE[item.shape]) {
      var w = item.w / 2 + 6, h = item.h / 2 + 6;
      return { l: x - w, r: x + w, t: y - h, b: y + h };
    }
    var half = Math.max(item.size, item.w / 2);
    return { l: x - half, r: x + half, t: y - item.size, b: y + item.size + 4 + item.h };
  }

  /* True if two boxes overlap; boxes centred on the same point (which no scale parts) are not counted. */
  function anyOverlap(boxes) {
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i], boxes[j]) && !sameCentre(boxes[i], boxes[j])) return true;
    return false;
  }
  function sameCentre(a, b) {
    return Math.abs(a.l + a.r - b.l - b.r) < 1e-6 && Math.abs(a.t + a.b - b.t - b.b) < 1e-6;
  }

  /* Boxes of the nodes at `pos` and of the edge labels at the midpoints of their ends. */
  function boxesAt(items, edges, pos, scale) {
    var out = [];
    Object.keys(pos).forEach(function (id) { out.push(box(items[id], pos[id].x * scale, pos[id].y * scale)); });
    edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      out.push(box(e, (a.x + b.x) / 2 * scale, (a.y + b.y) / 2 * scale));
    });
    return out;
  }

  function cellOf(items, ids) {
    var c = 0;
    ids.forEach(function (id) { var it = items[id]; c = Math.max(c, Math.hypot(it.w + 12, it.h + 2 * it.size + 8)); });
    return c + GAP;
  }

  /* `ids` on rings from radius r0 outwards, each ring holding what fits at one
   * cell per node; `angle0(id)` (optional) orders nodes by a preferred angle. */
  function rings(ids, items, r0, pos) {
    var cell = cellOf(items, ids), r = r0, i = 0, k = 0;
    while (i < ids.length) {
      var cap = Math.max(1, Math.floor(2 * Math.PI * r / cell));
      var n = Math.min(cap, ids.length - i);
      var shift = (k % 2) * Math.PI / Math.max(n, 1);
      for (var j = 0; j < n; j++, i++) {
        var a = -Math.PI / 2 + shift + 2 * Math.PI * j / n;
        pos[ids[i]] = { x: r * Math.cos(a), y: r * Math.sin(a) };
      }
      r += cell;
      k++;
    }
    return r - cell;
  }

  /* Positions for {focus, ring1: [ids], ring2: [ids with .parent], items: {id: {w, h, size, shape}},
   * edges: [{from, to, w, h, edge: true}]}. Edges are labelled only with one ring. */
  function layout(spec) {
    var items = spec.items, pos = {}, r;
    pos[spec.focus] = { x: 0, y: 0 };
    var center = box(items[spec.focus], 0, 0);
    var r0 = Math.max(center.r - center.l, center.b - center.t) / 2 + cellOf(items, spec.ring1.length ? spec.ring1 : [spec.focus]);
    var edges = spec.ring1.length <= ONE_RING_MAX ? spec.edges : [];
    if (spec.ring1.length <= ONE_RING_MAX) {
      var n = spec.ring1.length;
      r = r0;
      var stagger = n > STAGGER_FROM ? 1.4 : 1;   // many: every other node further out, twice the room
      spec.ring1.forEach(function (id, j) {
        var a = -Math.PI / 2 + 2 * Math.PI * j / Math.max(n, 1), f = j % 2 ? stagger : 1;
        pos[id] = { x: f * Math.cos(a), y: f * Math.sin(a) };  // unit ring, scaled below
      });
      r = grow(items, edges, pos, spec.focus, r0) * stagger;  // the ring's outer radius
    } else {
      r = rings(spec.ring1, items, r0, pos);
    }
    if (spec.ring2.length) {
      var ordered = spec.ring2.slice().sort(function (a, b) {
        var pa = pos[spec.parent[a]], pb = pos[spec.parent[b]];
        var x = Math.atan2(pa.y, pa.x), y = Math.atan2(pb.y, pb.x);
        x = (x + 2.5 * Math.PI) % (2 * Math.PI); y = (y + 2.5 * Math.PI) % (2 * Math.PI);
        return x - y || (a < b ? -1 : a > b ? 1 : 0);
      });
      rings(ordered, items, r + cellOf(items, ordered), pos);
    }
    return settle(items, edges, pos);
  }

  /* The smallest radius (from r0, by 8% steps) at which the unit ring's boxes do not overlap. */
  function grow(items, edges, unit, focus, r0) {
    var r = r0;
    for (var step = 0; step < 80; step++) {
      var pos = {};
      Object.keys(unit).forEach(function (id) {
        pos[id] = id === focus ? { x: 0, y: 0 } : { x: unit[id].x * r, y: unit[id].y * r };
      });
      if (!anyOverlap(boxesAt(items, edges, pos, 1))) break;
      r *= 1.08;
    }
    Object.keys(unit).forEach(function (id) {
      if (id !== focus) unit[id] = { x: Math.round(unit[id].x * r), y: Math.round(unit[id].y * r) };
    });
    return r;
  }

  /* Scale the whole layout up until no boxes overlap (a last guard); round to pixels. */
  function settle(items, edges, pos) {
    var s = 1;
    for (var step = 0; step < 25 && anyOverlap(boxesAt(items, edges, pos, s)); step++) s *= 1.1;
    var out = {};
    Object.keys(pos).forEach(function (id) { out[id] = { x: Math.round(pos[id].x * s), y: Math.round(pos[id].y * s) }; });
    return { pos: out, edges: edges.map(function (e) { return e.id; }) };
  }

  return { layout: layout, overlap: overlap, ONE_RING_MAX: ONE_RING_MAX };
})();
