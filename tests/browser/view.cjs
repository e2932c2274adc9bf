// The browser test of `finkg view`: headless Chromium driven by Playwright
// (playwright-core) opens the pages tests/cli/view_browser.rs wrote and uses
// them as a person would.
//
//   node tests/browser/view.cjs --seed SEED.html --hostile HOSTILE.html
//        [--big BIG.html] --out DIR
//
// FINKG_PLAYWRIGHT names the node_modules folder holding playwright-core
// (.ci/run installs it into target/browser-test); FINKG_CHROMIUM the browser
// (default /usr/bin/chromium). Screenshots and timings go to DIR. Every
// check that fails is printed; the exit status is 1 if any did.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const need of ['seed', 'hostile', 'out']) {
  if (!args[need]) {
    console.error(`missing --${need}`);
    process.exit(2);
  }
}
const modules = process.env.FINKG_PLAYWRIGHT || path.join(__dirname, '../../target/browser-test/node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));
const executablePath = process.env.FINKG_CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(args.out, { recursive: true });

let failures = 0;
let checks = 0;
function check(ok, what, detail) {
  checks++;
  if (ok) console.log(`ok   ${what}`);
  else {
    failures++;
    console.log(`FAIL ${what}${detail === undefined ? '' : `: ${detail}`}`);
  }
}

// A fresh browser per page: a new empty profile, no network of its own.
async function open(file, viewport) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'finkg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: viewport || { width: 1400, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const log = { requests: [], errors: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`page error: ${e.message}`));
  const url = 'file://' + path.resolve(file);
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.finkgView && window.finkgView.ready, null, { timeout: 60000 });
  const wall = Date.now() - t0;
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, log, url, wall, close };
}

const pageData = (page) => page.evaluate(() => JSON.parse(document.getElementById('finkg-data').textContent));
const text = (loc) => loc.evaluate((el) => el.textContent);
const norm = (s) => s.replace(/\s+/g, ' ').trim();

async function isInside(page, box) {
  const c = await page.locator('#canvas').boundingBox();
  return box && box.x >= c.x && box.y >= c.y && box.x + box.width <= c.x + c.width && box.y + box.height <= c.y + c.height;
}

