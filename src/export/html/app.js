// finkg graph page: one script for `finkg serve` (it reads the JSON API) and
// `finkg view` (it reads the data written into the page). finkg's own code;
// the page builds every element with textContent, never with HTML strings.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat()) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }

  function sv(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  // ---- data: the JSON API, or the data in the page ----

  const embedded = $('finkg-data');
  const DATA = embedded ? JSON.parse(embedded.textContent) : null;

  async function getJson(url, body) {
    const opts = body === undefined ? {} : {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    };
    const r = await fetch(url, opts);
    let j = null;
    try { j = await r.json(); } catch (_) { j = null; }
    if (!r.ok) throw (j && j.error) || { message: r.status + ' ' + r.statusText };
    return j;
  }
  const enc = encodeURIComponent;

  function servedApi() {
    return {
      served: true,
      overview: () => getJson('/api/overview'),
      search: (q) => getJson('/api/entities?search=' + enc(q) + '&limit=12'),
      entity: (id) => getJson('/api/entity/' + enc(id)),
      neighbours: (id) => getJson('/api/neighbours/' + enc(id)),
      edge: (n) => getJson('/api/edge/' + n),
      subgraph: (ids, names) => getJson('/api/subgraph', { ids, names }),
      query: (q) => getJson('/api/query', { query: q }),
      explain: (q) => getJson('/api/explain', { query: q }),
      questions: () => getJson('/api/questions'),
      ask: (name, entity) => getJson('/api/ask/' + enc(name) + (entity ? '?entity=' + enc(entity) : '')),
    };
  }

  function staticApi(D) {
    const byId = new Map(D.all.nodes.map((n) => [n.id, n]));
    const fail = (m) => Promise.reject({ message: m });
    function sub(ids) {
      const keep = new Set(ids.filter((i) => byId.has(i)));
      return {
        nodes: [...keep].map((i) => byId.get(i)),
        edges: D.all.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
      };
    }
    return {
      served: false,
      overview: async () => Object.assign({}, D.overview, { legend: D.legend, stats: D.stats }),
      search: async (q) => {
        q = q.trim().toLowerCase();
        if (!q) return [];
        const hits = [];
        for (const n of D.all.nodes) {
          const d = D.entities[n.id] || {};
          const names = [[n.name, 0, null]]
            .concat((d.aliases || []).map((a) => [a, 1, 'alias ' + a]))
            .concat((d.tickers || []).map((t) => [t, 2, 'ticker ' + t]));
          let best = null;
          for (const [text, what, why] of names) {
            const t = text.toLowerCase();
            const rank = t === q ? 0 : t.startsWith(q) ? 1 : t.includes(q) ? 2 : 9;
            if (rank < 9 && (!best || rank * 3 + what < best[0])) best = [rank * 3 + what, why];
          }
          if (best) hits.push({ id: n.id, name: n.name, kind: n.kind, matched: best[1], documents: n.documents, r: best[0] });
        }
        hits.sort((a, b) => Math.floor(a.r / 3) - Math.floor(b.r / 3) || b.documents - a.documents || (a.id < b.id ? -1 : 1));
        return hits.slice(0, 12);
      },
      entity: async (id) => D.entities[id] || fail('no entity ' + id),
      neighbours: async (id) => {
        const others = new Map();
        for (const e of D.all.edges) {
          if (e.from === id) others.set(e.to, true);
          if (e.to === id) others.set(e.from, true);
        }
        const ranked = [...others.keys()].filter((o) => byId.has(o))
          .sort((a, b) => byId.get(b).documents - byId.get(a).documents).slice(0, 25);
        return sub([id].concat(ranked));
      },
      edge: async (n) => D.edges[n] || fail('no relation ' + n),
      subgraph: async (ids) => sub(ids),
    };
  }

  const api = DATA ? staticApi(DATA) : servedApi();

  // ---- the drawing ----

  const G = { nodes: new Map(), edges: new Map(), selected: null, selectedEdge: null, hidden: new Set() };
  let legend = { kinds: [], relations: [] };
  const view = { x: 0, y: 0, k: 1 };
  const svg = $('graph');
  const world = sv('g', { id: 'world' });
  const defs = sv('defs');
  svg.append(defs, world);

  function kindStyle(kind) {
    return legend.kinds.find((k) => k.name === kind) || { color: '#555555', fill: '#eeeeee' };
  }
  function relColor(kind) {
    const r = legend.relations.find((k) => k.name === kind);
    return r ? r.color : '#777777';
  }
  function radius(n) {
    return Math.min(22, 7 + 3 * Math.log2(1 + (n.documents || 0)));
  }
  function shortName(s) {
    return s.length > 26 ? s.slice(0, 24) + '…' : s;
  }
  function visible(n) {
    return !G.hidden.has(n.kind);
  }
  function size() {
    const r = $('canvas').getBoundingClientRect();
    return { w: Math.max(r.width, 300), h: Math.max(r.height, 200) };
  }

  function merge(graph, near) {
    const { w, h } = size();
    const origin = near && G.nodes.get(near);
    for (const n of graph.nodes || []) {
      const had = G.nodes.get(n.id);
      if (had) { Object.assign(had, n, { x: had.x, y: had.y }); continue; }
      const a = origin ? [origin.x, origin.y] : anchor(n.kind, w, h);
      const t = Math.random() * 2 * Math.PI;
      const d = origin ? 60 + Math.random() * 40 : 40 * Math.random();
      G.nodes.set(n.id, Object.assign({}, n, { x: a[0] + d * Math.cos(t), y: a[1] + d * Math.sin(t), fresh: true }));
    }
    for (const e of graph.edges || []) G.edges.set(e.id, e);
  }

  // Each kind pulls its nodes toward its own place on a ring: clusters by kind.
  function anchor(kind, w, h) {
    const kinds = [...new Set([...G.nodes.values()].map((n) => n.kind).concat(kind ? [kind] : []))].sort();
    const i = Math.max(0, kinds.indexOf(kind));
    const t = (i / Math.max(kinds.length, 1)) * 2 * Math.PI - Math.PI / 2;
    const r = Math.min(w, h) * (kinds.length > 1 ? 0.28 : 0);
    return [w / 2 + r * Math.cos(t), h / 2 + r * Math.sin(t)];
  }

  // A force layout (repulsion, springs along relations, a pull toward the
  // kind's place), then labels pushed apart where they overlap.
  function layout(iterations, onlyFresh) {
    const ns = [...G.nodes.values()].filter(visible);
    if (!ns.length) return;
    const { w, h } = size();
    const k = Math.max(60, Math.min(170, Math.sqrt((w * h) / ns.length) * 0.62));
    const index = new Map(ns.map((n, i) => [n.id, i]));
    const links = [...G.edges.values()].filter((e) => index.has(e.from) && index.has(e.to));
    const anchors = ns.map((n) => anchor(n.kind, w, h));
    let temp = onlyFresh ? k : Math.max(w, h) / 6;
    const dx = new Float64Array(ns.length), dy = new Float64Array(ns.length);
    const cutoff = 16 * k * k; // repulsion reaches four ideal lengths
    for (let it = 0; it < iterations; it++) {
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < ns.length; i++) {
        for (let j = i + 1; j < ns.length; j++) {
          let x = ns[i].x - ns[j].x, y = ns[i].y - ns[j].y;
          let d2 = x * x + y * y;
          if (d2 > cutoff) continue;
          if (d2 < 0.01) { x = Math.random() - 0.5; y = Math.random() - 0.5; d2 = 0.5; }
          const f = (k * k) / d2;
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      for (const e of links) {
        const i = index.get(e.from), j = index.get(e.to);
        const x = ns[i].x - ns[j].x, y = ns[i].y - ns[j].y;
        const d = Math.sqrt(x * x + y * y) || 0.1;
        const f = d / k;
        dx[i] -= x * f; dy[i] -= y * f; dx[j] += x * f; dy[j] += y * f;
      }
      for (let i = 0; i < ns.length; i++) {
        dx[i] += (anchors[i][0] - ns[i].x) * 0.12;
        dy[i] += (anchors[i][1] - ns[i].y) * 0.12;
        if (onlyFresh && !ns[i].fresh) continue;
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        const step = Math.min(d, temp);
        ns[i].x += (dx[i] / d) * step;
        ns[i].y += (dy[i] / d) * step;
      }
      temp = Math.max(temp * 0.95, 1);
    }
    separateLabels(ns);
    for (const n of ns) n.fresh = false;
  }

  function labelBox(n) {
    const r = radius(n);
    const wdt = Math.max(2 * r, shortName(n.name).length * 7.1);
    return { x0: n.x - wdt / 2, x1: n.x + wdt / 2, y0: n.y - r, y1: n.y + r + 17 };
  }

  function separateLabels(ns) {
    for (let pass = 0; pass < 60; pass++) {
      let moved = false;
      for (let i = 0; i < ns.length; i++) {
        for (let j = i + 1; j < ns.length; j++) {
          const a = labelBox(ns[i]), b = labelBox(ns[j]);
          const ox = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
          const oy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
          if (ox > 0 && oy > 0) {
            moved = true;
            if (oy < ox) {
              const s = (ns[i].y < ns[j].y ? -1 : 1) * (oy / 2 + 1);
              ns[i].y += s; ns[j].y -= s;
            } else {
              const s = (ns[i].x < ns[j].x ? -1 : 1) * (ox / 2 + 1);
              ns[i].x += s; ns[j].x -= s;
            }
          }
        }
      }
      if (!moved) break;
    }
  }

  function applyView() {
    world.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.k + ')');
  }

  function fit(maxScale, everything) {
    const ns = [...G.nodes.values()].filter(visible);
    if (!ns.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const n of ns) {
      const b = labelBox(n);
      x0 = Math.min(x0, b.x0); y0 = Math.min(y0, b.y0); x1 = Math.max(x1, b.x1); y1 = Math.max(y1, b.y1);
    }
    const { w, h } = size();
    // room for the hint above and the legend below
    const pad = 24, top = 34, bottom = 52;
    view.k = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1), (h - top - bottom) / Math.max(y1 - y0, 1), maxScale || 1.5);
    // a drawn screen keeps its 12.5 px labels readable, at least 10.6 px on screen,
    // and lets the farthest nodes go past the edge; the fit button shows everything
    // however small
    if (!everything) view.k = Math.max(view.k, 0.85);
    view.x = w / 2 - ((x0 + x1) / 2) * view.k;
    view.y = top + (h - top - bottom) / 2 - ((y0 + y1) / 2) * view.k;
    applyView();
  }

  function draw() {
    world.replaceChildren();
    defs.replaceChildren();
    const kinds = new Set([...G.edges.values()].map((e) => e.kind));
    for (const kind of kinds) {
      const m = sv('marker', { id: 'arrow-' + kind.replace(/[^a-zA-Z0-9_-]/g, '_'), viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
      m.append(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: relColor(kind) }));
      defs.append(m);
    }
    const edges = sv('g', { class: 'edges' });
    const nodes = sv('g', { class: 'nodes' });
    world.append(edges, nodes);
    const focus = G.selected && neighbourhood(G.selected);
    for (const e of G.edges.values()) {
      const a = G.nodes.get(e.from), b = G.nodes.get(e.to);
      if (!a || !b || !visible(a) || !visible(b)) continue;
      const x = b.x - a.x, y = b.y - a.y, d = Math.sqrt(x * x + y * y) || 1;
      const ra = radius(a) + 1, rb = radius(b) + 3;
      const p = [a.x + (x / d) * ra, a.y + (y / d) * ra, b.x - (x / d) * rb, b.y - (y / d) * rb];
      const g = sv('g', { class: 'edge' + (G.selectedEdge === e.id ? ' selected' : '') + (focus && !(focus.has(e.from) && focus.has(e.to)) ? ' dim' : ''), 'data-edge': e.id });
      const title = sv('title');
      title.textContent = (a.name + ' ' + e.kind + ' ' + b.name + ' (' + e.evidence + ' sentence' + (e.evidence === 1 ? '' : 's') + ')');
      g.append(title);
      g.append(sv('line', { class: 'hit', x1: p[0], y1: p[1], x2: p[2], y2: p[3] }));
      g.append(sv('line', { class: 'line', x1: p[0], y1: p[1], x2: p[2], y2: p[3], stroke: relColor(e.kind), 'stroke-width': (1.2 + Math.log2(1 + e.evidence) * 0.7).toFixed(2), 'marker-end': 'url(#arrow-' + e.kind.replace(/[^a-zA-Z0-9_-]/g, '_') + ')' }));
      g.addEventListener('click', (ev) => { ev.stopPropagation(); selectEdge(e.id); });
      edges.append(g);
    }
    for (const n of G.nodes.values()) {
      if (!visible(n)) continue;
      const st = kindStyle(n.kind);
      const g = sv('g', { class: 'node' + (G.selected === n.id ? ' selected' : '') + (focus && !focus.has(n.id) ? ' dim' : ''), 'data-id': n.id, transform: 'translate(' + n.x.toFixed(1) + ',' + n.y.toFixed(1) + ')' });
      const title = sv('title');
      title.textContent = n.name + ' (' + n.kind + '; ' + n.documents + ' documents' + (n.sectors && n.sectors.length ? '; sectors: ' + n.sectors.join(', ') : '') + ')';
      g.append(title);
      const r = radius(n);
      g.append(sv('circle', { r: r.toFixed(1), fill: st.fill, stroke: st.color }));
      const t = sv('text', { 'text-anchor': 'middle', y: (r + 14).toFixed(1), class: 'label' });
      t.textContent = shortName(n.name);
      g.append(t);
      if (n.sectors && n.sectors.length) {
        const b = sv('text', { class: 'badge', x: (r + 2).toFixed(1), y: (-r + 4).toFixed(1) });
        b.textContent = '+' + n.sectors.length;
        g.append(b);
      }
      g.addEventListener('click', (ev) => { ev.stopPropagation(); select(n.id, true); });
      nodes.append(g);
    }
    svg.setAttribute('aria-label', 'graph: ' + G.nodes.size + ' entities, ' + G.edges.size + ' relations drawn');
  }

  function neighbourhood(id) {
    const s = new Set([id]);
    for (const e of G.edges.values()) {
      if (e.from === id) s.add(e.to);
      if (e.to === id) s.add(e.from);
    }
    return s;
  }

  function drawLegend() {
    const box = $('legend');
    box.replaceChildren();
    const present = new Set([...G.nodes.values()].map((n) => n.kind));
    for (const k of legend.kinds) {
      if (!present.has(k.name) && !G.hidden.has(k.name)) continue;
      const cb = el('input', { type: 'checkbox', checked: !G.hidden.has(k.name) });
      cb.addEventListener('change', () => {
        if (cb.checked) G.hidden.delete(k.name); else G.hidden.add(k.name);
        draw();
      });
      const dot = el('span', { class: 'dot' });
      dot.style.background = k.fill; dot.style.borderColor = k.color;
      box.append(el('label', { title: 'show or hide ' + k.name + ' nodes' }, cb, dot, k.name));
    }
  }

  // pan and zoom
  let drag = null;
  svg.addEventListener('mousedown', (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    svg.classList.add('dragging');
  });
  window.addEventListener('mousemove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.x = drag.vx + dx; view.y = drag.vy + dy;
    applyView();
  });
  window.addEventListener('mouseup', () => { drag = null; svg.classList.remove('dragging'); });
  svg.addEventListener('click', () => {
    if (drag && drag.moved) return;
  });
  function zoomAt(f, cx, cy) {
    const k = Math.min(6, Math.max(0.1, view.k * f));
    view.x = cx - ((cx - view.x) * k) / view.k;
    view.y = cy - ((cy - view.y) * k) / view.k;
    view.k = k;
    applyView();
  }
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  $('zoom-in').addEventListener('click', () => { const { w, h } = size(); zoomAt(1.25, w / 2, h / 2); });
  $('zoom-out').addEventListener('click', () => { const { w, h } = size(); zoomAt(0.8, w / 2, h / 2); });
  $('zoom-fit').addEventListener('click', () => fit(undefined, true));

  // ---- panels ----

  function tab(name) {
    for (const b of document.querySelectorAll('.tabs button')) {
      b.setAttribute('aria-selected', String(b.dataset.tab === name));
    }
    for (const p of document.querySelectorAll('.panel')) p.hidden = p.id !== 'tab-' + name;
  }
  for (const b of document.querySelectorAll('.tabs button')) b.addEventListener('click', () => tab(b.dataset.tab));

  function chip(kind) {
    const st = kindStyle(kind);
    const c = el('span', { class: 'chip', text: kind });
    c.style.background = st.fill; c.style.borderColor = st.color;
    return c;
  }
  function entityLink(b) {
    return el('button', { class: 'link', text: b.name, title: b.id, onclick: () => select(b.id, true) });
  }
  function errorBox(err) {
    const box = el('div', { class: 'error', role: 'alert' }, (err.kind ? err.kind + ': ' : '') + (err.message || String(err)) +
      (err.line ? ' (line ' + err.line + ', column ' + err.column + ')' : ''));
    if (err.snippet) box.append(el('pre', { text: err.snippet }));
    return box;
  }

  async function select(id, expand) {
    G.selected = id; G.selectedEdge = null;
    draw();
    tab('details');
    const panel = $('tab-details');
    panel.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
    try {
      const [d, nb] = await Promise.all([api.entity(id), expand ? api.neighbours(id) : null]);
      if (nb) {
        merge(nb, id);
        layout(160, true);
        draw(); drawLegend();
        fit(1.3);
      }
      showEntity(d);
    } catch (err) {
      panel.replaceChildren(errorBox(err));
    }
  }

  function showEntity(d) {
    const panel = $('tab-details');
    const node = G.nodes.get(d.id);
    const parts = [el('h2', { id: 'entity-name', text: d.name }), el('div', { class: 'row' }, chip(d.kind),
      el('span', { class: 'muted', text: d.mentions + ' mentions in ' + d.documents + ' documents' + (d.confidence != null ? ' · confidence ' + d.confidence : '') }))];
    const kv = el('div', { class: 'kv' });
    if (d.aliases.length) kv.append(el('span', { class: 'muted', text: 'aliases' }), el('span', { text: d.aliases.join(', ') }));
    if (d.tickers.length) kv.append(el('span', { class: 'muted', text: 'tickers' }), el('span', { text: d.tickers.join(', ') }));
    if (node && node.sectors && node.sectors.length) kv.append(el('span', { class: 'muted', text: 'sectors' }), el('span', { text: node.sectors.join(', ') }));
    kv.append(el('span', { class: 'muted', text: 'id' }), el('span', { text: d.id }));
    parts.push(kv);
    if (api.served) {
      const asks = el('div', { class: 'row' });
      for (const [q, label] of [['who-forecasts', 'Who forecasts it'], ['ratings', 'Ratings'], ['metrics', 'Metrics'], ['outperforms', 'Outperforms']]) {
        asks.append(el('button', { class: 'act alt', text: label, onclick: () => runAsk(q, d.id) }));
      }
      parts.push(asks);
    }
    parts.push(el('h3', { text: 'Ratings and targets' }));
    if (d.ratings.length) {
      const t = el('table', { class: 'ratings' }, el('tr', {}, ['source', 'rating', 'target', 'date', ''].map((h) => el('th', { text: h }))));
      for (const r of d.ratings) {
        t.append(el('tr', {}, el('td', {}, entityLink(r.source)), el('td', { text: r.rating || '' }),
          el('td', { text: (r.target || '') + (r.unit ? ' ' + r.unit : '') }), el('td', { text: r.date || '' }),
          el('td', {}, el('button', { class: 'link', text: 'why', onclick: () => selectEdge(r.edge) }))));
      }
      parts.push(t);
    } else {
      parts.push(el('p', { class: 'muted', text: 'No rating or target in the graph.' }));
    }
    // The brokers' targets over time: the SVG of `finkg chart targets`, drawn by the server.
    if (d.chart) {
      parts.push(el('h3', { text: 'Targets over time' }));
      // an image of the server's SVG: no markup goes into the page
      parts.push(el('img', { id: 'target-chart', class: 'chart', alt: 'broker targets over time', 'data-entity': d.id,
        src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(d.chart) }));
    }
    for (const [title, list, total] of [['Relations from it', d.outgoing, d.totals[0]], ['Relations to it', d.incoming, d.totals[1]]]) {
      parts.push(el('h3', { text: title + ' (' + total + ')' }));
      const ul = el('ul', {});
      for (const l of list) {
        ul.append(el('li', {}, el('span', { class: 'muted', text: l.kind + ' ' }), entityLink(l.other), ' ',
          el('button', { class: 'link meta', text: '(' + l.evidence + ' sentence' + (l.evidence === 1 ? '' : 's') + ')', onclick: () => selectEdge(l.edge) })));
      }
      if (total > list.length) ul.append(el('li', { class: 'muted', text: '… and ' + (total - list.length) + ' more' }));
      parts.push(ul);
    }
    parts.push(el('h3', { text: 'Metrics (' + d.metrics.length + ')' }));
    if (d.metrics.length) {
      const t = el('table', {}, el('tr', {}, ['metric', 'value', 'period', ''].map((h) => el('th', { text: h }))));
      for (const m of d.metrics) {
        t.append(el('tr', {}, el('td', { text: m.label }), el('td', { text: m.text }), el('td', { text: m.period || '' }),
          el('td', {}, el('button', { class: 'link', text: 'why', onclick: () => selectEdge(m.edge) }))));
      }
      parts.push(t);
    }
    panel.replaceChildren(...parts);
  }

  async function selectEdge(n) {
    G.selectedEdge = n;
    draw();
    tab('details');
    const panel = $('tab-details');
    try {
      const d = await api.edge(n);
      const parts = [el('h2', {}, entityLink(d.from), ' ', el('span', { class: 'muted', text: d.kind }), ' ', entityLink(d.to))];
      const attrs = Object.entries(d.attrs);
      if (attrs.length) {
        const kv = el('div', { class: 'kv' });
        for (const [k, v] of attrs) kv.append(el('span', { class: 'muted', text: k }), el('span', { text: v }));
        parts.push(kv);
      }
      parts.push(el('h3', { text: 'Evidence (' + d.evidence.length + ')' + (d.confidence != null ? ' · confidence ' + d.confidence : '') }));
      const ul = el('ul', { id: 'evidence' });
      for (const x of d.evidence) {
        const doc = x.doc;
        ul.append(el('li', {}, el('blockquote', { text: x.sentence }),
          el('div', { class: 'meta' }, (doc.title || doc.name || doc.id) + (doc.date ? ', ' + doc.date : '') + (doc.publisher ? ', ' + doc.publisher : '') +
            ' · ' + (doc.name || doc.id) + ', bytes ' + x.start + '–' + x.end + ' · rule ' + x.rule)));
      }
      parts.push(ul);
      panel.replaceChildren(...parts);
    } catch (err) {
      panel.replaceChildren(errorBox(err));
    }
  }

  // ---- search ----

  const search = $('search'), results = $('results');
  let searchSeq = 0, picked = -1, hits = [];
  async function runSearch() {
    const q = search.value;
    const seq = ++searchSeq;
    if (!q.trim()) { results.hidden = true; return; }
    let found = [];
    try { found = await api.search(q); } catch (_) { found = []; }
    if (seq !== searchSeq) return;
    hits = found; picked = found.length ? 0 : -1;
    results.replaceChildren(...found.map((h, i) => el('li', { role: 'option', 'aria-selected': String(i === picked), onmousedown: (ev) => { ev.preventDefault(); choose(i); } },
      chip(h.kind), el('span', { text: h.name }), el('span', { class: 'why', text: h.matched || '' }))));
    if (!found.length) results.replaceChildren(el('li', { class: 'muted', text: 'nothing matches' }));
    results.hidden = false;
  }
  function choose(i) {
    const h = hits[i];
    if (!h) return;
    results.hidden = true;
    search.value = h.name;
    select(h.id, true);
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!hits.length) return;
      picked = (picked + (ev.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      [...results.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === picked)));
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      choose(Math.max(picked, 0));
    } else if (ev.key === 'Escape') {
      results.hidden = true;
    }
  });
  search.addEventListener('blur', () => setTimeout(() => { results.hidden = true; }, 150));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && document.activeElement !== search && !/TEXTAREA|INPUT/.test(document.activeElement.tagName)) {
      ev.preventDefault(); search.focus();
    }
  });

  // ---- Cypher, explain, questions (served only) ----

  let lastRows = null;
  function table(columns, rows) {
    const shown = rows.slice(0, 500);
    const t = el('table', { id: 'result-table' }, el('tr', {}, columns.map((c) => el('th', { text: c }))));
    for (const r of shown) t.append(el('tr', {}, r.map((v) => el('td', { text: cell(v) }))));
    return t;
  }
  function cell(v) {
    if (v === null || v === undefined) return 'null';
    if (typeof v !== 'object') return String(v);
    if (Array.isArray(v)) return '[' + v.map(cell).join(', ') + ']';
    if (v._label !== undefined) return '(' + (v.name || v.label || v.id) + ')';
    if (v._type !== undefined) return '(' + v._from + ')-[:' + v._type + ']->(' + v._to + ')';
    return JSON.stringify(v);
  }
  function showResult(r) {
    lastRows = r;
    const out = $('query-out');
    const note = r.rows.length > 500 ? ' (the first 500 shown)' : '';
    out.replaceChildren(el('p', { class: 'muted', id: 'query-status', text: (r.row_count !== undefined ? r.row_count : r.rows.length) + ' rows in ' + r.elapsed_ms.toFixed(1) + ' ms' + note }), table(r.columns, r.rows));
    $('show-in-graph').disabled = !r.rows.length;
  }
  async function runQuery() {
    const q = $('cypher').value;
    const out = $('query-out');
    out.replaceChildren(el('p', { class: 'muted', text: 'Running…' }));
    try { showResult(await api.query(q)); } catch (err) { lastRows = null; out.replaceChildren(errorBox(err)); }
  }
  async function runExplain() {
    const out = $('explain-out');
    try {
      const r = await api.explain($('cypher').value);
      out.replaceChildren(el('h3', { text: 'Plan' }), el('div', { class: 'plan', id: 'plan', text: r.plan.join('\n') }));
    } catch (err) { out.replaceChildren(errorBox(err)); }
  }
  async function showInGraph() {
    if (!lastRows) return;
    const ids = [], names = [];
    const walk = (v) => {
      if (v === null || v === undefined) return;
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (typeof v === 'object') {
        if (v._label !== undefined && v.id) ids.push(v.id);
        if (v._type !== undefined) { ids.push(v._from, v._to); }
        return;
      }
      if (typeof v === 'string') names.push(v);
    };
    lastRows.rows.slice(0, 2000).forEach((r) => r.forEach(walk));
    try {
      const sub = await api.subgraph([...new Set(ids)], [...new Set(names)].slice(0, 2000));
      if (!sub.nodes.length) { $('query-out').prepend(el('p', { class: 'error', text: 'No entity of the result is in the graph.' })); return; }
      G.nodes.clear(); G.edges.clear(); G.selected = null;
      merge(sub, null);
      layout(300, false);
      draw(); drawLegend(); fit(1.3);
    } catch (err) { $('query-out').prepend(errorBox(err)); }
  }
  async function runAsk(name, entity) {
    tab('query');
    const out = $('query-out');
    out.replaceChildren(el('p', { class: 'muted', text: 'Asking…' }));
    try {
      const r = await api.ask(name, entity);
      $('cypher').value = r.cypher.replace(/\$id/g, JSON.stringify(entity || ''));
      showResult(r);
    } catch (err) { lastRows = null; out.replaceChildren(errorBox(err)); }
  }
  async function setupQuestions() {
    const panel = $('tab-questions');
    let list = [];
    try { list = await api.questions(); } catch (err) { panel.replaceChildren(errorBox(err)); return; }
    const ul = el('ul', { class: 'questions' });
    for (const q of list) {
      ul.append(el('li', {}, el('span', {}, q.about + (q.entity ? ' (the selected entity)' : '')),
        el('button', { class: 'act alt', text: 'Ask', 'data-question': q.name, onclick: () => {
          if (q.entity && !G.selected) { panel.prepend(el('p', { class: 'error', text: 'Select an entity first: click a node or search.' })); return; }
          runAsk(q.name, q.entity ? G.selected : null);
        } })));
    }
    panel.replaceChildren(el('p', { class: 'muted', text: 'Ready-made questions; each is a Cypher query.' }), ul);
  }

  if (api.served) {
    $('run').addEventListener('click', runQuery);
    $('explain').addEventListener('click', runExplain);
    $('show-in-graph').addEventListener('click', showInGraph);
    $('cypher').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); runQuery(); }
    });
    setupQuestions();
  } else {
    for (const t of ['query', 'questions']) {
      document.querySelector('.tabs button[data-tab="' + t + '"]').hidden = true;
    }
  }

  // ---- start ----

  async function start() {
    try {
      const o = await api.overview();
      legend = o.legend;
      const s = o.stats;
      $('stats').textContent = s.entities + ' entities · ' + s.relations + ' relations · ' + s.documents + ' documents';
      merge(o, null);
      layout(o.nodes.length > 120 ? 120 : 300, false);
      draw(); drawLegend(); fit();
      document.body.dataset.ready = 'true';
    } catch (err) {
      $('tab-details').replaceChildren(errorBox(err));
      document.body.dataset.ready = 'error';
    }
  }
  window.addEventListener('resize', () => fit());
  start();
})();
