// The operator's dashboard page in a real browser (Debian chromium driven by playwright-core), against the
// running platform. Run by DashboardPageIT, which owns the platform: when this script needs something done to
// it (place an order, stop or start a service) it prints "@@ask <verb> [args]" and reads the answer, one line,
// on stdin. Exits 0 when every check passed; prints what it checks as it goes.
//
// Environment: DASHBOARD_URL (the orchestrator's base URL), OPERATOR_TOKEN, OPERATOR_NAME, SCREENSHOT (where
// the full-page screenshot goes), FAILURE_SCREENSHOT, CHROMIUM (default /usr/bin/chromium), WAIT_MS (the
// bound of every wait, default 60000).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const BASE = required('DASHBOARD_URL').replace(/\/$/, '');
const TOKEN = required('OPERATOR_TOKEN');
const OPERATOR = process.env.OPERATOR_NAME || 'ops-dana';
const SCREENSHOT = required('SCREENSHOT');
const FAILURE_SCREENSHOT = process.env.FAILURE_SCREENSHOT || '';
const WAIT_MS = Number(process.env.WAIT_MS || 60000);
// The flags this machine needs: no GPU, no sandbox as root, and no background traffic to the outside.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function step(text) {
  console.log(`[dashboard.spec] ${text}`);
}

// ---- asking DashboardPageIT to act on the platform ----------------------------------------------------
const answers = [];
const waiting = [];
createInterface({ input: process.stdin }).on('line', (line) => {
  const next = waiting.shift();
  if (next) next(line); else answers.push(line);
});

async function ask(...words) {
  console.log('@@ask ' + words.join(' '));
  const answer = answers.length ? answers.shift() : await new Promise((resolve) => waiting.push(resolve));
  if (answer.startsWith('error ')) throw new Error(`the test could not ${words.join(' ')}: ${answer.slice(6)}`);
  return answer;
}