async function seedPage() {
  console.log('# the seed graph: who forecasts Alibaba, and where does it say so');
  const { page, log, url, close } = await open(args.seed);
  const data = await pageData(page);
  const ents = data.graph.entities;
  const byName = (n) => ents.findIndex((e) => e.name === n);
  const alibaba = byName('Alibaba');
  const citic = byName('CITIC Securities');
  check(alibaba >= 0 && citic >= 0, 'the seed graph has Alibaba and CITIC Securities');
  const j = data.graph.relations.findIndex(
    (r) => r.subject === ents[citic].id && r.relation === 'forecasts' && r.object === ents[alibaba].id
  );
  check(j >= 0, 'the data holds CITIC Securities forecasts Alibaba');
  const rel = data.graph.relations[j];

  // Click one: type the name, pick it from the results.
  await page.locator('#search').click();
  await page.keyboard.type('Alibaba');
  const first = page.locator('#results .hit').first();
  await first.waitFor({ state: 'visible' });
  check(norm(await text(first.locator('.hitname'))) === 'Alibaba', 'typing Alibaba offers Alibaba first');
  await first.click();
  const head = page.locator('#details h2');
  check(norm(await text(head)) === 'Alibaba', 'clicking it shows Alibaba in the panel', await text(head));
  const row = page
    .locator('#details .rel[data-relation="forecasts"]')
    .filter({ has: page.locator('button.ent', { hasText: 'CITIC Securities' }) });
  check((await row.count()) === 1 && (await row.isVisible()), 'the panel lists the forecast by CITIC Securities');
  const sentence = row.locator('.sentence').first();
  check(
    (await sentence.isVisible()) && norm(await text(sentence)) === norm(rel.evidence[0].sentence),
    'its evidence sentence is visible under it',
    await sentence.textContent().catch(() => 'none')
  );
  const docName = data.graph.documents.find((d) => d.id === rel.evidence[0].doc).name;
  check((await row.locator('.src .doc').first().textContent()) === docName, 'with the name of its document', docName);
  check(
    (await page.locator(`#highlight [data-ref="n${citic}"]`).count()) === 1 &&
      (await page.locator(`#highlight [data-ref="e${j}"]`).count()) === 1,
    'the neighbourhood is highlighted on the drawing: CITIC Securities and the forecast edge'
  );
  await page.screenshot({ path: path.join(args.out, 'view.png') });

  // Click the forecast edge on the drawing (its label, where a person clicks).
  const label = page.locator(`#highlight [data-ref="e${j}"] text`).first();
  const box = await label.boundingBox();
  check(await isInside(page, box), 'the forecast edge is in view after picking Alibaba', JSON.stringify(box));
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const title = norm(await text(page.locator('#details h2')));
  check(title === 'CITIC Securities forecasts Alibaba', 'clicking the edge shows it in the panel', title);
  const shown = await page.locator('#details .ev .sentence').allTextContents();
  check(
    shown.length === rel.evidence.length && rel.evidence.every((ev, n) => norm(shown[n]) === norm(ev.sentence)),
    `every evidence sentence of the edge is listed (${rel.evidence.length})`,
    JSON.stringify(shown)
  );
  check(
    await page.locator('#details .ev .sentence').first().isVisible(),
    'and the first is visible'
  );
  const docs = await page.locator('#details .ev .doc').allTextContents();
  check(
    rel.evidence.every((ev, n) => docs[n] === data.graph.documents.find((d) => d.id === ev.doc).name),
    'each with its document',
    JSON.stringify(docs)
  );
  for (const [k, v] of Object.entries(rel.attrs)) {
    check((await page.locator('#details .attrtable tr', { hasText: k }).filter({ hasText: v }).count()) === 1, `attribute ${k} is shown`);
  }
  await page.screenshot({ path: path.join(args.out, 'view-edge.png') });

  // Filters: hide forecasts, the edge goes; show them again, it is back.
  const edge = page.locator(`#graph > g.graph #e${j}`);
  check(await edge.isVisible(), 'the edge is drawn');
  await page.locator('#filters input[data-relation="forecasts"]').uncheck();
  check(!(await edge.isVisible()), 'unticking forecasts hides it');
  await page.locator('#filters input[data-relation="forecasts"]').check();
  check(await edge.isVisible(), 'ticking it shows it again');
  await page.locator('#filters input[data-kind="broker"]').uncheck();
  check(
    !(await edge.isVisible()) && !(await page.locator(`#graph > g.graph #n${citic}`).isVisible()),
    'unticking brokers hides CITIC Securities and its edges'
  );
  await page.locator('#filters input[data-kind="broker"]').check();

  // Pan and zoom move the drawing; Escape clears the selection.
  const view = () =>
    page.evaluate(() => {
      const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(document.getElementById('graph').style.transform);
      return m ? m.slice(1).map(Number) : null;
    });
  const before = await view();
  const c = await page.locator('#canvas').boundingBox();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(100);
  const zoomed = await view();
  check(before && zoomed && zoomed[2] > before[2], 'the wheel zooms in', `${before} → ${zoomed}`);
  await page.mouse.move(c.x + 200, c.y + 200);
  await page.mouse.down();
  await page.mouse.move(c.x + 320, c.y + 260, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  const panned = await view();
  check(
    Math.abs(panned[0] - zoomed[0] - 120) < 1 && Math.abs(panned[1] - zoomed[1] - 60) < 1 && panned[2] === zoomed[2],
    'dragging pans by as much as the mouse moved',
    `${zoomed} → ${panned}`
  );
  await page.locator('#zoom-fit').click();
  await page.waitForTimeout(100);
  check((await view())[2] < panned[2], 'the fit button shows everything again');
  check(norm(await text(page.locator('#details h2'))) === 'CITIC Securities forecasts Alibaba', 'a drag is not a click');
  await page.keyboard.press('Escape');
  check((await page.locator('#highlight > *').count()) === 0 && !(await page.locator('#veil.on').count()), 'Escape clears the selection');

  // An alias and a ticker find the entity too.
  for (const name of [...ents[alibaba].aliases.slice(0, 1), ...ents[alibaba].tickers.slice(0, 1)]) {
    await page.locator('#search').fill(name);
    const hit = page.locator('#results .hit', { hasText: 'Alibaba' }).first();
    check((await hit.count()) === 1 && (await hit.isVisible()), `searching ${name} finds Alibaba`);
  }
  // The address names the selection, and a link to one selects it.
  await page.goto(`${url}#${encodeURIComponent(ents[citic].id)}`);
  check(norm(await text(page.locator('#details h2'))) === 'CITIC Securities', 'a link to #' + ents[citic].id + ' selects it');
  await page.locator('#details .rel button.ent').filter({ hasText: /^Alibaba$/ }).first().click();
  check(
    decodeURIComponent(await page.evaluate(() => location.hash)) === '#' + ents[alibaba].id,
    'the address follows the selection'
  );
  check(log.requests.length === 1 && log.requests[0] === url, 'the page made no request but its own file', JSON.stringify(log.requests));
  check(log.errors.length === 0, 'no errors or warnings in the console', JSON.stringify(log.errors));
  await close();
}

async function hostilePage() {
  console.log('# a name with <script> in it is text and runs nothing');
  const { page, log, url, close } = await open(args.hostile);
  const data = await pageData(page);
  const hostile = data.graph.entities.find((e) => e.name.includes('<script>'));
  check(!!hostile, 'the page data holds the hostile name as it is');
  const ran = () => page.evaluate(() => [window.__finkgPwned, window.__finkgPwnedAttr]);
  check(JSON.stringify(await ran()) === '[null,null]', 'no injected script ran on load', JSON.stringify(await ran()));
  const drawn = await page.locator('#graph text').allTextContents();
  check(drawn.includes(hostile.name), 'the drawing shows the name as text');
  await page.locator('#search').fill('script');
  const hit = page.locator('#results .hit').first();
  check(norm(await text(hit.locator('.hitname'))) === norm(hostile.name), 'the search lists it as text');
  await hit.click();
  check((await page.locator('#details h2').textContent()) === hostile.name, 'the panel shows it as text');
  const sentences = await page.locator('#details .sentence').allTextContents();
  check(sentences.some((s) => s.includes('</script>')), 'sentences with </script> show as text', JSON.stringify(sentences));
  const relRow = page.locator('#details .rel button.relname').first();
  await relRow.click();
  check(JSON.stringify(await ran()) === '[null,null]', 'no injected script ran after clicking through', JSON.stringify(await ran()));
  check((await page.locator('script').count()) === 2, 'the page still has exactly its two script elements');
  check((await page.locator('img, iframe, object, embed').count()) === 0, 'no element that loads anything appeared');
  check(log.requests.length === 1 && log.requests[0] === url, 'no request but the page itself', JSON.stringify(log.requests));
  check(log.errors.length === 0, 'no errors or warnings in the console', JSON.stringify(log.errors));
  await close();
}

// Frame intervals (ms) while `act` runs, sampled by requestAnimationFrame in the page.
async function frames(page, act) {
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__frames.length < 100000 && !window.__stop) requestAnimationFrame(tick);
    };
    window.__stop = false;
    requestAnimationFrame(tick);
  });
  await act();
  const stamps = await page.evaluate(() => {
    window.__stop = true;
    return window.__frames;
  });
  const gaps = stamps.slice(1).map((t, n) => t - stamps[n]).sort((a, b) => a - b);
  const at = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] || 0;
  return { frames: gaps.length, median: at(0.5), p95: at(0.95), max: gaps[gaps.length - 1] || 0 };
}

