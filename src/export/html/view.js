// finkg view: the page's script. It reads the graph from the JSON block
// `finkg-data`, indexes it once, and then answers each search, click and
// filter with work proportional to what it touches (the matches, the
// neighbourhood of the selection), never by walking the drawing. Names and
// sentences only ever become text nodes: nothing from the graph is parsed as
// HTML.
'use strict';
(() => {
  const started = performance.now();
  const SVGNS = 'http://www.w3.org/2000/svg';
  const data = JSON.parse(document.getElementById('finkg-data').textContent);
  const G = data.graph;
  const byId = (id) => document.getElementById(id);
  const svg = byId('graph');
  const canvas = byId('canvas');
  const details = byId('details');
  const input = byId('search');
  const results = byId('results');

  // ---- building elements: text only, never markup ----
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'on') for (const [ev, f] of Object.entries(v)) el.addEventListener(ev, f);
      else if (k === 'css') Object.assign(el.style, v);
      else el.setAttribute(k, String(v));
    }
    return fill(el, kids, false);
  }
  // Put `kids` (nodes, strings, nested arrays; null and false skipped) in
  // `el`, replacing what it held when `replace` is set.
  function fill(el, kids, replace = true) {
    if (replace) el.replaceChildren();
    for (const kid of [kids].flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + 's'}`;

  // ---- indexes, built once ----
  const kinds = data.kinds;
  const relKinds = data.relations;
  const kindIx = new Map(kinds.map((k, i) => [k.name, i]));
  const relIx = new Map(relKinds.map((r, i) => [r.name, i]));
  const ents = G.entities;
  const rels = G.relations;
  const metrics = G.metrics;
  const entIx = new Map(ents.map((e, i) => [e.id, i]));
  const docs = new Map(G.documents.map((d) => [d.id, d]));
  const outRel = ents.map(() => []);
  const inRel = ents.map(() => []);
  const metricsOf = ents.map(() => []);
  const entKind = ents.map((e) => kindIx.get(e.kind));
  rels.forEach((r, j) => {
    r.s = entIx.get(r.subject);
    r.o = entIx.get(r.object);
    r.k = relIx.get(r.relation);
    outRel[r.s].push(j);
    inRel[r.o].push(j);
  });
  metrics.forEach((m, i) => {
    m.e = entIx.get(m.entity);
    metricsOf[m.e].push(i);
  });
  const degree = ents.map((_, i) => outRel[i].length + inRel[i].length);
  const haystacks = ents.map((e) =>
    [e.name, ...e.aliases, ...e.tickers].map((s) => s.toLowerCase())
  );
  const kindCount = kinds.map(() => 0);
  entKind.forEach((k) => kindCount[k]++);
  const relCount = relKinds.map(() => 0);
  rels.forEach((r) => relCount[r.k]++);

  // ---- filters: one class on the drawing per hidden kind; CSS does the rest ----
  const hiddenKinds = new Set();
  const hiddenRels = new Set();
  const sheet = document.styleSheets[0];
  kinds.forEach((_, i) =>
    sheet.insertRule(
      `#canvas.hk${i} .k${i}, #canvas.hk${i} .s${i}, #canvas.hk${i} .t${i} { display: none; }`,
      sheet.cssRules.length
    )
  );
  relKinds.forEach((_, i) =>
    sheet.insertRule(`#canvas.hq${i} .q${i} { display: none; }`, sheet.cssRules.length)
  );
  const entityShown = (i) => !hiddenKinds.has(entKind[i]);
  const relationShown = (j) =>
    !hiddenRels.has(rels[j].k) && entityShown(rels[j].s) && entityShown(rels[j].o);

  function kindChip(k) {
    const style = kinds[k] || {};
    return h(
      'span',
      { class: 'chip', css: { background: style.fill || '#eee', borderColor: style.color || '#888' } },
      style.name
    );
  }
  function relChip(k) {
    const style = relKinds[k] || {};
    return h('span', { class: 'rchip', css: { color: style.color || '#444', borderColor: style.color || '#888' } }, style.name);
  }

  function renderFilters() {
    const box = byId('filters');
    const kindList = h('div', { class: 'checks' });
    kinds.forEach((k, i) => {
      if (!kindCount[i]) return;
      const cb = h('input', { type: 'checkbox', checked: true, 'data-kind': k.name });
      cb.addEventListener('change', () => {
        if (cb.checked) hiddenKinds.delete(i);
        else hiddenKinds.add(i);
        canvas.classList.toggle(`hk${i}`, !cb.checked);
        refresh();
      });
      kindList.append(
        h('label', { title: k.description || null }, cb, kindChip(i), h('span', { class: 'count' }, kindCount[i]))
      );
    });
    const relList = h('div', { class: 'checks' });
    relKinds.forEach((r, i) => {
      if (!relCount[i]) return;
      const cb = h('input', { type: 'checkbox', checked: true, 'data-relation': r.name });
      cb.addEventListener('change', () => {
        if (cb.checked) hiddenRels.delete(i);
        else hiddenRels.add(i);
        canvas.classList.toggle(`hq${i}`, !cb.checked);
        refresh();
      });
      relList.append(
        h(
          'label',
          { title: r.description || null },
          cb,
          h('span', { class: `line ${r.style || ''}`, css: { borderColor: r.color || '#444' } }),
          h('span', { class: 'rname' }, r.name),
          h('span', { class: 'count' }, relCount[i])
        )
      );
    });
    box.replaceChildren(h('h3', null, 'Entity kinds'), kindList, h('h3', null, 'Relations'), relList);
  }

  // ---- pan and zoom: a CSS transform of the drawing, laid out once at one
  // pixel per unit, follows a centre and a scale (pixels per unit), so
  // moving it lays nothing out. The drawing is a compositor layer of its own
  // (moved without painting), made anew at the scale reached after a zoom
  // (see `redraw`). The selection is drawn in a small SVG the size of the
  // canvas above it (the overlay, its own layer), behind which a veil dims
  // the rest: a click repaints neither the drawing nor anything but the
  // neighbourhood.
  const base = svg.viewBox.baseVal;
  const full = { x: base.x, y: base.y, w: base.width, h: base.height };
  svg.setAttribute('width', full.w);
  svg.setAttribute('height', full.h);
  const veil = h('div', { id: 'veil', 'aria-hidden': 'true' });
  const overlay = document.createElementNS(SVGNS, 'svg');
  overlay.setAttribute('id', 'overlay');
  overlay.setAttribute('aria-hidden', 'true');
  const layer = document.createElementNS(SVGNS, 'g');
  layer.setAttribute('id', 'highlight');
  overlay.append(layer);
  svg.after(veil, overlay);
  const root = svg.querySelector('g.graph');
  const rootMatrix = (() => {
    const t = root && root.transform.baseVal.consolidate();
    return t ? t.matrix : { a: 1, d: 1, e: 0, f: 0 };
  })();
  const view = { cx: full.x + full.w / 2, cy: full.y + full.h / 2, scale: 1 };
  let size = { w: 1, h: 1 };
  let frame = 0;
  function measure() {
    const r = canvas.getBoundingClientRect();
    size = { w: Math.max(r.width, 1), h: Math.max(r.height, 1) };
  }
  function fitScale(box, pad) {
    return Math.min(size.w / (box.w + 2 * pad), size.h / (box.h + 2 * pad));
  }
  const minScale = () => Math.min(fitScale(full, 0) * 0.5, 0.05);
  const maxScale = 8;
  // Labels too small to read are not drawn (most of the cost of drawing a
  // large graph): edge labels below half size, all labels below 0.3.
  const lod = { far: null, farEdges: null };
  function apply() {
    frame = 0;
    const s = view.scale;
    if (lod.far !== s < 0.3) canvas.classList.toggle('far', (lod.far = s < 0.3));
    if (lod.farEdges !== s < 0.5) canvas.classList.toggle('far-edges', (lod.farEdges = s < 0.5));
    const tx = size.w / 2 - (view.cx - full.x) * s;
    const ty = size.h / 2 - (view.cy - full.y) * s;
    svg.style.transform = `translate(${tx}px, ${ty}px) scale(${s})`;
    const m = rootMatrix;
    layer.setAttribute('transform', `translate(${tx - full.x * s} ${ty - full.y * s}) scale(${s}) matrix(${m.a} 0 0 ${m.d} ${m.e} ${m.f})`);
  }
  let still = 0;
  let rastered = 0;
  // The drawing is a layer of its own, drawn at the scale it had when it
  // became one. Making it a layer anew draws it at the scale of now: at once
  // when the view zooms far out (else the browser would draw all of it at
  // the old, larger scale), otherwise once the zoom has been still a while,
  // so it ends sharp.
  function redraw() {
    clearTimeout(still);
    rastered = view.scale;
    canvas.classList.add('redraw');
    requestAnimationFrame(() => requestAnimationFrame(() => canvas.classList.remove('redraw')));
  }
  function rescaled() {
    if (view.scale < rastered / 2) return redraw();
    clearTimeout(still);
    still = setTimeout(() => {
      if (Math.abs(Math.log(view.scale / rastered)) >= 0.01) redraw();
    }, 250);
  }
  function schedule() {
    if (!frame) frame = requestAnimationFrame(apply);
  }
  function setView(cx, cy, scale) {
    scale = Math.min(maxScale, Math.max(minScale(), scale));
    const changed = scale !== view.scale;
    view.scale = scale;
    view.cx = cx;
    view.cy = cy;
    if (changed) rescaled();
    schedule();
  }
  function fitBox(box, pad, most) {
    const s = Math.min(fitScale(box, pad), most || maxScale);
    setView(box.x + box.w / 2, box.y + box.h / 2, s);
  }
  function zoomAt(px, py, factor) {
    const ux = view.cx + (px - size.w / 2) / view.scale;
    const uy = view.cy + (py - size.h / 2) / view.scale;
    const s = Math.min(maxScale, Math.max(minScale(), view.scale * factor));
    setView(ux - (px - size.w / 2) / s, uy - (py - size.h / 2) / s, s);
  }
  // The box of a drawn element, in viewBox units.
  function boxOf(el) {
    const b = el.getBBox();
    const m = rootMatrix;
    return { x: b.x * m.a + m.e, y: b.y * m.d + m.f, w: b.width * m.a, h: b.height * m.d };
  }
  function union(boxes) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const b of boxes) {
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    }
    return x0 === Infinity ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  canvas.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const r = canvas.getBoundingClientRect();
      const dy = ev.deltaY * (ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? size.h : 1);
      zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-dy * 0.0015));
    },
    { passive: false }
  );
  let drag = null;
  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0 || ev.target.closest('.zoom')) return;
    drag = {
      id: ev.pointerId,
      x: ev.clientX,
      y: ev.clientY,
      cx: view.cx,
      cy: view.cy,
      moved: false,
      target: ev.target.closest ? ev.target.closest('g.node, g.edge') : null,
    };
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      canvas.setPointerCapture(ev.pointerId);
      canvas.classList.add('dragging');
    }
    if (drag.moved) setView(drag.cx - dx / view.scale, drag.cy - dy / view.scale, view.scale);
  });
  const endDrag = (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const d = drag;
    drag = null;
    canvas.classList.remove('dragging');
    if (!d.moved && ev.type === 'pointerup') activate(d.target);
  };
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  byId('zoom-in').addEventListener('click', () => zoomAt(size.w / 2, size.h / 2, 1.5));
  byId('zoom-out').addEventListener('click', () => zoomAt(size.w / 2, size.h / 2, 1 / 1.5));
  byId('zoom-fit').addEventListener('click', () => fitBox(full, 10));
  window.addEventListener('resize', () => {
    measure();
    schedule();
  });

  // ---- selection: clones of the neighbourhood drawn in the overlay, above the veil ----
  let selection = null;

  function highlight(edgeIds, nodeIds, focus) {
    layer.replaceChildren();
    for (const id of [...edgeIds, ...nodeIds]) {
      const el = byId(id);
      if (!el) continue;
      const c = el.cloneNode(true);
      c.removeAttribute('id');
      c.setAttribute('data-ref', id);
      if (id === focus) c.classList.add('focus');
      layer.append(c);
    }
    veil.classList.add('on');
  }
  function unhighlight() {
    layer.replaceChildren();
    veil.classList.remove('on');
  }

  function activate(target) {
    if (!target) return select(null);
    const ref = target.getAttribute('data-ref') || target.id;
    const n = Number(ref.slice(1));
    switch (ref[0]) {
      case 'n': return select({ type: 'entity', i: n });
      case 'e': return select({ type: 'relation', j: n });
      case 'm':
      case 'h': return select({ type: 'metric', m: n });
      default: return select(null);
    }
  }

  // Select an entity, relation or metric (null clears); `zoom` brings it into view.
  function select(sel, zoom) {
    selection = sel;
    if (!sel) {
      unhighlight();
      showIntro();
      if (location.hash) history.replaceState(null, '', location.pathname + location.search);
      return;
    }
    let edgeIds = [];
    let nodeIds = [];
    let focus;
    if (sel.type === 'entity') {
      const i = sel.i;
      focus = `n${i}`;
      nodeIds.push(focus);
      for (const j of [...outRel[i], ...inRel[i]]) {
        if (!relationShown(j)) continue;
        edgeIds.push(`e${j}`);
        nodeIds.push(`n${rels[j].s === i ? rels[j].o : rels[j].s}`);
      }
      if (data.drawn_metrics) {
        for (const m of metricsOf[i]) {
          edgeIds.push(`h${m}`);
          nodeIds.push(`m${m}`);
        }
      }
      showEntity(i);
      setHash(ents[i].id);
    } else if (sel.type === 'relation') {
      const r = rels[sel.j];
      focus = `e${sel.j}`;
      edgeIds = [focus];
      nodeIds = [`n${r.s}`, `n${r.o}`];
      showRelation(sel.j);
      setHash(`${r.subject} ${r.relation} ${r.object}`);
    } else {
      const m = metrics[sel.m];
      focus = `m${sel.m}`;
      edgeIds = [`h${sel.m}`];
      nodeIds = [`n${m.e}`, focus];
      showMetric(sel.m);
      setHash(m.id);
    }
    highlight(edgeIds, nodeIds, focus);
    if (zoom) {
      const boxes = [];
      for (const id of [...nodeIds]) {
        const el = byId(id);
        if (el) boxes.push(boxOf(el));
      }
      const box = union(boxes);
      const own = byId(focus);
      if (box) {
        // The whole neighbourhood when it reads at that size, else the selection itself.
        if (fitScale(box, 30) >= 0.6 || !own) fitBox(box, 30, 1.6);
        else {
          const b = boxOf(own);
          setView(b.x + b.w / 2, b.y + b.h / 2, 1);
        }
      }
    }
  }

  function setHash(key) {
    history.replaceState(null, '', '#' + encodeURIComponent(key));
  }

  function refresh() {
    if (selection) select(selection, false);
    if (!results.hidden) renderResults();
  }

  // ---- the details panel ----
  function entityButton(i) {
    return h(
      'button',
      { type: 'button', class: 'link ent', title: `${ents[i].name} (${ents[i].kind})`, on: { click: () => select({ type: 'entity', i }, true) } },
      ents[i].name
    );
  }
  function relationButton(j) {
    const r = rels[j];
    return h(
      'button',
      {
        type: 'button',
        class: 'link relname',
        title: 'show this relation and all its evidence',
        css: { color: (relKinds[r.k] || {}).color || '#444' },
        on: { click: () => select({ type: 'relation', j }, true) },
      },
      r.relation
    );
  }
  function docLine(ev) {
    const d = docs.get(ev.doc);
    const parts = [];
    if (d && d.title && d.title !== d.name) parts.push(d.title);
    if (d && d.date) parts.push(d.date);
    if (d && d.publisher) parts.push(d.publisher);
    return h(
      'div',
      { class: 'src' },
      h('span', { class: 'doc', title: d ? d.path : ev.doc }, d ? d.name : ev.doc),
      parts.length ? ` — ${parts.join(' · ')}` : '',
      h('span', { class: 'rule' }, ` · ${ev.rule}${ev.confidence != null ? ` (confidence ${ev.confidence})` : ''} · bytes ${ev.start}–${ev.end}`)
    );
  }
  function evidenceList(list, limit) {
    const ul = h('ul', { class: 'evidence' });
    const show = (n) => {
      ul.replaceChildren(
        ...list.slice(0, n).map((ev) => h('li', { class: 'ev' }, h('q', { class: 'sentence' }, ev.sentence), docLine(ev)))
      );
      if (n < list.length) {
        const rest = list.length - n;
        const label = n === 0 ? `show ${plural(rest, 'sentence')}` : `show ${rest} more`;
        ul.append(h('li', { class: 'more' }, h('button', { type: 'button', class: 'link', on: { click: () => show(list.length) } }, label)));
      }
    };
    show(limit === undefined ? list.length : limit);
    return ul;
  }
  function attrLine(attrs) {
    const keys = Object.keys(attrs);
    if (!keys.length) return null;
    return h('div', { class: 'attrs' }, keys.map((k) => h('span', { class: 'attr' }, h('b', null, k), ` ${attrs[k]}`)));
  }
  function documentsOf(evidence) {
    return new Set(evidence.map((e) => e.doc)).size;
  }

  function showIntro() {
    fill(details, [
      h('p', { class: 'intro' }, 'Search a name, alias or ticker above, or click a node or an edge. Drag to pan, scroll to zoom; Esc clears the selection.')
    ]);
  }

  const ROWS = 200;
  function showEntity(i) {
    const e = ents[i];
    const k = entKind[i];
    const all = [...outRel[i], ...inRel[i]];
    const shown = all.filter(relationShown);
    const groups = new Map();
    for (const j of shown) {
      const dir = rels[j].s === i ? 'out' : 'in';
      const key = `${rels[j].relation}\u0000${dir}`;
      if (!groups.has(key)) groups.set(key, { rel: rels[j].relation, k: rels[j].k, dir, list: [] });
      groups.get(key).list.push(j);
    }
    // The ontology's order (forecasts first), what others say of the entity before what it says.
    const sorted = [...groups.values()].sort((a, b) => a.k - b.k || (a.dir === b.dir ? 0 : a.dir === 'in' ? -1 : 1));
    const other = (j) => (rels[j].s === i ? rels[j].o : rels[j].s);
    const relSections = sorted.map((grp) => {
      grp.list.sort((a, b) => ents[other(a)].name.localeCompare(ents[other(b)].name));
      const rows = grp.list.slice(0, ROWS).map((j) => {
        const r = rels[j];
        const s = r.s === i ? h('span', { class: 'self' }, e.name) : entityButton(r.s);
        const o = r.o === i ? h('span', { class: 'self' }, e.name) : entityButton(r.o);
        return h(
          'div',
          { class: 'rel', 'data-relation': r.relation },
          h('div', { class: 'triple' }, s, ' ', relationButton(j), ' ', o),
          attrLine(r.attrs),
          evidenceList(r.evidence, 1)
        );
      });
      const title = grp.dir === 'in' ? `${grp.rel} ${e.name}` : `${e.name} ${grp.rel}`;
      return h(
        'section',
        { class: 'group' },
        h('h4', null, relChip(grp.k), ' ', title, h('span', { class: 'count' }, grp.list.length)),
        rows,
        grp.list.length > ROWS ? h('p', { class: 'note' }, `and ${grp.list.length - ROWS} more`) : null
      );
    });
    const mets = metricsOf[i].map((m) => metricRow(m));
    const names = [...e.aliases];
    fill(details, [
      h('div', { class: 'head' }, kindChip(k), h('h2', null, e.name)),
      h('p', { class: 'meta' }, e.id, ' · ', plural(Object.values(e.mentions).reduce((a, b) => a + b, 0), 'mention'), ' in ', plural(Object.keys(e.mentions).length, 'document'), e.confidence != null ? ` · confidence ${e.confidence}` : ''),
      names.length ? h('p', { class: 'names' }, h('b', null, 'Also '), names.join(', ')) : null,
      e.tickers.length ? h('p', { class: 'names' }, h('b', null, 'Tickers '), e.tickers.join(', ')) : null,
      h('h3', null, `Relations (${shown.length})`),
      shown.length < all.length ? h('p', { class: 'note' }, `${all.length - shown.length} more hidden by the filters`) : null,
      relSections.length ? relSections : h('p', { class: 'note' }, 'none'),
      mets.length ? [h('h3', null, `Metrics (${mets.length})`), h('div', { class: 'metrics' }, mets)] : null,
      targetChart(e.id)
    ]);
    details.scrollTop = 0;
  }

  // the brokers' targets over time (SVG drawn by finkg, as `finkg chart targets`)
  function targetChart(id) {
    const svg = data.charts && data.charts[id];
    if (!svg) return null;
    // an image of the page's own data: no markup goes into the page
    const img = h('img', { class: 'chart', alt: 'broker targets over time', src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg) });
    return [h('h3', null, 'Targets over time'), img];
  }

  function metricRow(m) {
    const x = metrics[m];
    return h(
      'div',
      { class: 'metric' },
      h(
        'div',
        { class: 'mline' },
        h('button', { type: 'button', class: 'link mlabel', on: { click: () => select({ type: 'metric', m }, true) } }, x.label),
        h('span', { class: 'mvalue' }, data.metric_values[m]),
        x.period ? h('span', { class: 'mperiod' }, x.period) : null
      ),
      evidenceList(x.evidence, 0)
    );
  }

  function showRelation(j) {
    const r = rels[j];
    const keys = Object.keys(r.attrs);
    fill(details, [
      h('div', { class: 'head' }, relChip(r.k)),
      h('h2', { class: 'triple' }, entityButton(r.s), ' ', h('span', { class: 'relname', css: { color: (relKinds[r.k] || {}).color || '#444' } }, r.relation), ' ', entityButton(r.o)),
      keys.length
        ? h('table', { class: 'attrtable' }, keys.map((k) => h('tr', null, h('th', null, k), h('td', null, r.attrs[k]))))
        : h('p', { class: 'note' }, 'no attributes'),
      h('h3', null, `Evidence: ${plural(r.evidence.length, 'sentence')} in ${plural(documentsOf(r.evidence), 'document')}${r.confidence != null ? ` · confidence ${r.confidence}` : ''}`),
      evidenceList(r.evidence)
    ]);
    details.scrollTop = 0;
  }

  function showMetric(m) {
    const x = metrics[m];
    fill(details, [
      h('div', { class: 'head' }, h('span', { class: 'chip metricchip' }, 'metric'), h('h2', null, x.label)),
      h('p', { class: 'bigvalue' }, data.metric_values[m], x.period ? ` · ${x.period}` : ''),
      h('p', { class: 'meta' }, 'of ', entityButton(x.e), ` · ${x.id}`),
      h('h3', null, `Evidence: ${plural(x.evidence.length, 'sentence')} in ${plural(documentsOf(x.evidence), 'document')}${x.confidence != null ? ` · confidence ${x.confidence}` : ''}`),
      evidenceList(x.evidence)
    ]);
    details.scrollTop = 0;
  }

  // ---- search: names, aliases and tickers, best matches first ----
  let hits = [];
  let active = -1;
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    for (let i = 0; i < ents.length; i++) {
      if (!entityShown(i)) continue;
      const hs = haystacks[i];
      let best = Infinity;
      let via = -1;
      for (let n = 0; n < hs.length; n++) {
        const s = hs[n];
        const at = s.indexOf(q);
        if (at < 0) continue;
        let rank = s === q ? 0 : at === 0 ? 2 : /[\s\-.(/&]/.test(s[at - 1]) ? 4 : 6;
        if (n > 0) rank += 1;
        if (rank < best) {
          best = rank;
          via = n;
        }
      }
      if (via >= 0) out.push({ i, rank: best, via });
    }
    out.sort((a, b) => a.rank - b.rank || degree[b.i] - degree[a.i] || (ents[a.i].name < ents[b.i].name ? -1 : 1));
    return out.slice(0, 30);
  }
  function renderResults() {
    hits = search(input.value);
    active = hits.length ? 0 : -1;
    if (!input.value.trim()) {
      results.replaceChildren();
      results.hidden = true;
      return;
    }
    results.replaceChildren(
      ...(hits.length
        ? hits.map((hit, n) => {
            const e = ents[hit.i];
            const via = hit.via > 0 ? [e.name, ...e.aliases, ...e.tickers][hit.via] : null;
            return h(
              'li',
              { role: 'option', class: n === active ? 'active' : null },
              h(
                'button',
                { type: 'button', class: 'hit', 'data-entity': e.id, on: { click: () => choose(n) } },
                kindChip(entKind[hit.i]),
                h('span', { class: 'hitname' }, e.name),
                via ? h('span', { class: 'via' }, `(${via})`) : null,
                h('span', { class: 'count' }, plural(degree[hit.i], 'relation'))
              )
            );
          })
        : [h('li', { class: 'none' }, 'no entity has that name, alias or ticker')])
    );
    results.hidden = false;
  }
  function choose(n) {
    const hit = hits[n];
    if (!hit) return;
    results.hidden = true;
    select({ type: 'entity', i: hit.i }, true);
  }
  function moveActive(step) {
    if (!hits.length) return;
    active = (active + step + hits.length) % hits.length;
    [...results.children].forEach((li, n) => li.classList.toggle('active', n === active));
    results.children[active].scrollIntoView({ block: 'nearest' });
  }
  input.addEventListener('input', renderResults);
  input.addEventListener('focus', () => {
    if (input.value.trim()) renderResults();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') moveActive(1);
    else if (ev.key === 'ArrowUp') moveActive(-1);
    else if (ev.key === 'Enter') choose(Math.max(active, 0));
    else if (ev.key === 'Escape') {
      results.hidden = true;
      input.blur();
    } else return;
    ev.preventDefault();
  });
  document.addEventListener('pointerdown', (ev) => {
    if (!ev.target.closest('#searchbox')) results.hidden = true;
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.target === input) return;
    if (ev.key === '/') {
      ev.preventDefault();
      input.focus();
      input.select();
    } else if (ev.key === 'Escape') {
      results.hidden = true;
      select(null);
    }
    else if (ev.key === '+' || ev.key === '=') zoomAt(size.w / 2, size.h / 2, 1.5);
    else if (ev.key === '-') zoomAt(size.w / 2, size.h / 2, 1 / 1.5);
    else if (ev.key === '0') fitBox(full, 10);
  });

  // ---- start ----
  byId('stats').textContent = [
    plural(ents.length, 'entity', 'entities'),
    plural(rels.length, 'relation'),
    plural(metrics.length, 'metric'),
    plural(G.documents.length, 'document'),
  ].join(' · ');
  renderFilters();
  measure();
  const fitted = fitScale(full, 10);
  setView(full.x + full.w / 2, full.y + full.h / 2, fitted);
  apply();
  rastered = view.scale;
  showIntro();
  // The address names the selection (`#company:alibaba`, `#S forecasts O`, `#metric id`).
  function fromHash() {
    let wanted = '';
    try {
      wanted = decodeURIComponent(location.hash.slice(1));
    } catch (_) {
      return;
    }
    if (!wanted) return;
    if (entIx.has(wanted)) return select({ type: 'entity', i: entIx.get(wanted) }, true);
    const j = rels.findIndex((r) => `${r.subject} ${r.relation} ${r.object}` === wanted);
    if (j >= 0) return select({ type: 'relation', j }, true);
    const m = metrics.findIndex((x) => x.id === wanted);
    if (m >= 0) select({ type: 'metric', m }, true);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  window.finkgView = {
    ready: true,
    readyMs: performance.now(),
    setupMs: performance.now() - started,
    // Select as a click does (`zoom` false) or as a search result does.
    select: (type, n, zoom = true) =>
      select(type === 'entity' ? { type, i: n } : type === 'relation' ? { type, j: n } : type === 'metric' ? { type, m: n } : null, zoom),
  };
  document.body.classList.add('ready');
})();