// ---- the checks ---------------------------------------------------------------------------------------
const profile = mkdtempSync(join(tmpdir(), 'saga-dashboard-chromium-'));
let context;
let page;

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(WAIT_MS);

  const first = context.pages()[0] || await context.newPage();
  step('the root of the orchestrator leads to the dashboard');
  await first.goto(BASE + '/');
  await first.waitForURL(/\/dashboard\/$/);
  step('a token handed over as #token=... to the loaded page is kept for the tab and leaves the address bar');
  await first.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}`);
  await first.waitForFunction((t) => document.getElementById('token').value === t, TOKEN);
  assert.equal(new URL(first.url()).hash, '', 'the token is taken out of the address bar');
  await first.close();

  step('load /dashboard/#token=... in a new tab: from its first request on, the page sends the token');
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') step(`browser console: ${m.text()}`); });
  page.on('pageerror', (e) => step(`page error: ${e.message}`));
  // every request this tab makes to the dashboard API, with its headers
  const apiRequests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/sagas')) {
      request.allHeaders()
        .then((headers) => apiRequests.push({ method: request.method(), path: url.pathname, headers }))
        .catch(() => {}); // the tab closed meanwhile: the checks below are done by then
    }
  });
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}`);
  await page.locator('#live[data-state="on"]').waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
  assert.equal(await page.inputValue('#token'), TOKEN, 'the token is kept for the tab');
  // the operator is the name the token carries (the server records actions under it); a token that is not a
  // JWT leaves the field to the operator
  if (await page.locator('#operator').isEditable()) await page.fill('#operator', OPERATOR);
  assert.equal(await page.inputValue('#operator'), OPERATOR, 'the operator the timeline will name');
  await page.locator('#stat-counts li').first().waitFor();
  step('the door panel shows order-service taking orders, and its limit');
  await page.locator('#door[data-accepting="true"]').waitFor();
  assert.match(await page.locator('#door-limit').textContent(), /^[1-9][0-9]*$/, 'the in-flight limit is shown');
  await page.evaluate(() => { window.sameDocument = true; });

  step('place an order; its saga appears and turns COMPLETED without a reload');
  const eventsBefore = Number(await page.locator('#live').getAttribute('data-events') || 0);
  const approved = await ask('place-order', 'alice', 'SKU-APPLE', '1', '1.25', 'FR');
  const approvedRow = page.locator(`#saga-rows tr:has(td[title="${approved}"])`);
  await approvedRow.waitFor();
  await page.locator(`#saga-rows tr[data-status="COMPLETED"]:has(td[title="${approved}"])`).waitFor();
  assert.ok(await page.evaluate(() => window.sameDocument === true), 'the page was not reloaded');
  const eventsAfter = Number(await page.locator('#live').getAttribute('data-events') || 0);
  assert.ok(eventsAfter > eventsBefore, `the live stream delivered the saga's changes (${eventsBefore} → ${eventsAfter})`);
  step(`saga of order ${approved} COMPLETED live; ${eventsAfter - eventsBefore} stream events`);
  assert.equal(await approvedRow.locator('td.version').textContent(), 'v2', 'the row shows its definition version');
  assert.equal(await page.locator('#type-filter option[value="place-order"]').count(), 1,
    'the type filter offers the registered saga types');

  step('open its timeline: every step, its attempts, message ids and durations');
  await approvedRow.click();
  await page.locator('#detail[data-status="COMPLETED"]').waitFor();
  assert.equal(await page.locator('#detail-version').textContent(), 'v2', 'the detail shows its definition version');
  const steps = await page.locator('#step-rows tr').evaluateAll((rows) => rows.map((r) => ({
    name: r.dataset.step,
    outcome: r.querySelector('.outcome').textContent,
    attempts: Number(r.querySelector('.attempts').textContent),
    commandId: r.querySelector('.command-id').textContent,
    replyId: r.querySelector('.reply-id').textContent,
    duration: r.querySelector('.duration').textContent,
  })));
  assert.deepEqual(steps.map((s) => s.name), ['reject-order', 'reserve-inventory', 'authorize-payment',
    'schedule-shipment', 'approve-order', 'capture-payment']);
  const stages = await page.locator('#step-rows tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.stage)));
  assert.deepEqual(stages, [0, 1, 1, 2, 3, 3], 'steps of one stage are shown as one group');
  assert.equal(await page.locator('#step-rows tr.parallel').count(), 4, 'the two parallel pairs are marked');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const s of steps.slice(1)) {
    assert.equal(s.outcome, 'SUCCEEDED', `${s.name} succeeded`);
    assert.ok(s.attempts >= 1, `${s.name} was sent`);
    assert.match(s.commandId, uuid, `${s.name} shows its command's message id`);
    assert.match(s.replyId, uuid, `${s.name} shows its reply's message id`);
    assert.match(s.duration, /\d+(\.\d+)? (ms|s)/, `${s.name} shows its duration`);
  }
  const kinds = await page.locator('#timeline li').evaluateAll((items) => items.map((i) => i.dataset.kind));
  assert.ok(kinds.includes('SAGA_STARTED') && kinds.includes('SAGA_COMPLETED'), `timeline: ${kinds.join(', ')}`);
  assert.equal(await page.locator('#detail-actions button').count(), 0, 'a completed saga offers no action');

  step('stop payment-service: the next saga waits on authorize-payment and is highlighted as stuck');
  assert.equal(await ask('stop-service', 'payment-service'), 'ok');
  const stuck = await ask('place-order', 'alice', 'SKU-PEAR', '1', '2.00', 'FR');
  const stuckRow = page.locator(`#saga-rows tr.stuck:has(td[title="${stuck}"])`);
  await stuckRow.waitFor();
  assert.equal(await stuckRow.locator('.waits-on').textContent(), 'authorize-payment');
  step(`saga of order ${stuck}: ${(await stuckRow.locator('.stuck-label').textContent()).toLowerCase()}`);

  step('force its compensation: the confirmation names every compensation it will send');
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await stuckRow.click();
  await page.locator('#detail[data-status="RUNNING"]').waitFor();
  assert.match(await page.locator('#detail-facts').textContent(), /authorize-payment/);
  await page.click('#detail-actions button[data-action="compensate"]');
  await page.locator('#confirm[open]').waitFor();
  const announced = await page.locator('#confirm-sends li').allTextContents();
  assert.deepEqual(announced, [
    'inventory.ReleaseInventory — compensation of reserve-inventory',
    'payment.VoidPaymentAuthorization — compensation of authorize-payment',
    'order.RejectOrder — compensation of reject-order',
  ]);
  assert.match(await page.locator('#confirm-intro').textContent(), /Sends 3 compensations, in this order/);
  assert.equal(await page.locator('#confirm-operator').textContent(), OPERATOR);
  await page.fill('#confirm-reason', 'payment service down');
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '') + '-confirm.png' });
  await page.click('#confirm-ok');
  await page.locator('#notice').filter({ hasText: 'is now COMPENSATING' }).waitFor();
  await page.locator('#timeline li[data-kind="OPERATOR_COMPENSATE"]').filter({ hasText: OPERATOR }).waitFor();
  await page.locator('#timeline li[data-kind="COMPENSATION_SENT"]').filter({ hasText: 'VoidPaymentAuthorization' })
    .waitFor();
  assert.equal(await page.locator('#step-rows tr[data-step="authorize-payment"] .outcome').textContent(), 'NO_REPLY',
    'the step given up on shows it never got a reply');
  const action = apiRequests.find((r) => r.method === 'POST' && r.path.endsWith('/compensate'));
  assert.ok(action, 'the page posted the compensation');
  assert.equal(action.headers['x-operator'], OPERATOR, 'the action names the operator');

  step('the void waits for payment-service too: still highlighted, now on the compensation');
  await page.locator(`#saga-rows tr.stuck[data-status="COMPENSATING"]:has(td[title="${stuck}"]) .waits-on`)
    .filter({ hasText: 'compensation of authorize-payment' }).waitFor();
  await page.waitForFunction(() => Number(document.getElementById('stat-stuck').textContent) >= 1);
  await page.locator('#stat-counts li[data-status="COMPLETED"] .count').waitFor();
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  step(`screenshot: ${SCREENSHOT}`);

  step('start payment-service again: the saga ends COMPENSATED, live');
  assert.equal(await ask('start-service', 'payment-service'), 'ok');
  await page.locator('#detail[data-status="COMPENSATED"]').waitFor();
  await page.locator(`#saga-rows tr[data-status="COMPENSATED"]:has(td[title="${stuck}"])`).waitFor();
  await page.locator('#timeline li[data-kind="SAGA_COMPENSATED"]').waitFor();
  assert.equal(await page.locator('#detail-actions button').count(), 0, 'a compensated saga offers no action');

  step('every call to the dashboard API carried the bearer token, the live stream included');
  const streams = apiRequests.filter((r) => r.path === '/sagas/stream');
  assert.ok(streams.length >= 1, 'the page opened the live stream');
  const without = apiRequests.filter((r) => r.headers.authorization !== `Bearer ${TOKEN}`);
  assert.deepEqual(without.map((r) => `${r.method} ${r.path}`), [], 'requests without the token');
  step(`${apiRequests.length} API requests, ${streams.length} stream connection(s), all with the token`);

  step('a new tab has no token: the server answers 401 and the page asks for an operator token');
  const refused = await context.newPage();
  await refused.goto(`${BASE}/dashboard/`);
  await refused.locator('#auth-message').filter({ hasText: 'operator token is needed' }).waitFor();
  await refused.locator('#live[data-state="off"]').waitFor();
  await refused.close();

  step('all checks passed');
} catch (e) {
  console.error(`[dashboard.spec] FAILED: ${e.stack || e}`);
  if (page && FAILURE_SCREENSHOT) {
    try {
      mkdirSync(dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true });
      console.error(`[dashboard.spec] the page at the failure: ${FAILURE_SCREENSHOT}`);
    } catch (ignored) {
      // the browser may be what failed
    }
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.stdin.destroy();
}