// Time (ms) from calling `fn` in the page to the frame after it was drawn.
const timed = (page, body, arg) =>
  page.evaluate(
    async ([body, arg]) => {
      const fn = new Function('arg', body);
      const t = performance.now();
      fn(arg);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t;
    },
    [body, arg]
  );

async function bigPage() {
  console.log('# a generated graph of 2,000 entities: timings');
  const size = fs.statSync(args.big).size;
  const { page, log, wall, close } = await open(args.big);
  const data = await pageData(page);
  const n = data.graph.entities.length;
  const ready = await page.evaluate(() => ({ readyMs: window.finkgView.readyMs, setupMs: window.finkgView.setupMs }));
  const degree = data.graph.entities.map(() => 0);
  const ix = new Map(data.graph.entities.map((e, i) => [e.id, i]));
  for (const r of data.graph.relations) {
    degree[ix.get(r.subject)]++;
    degree[ix.get(r.object)]++;
  }
  const hub = degree.indexOf(Math.max(...degree));
  // Each interaction starts from a still page, as a person's would: after a
  // change of scale the page redraws the drawing sharp a moment later.
  const settle = () => page.waitForTimeout(1000);
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const max = (xs) => Math.max(...xs);
  // A click on a node: highlight the neighbourhood, fill the panel; the view stays.
  const clicks = [];
  for (let k = 0; k < 10; k++) clicks.push(await timed(page, "window.finkgView.select('entity', arg, false)", (k * 197) % n));
  const hubMs = await timed(page, "window.finkgView.select('entity', arg, false)", hub);
  const edgeMs = await timed(page, "window.finkgView.select('relation', arg, false)", 7);
  const searchMs = await timed(
    page,
    "const i = document.getElementById('search'); i.value = arg; i.dispatchEvent(new Event('input'));",
    'entity 1'
  );
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.getElementById('search').blur());
  // A search result: the same, and the view moves to the entity at a new scale.
  const jumps = [];
  for (let k = 0; k < 4; k++) {
    await settle();
    jumps.push(await timed(page, "window.finkgView.select('entity', arg, true)", (k * 389 + 11) % n));
  }
  await page.keyboard.press('Escape');
  await page.locator('#zoom-fit').click();
  await settle();
  // A turn of the wheel, notch by notch: in, then out.
  const wheel = async (dy) =>
    timed(
      page,
      "const c = document.getElementById('canvas').getBoundingClientRect(); document.getElementById('canvas').dispatchEvent(new WheelEvent('wheel', { deltaY: arg, clientX: c.left + c.width / 2, clientY: c.top + c.height / 2, bubbles: true, cancelable: true }));",
      dy
    );
  const zooms = [];
  for (let k = 0; k < 10; k++) zooms.push(await wheel(-150));
  for (let k = 0; k < 5; k++) zooms.push(await wheel(150));
  await settle();
  const c = await page.locator('#canvas').boundingBox();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  const pan = await frames(page, async () => {
    await page.mouse.down();
    await page.mouse.move(c.x + c.width / 2 + 300, c.y + c.height / 2 + 200, { steps: 30 });
    await page.mouse.up();
    await page.waitForTimeout(50);
  });
  await settle();
  const filterMs = await timed(
    page,
    "const b = document.querySelector('#filters input[data-kind=\"company\"]'); b.click();",
    null
  );
  const result = {
    entities: n,
    relations: data.graph.relations.length,
    page_bytes: size,
    load_to_ready_wall_ms: wall,
    ready_after_navigation_ms: Math.round(ready.readyMs),
    script_setup_ms: Math.round(ready.setupMs),
    click_entity_median_ms: Math.round(median(clicks)),
    click_entity_max_ms: Math.round(max(clicks)),
    click_hub_ms: Math.round(hubMs),
    hub_relations: degree[hub],
    click_edge_ms: Math.round(edgeMs),
    search_result_jump_median_ms: Math.round(median(jumps)),
    search_result_jump_max_ms: Math.round(max(jumps)),
    search_keystroke_ms: Math.round(searchMs),
    filter_toggle_ms: Math.round(filterMs),
    wheel_zoom_median_ms: Math.round(median(zooms)),
    wheel_zoom_max_ms: Math.round(max(zooms)),
    wheel_zoom_steps_ms: zooms.map(Math.round),
    pan_frame_median_ms: Math.round(pan.median),
    pan_frame_p95_ms: Math.round(pan.p95),
  };
  console.log(`timings ${JSON.stringify(result)}`);
  fs.writeFileSync(path.join(args.out, 'view-2000.json'), JSON.stringify(result, null, 2) + '\n');
  await page.screenshot({ path: path.join(args.out, 'view-2000.png') });
  // Generous bounds: a 2-core CI machine drawing in software, not a laptop, while
  // cargo runs the other tests beside it (a wheel step took 553 ms once in such a
  // run, 60-120 ms alone). The bounds catch a page that has become unusable; the
  // timings themselves are in target/ci-artifacts/view-2000.json.
  const slack = Number(process.env.FINKG_TIMING_SLACK || 3);
  check(result.ready_after_navigation_ms < 15000 * slack, `interactive within 15 s (bound ×${slack})`, result.ready_after_navigation_ms);
  check(result.click_entity_median_ms < 150 * slack, `a click on an entity shows it within 150 ms (bound ×${slack})`, result.click_entity_median_ms);
  check(result.click_hub_ms < 500 * slack, `a click on the most connected entity within 500 ms (bound ×${slack})`, result.click_hub_ms);
  check(result.search_keystroke_ms < 300 * slack, `a search keystroke within 300 ms (bound ×${slack})`, result.search_keystroke_ms);
  check(result.search_result_jump_median_ms < 3000 * slack, `a search result brought into view within 3 s (bound ×${slack})`, result.search_result_jump_median_ms);
  check(result.wheel_zoom_median_ms < 250 * slack, `a wheel zoom step within 250 ms (bound ×${slack})`, result.wheel_zoom_median_ms);
  check(result.pan_frame_median_ms < 100 * slack, `pan frames within 100 ms (bound ×${slack})`, result.pan_frame_median_ms);
  check(log.errors.length === 0, 'no errors or warnings in the console', JSON.stringify(log.errors));
  await close();
}

(async () => {
  const started = Date.now();
  await seedPage();
  await hostilePage();
  if (args.big) await bigPage();
  console.log(`${checks - failures} passed, ${failures} failed (browser checks, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.log(`FAIL the browser test stopped: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
