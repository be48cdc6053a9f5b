// Two browser users and one raw-socket (nc) user in one room of the wharf chat, driven by BrowserChatTest:
//   node browser-chat.mjs PAGE_URL TELNET_PORT SCREENSHOT_DIR
// Prints "step: ..." lines as it goes, "RESTART" when it wants the server restarted (and waits for a line
// "RESTARTED" on stdin), and "PASSED" at the end; any failure exits non-zero with the reason.
import { chromium } from 'playwright-core';
import net from 'node:net';
import readline from 'node:readline';

const [pageUrl, telnetPort, shots] = process.argv.slice(2);
const TIMEOUT = 15000;
const stdin = readline.createInterface({ input: process.stdin });
const lines = [];
let waiter = null;
stdin.on('line', (l) => { lines.push(l); if (waiter) { waiter(); } });

function step(text) { console.log('step: ' + text); }

async function restarted() {
  console.log('RESTART');
  while (!lines.includes('RESTARTED')) { await new Promise((r) => { waiter = r; }); }
  lines.length = 0;
}

/** A user on a plain socket, as nc would be: lines in, lines out. */
class LineUser {
  constructor(port) { this.port = port; this.text = ''; }
  connect() {
    return new Promise((resolve, reject) => {
      this.text = '';
      this.socket = net.connect(Number(this.port), '127.0.0.1', resolve);
      this.socket.setEncoding('utf8');
      this.socket.on('data', (d) => { this.text += d; });
      this.socket.on('error', reject);
    });
  }
  say(line) { this.socket.write(line + '\n'); }
  async waitFor(fragment) {
    const end = Date.now() + TIMEOUT;
    while (!this.text.includes(fragment)) {
      if (Date.now() > end) { throw new Error('the nc user never got "' + fragment + '"; got:\n' + this.text); }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function online(page) {
  await page.locator('#status.online').waitFor({ timeout: 30000 });
}

async function seen(page, text) {
  await page.locator('#log li', { hasText: text }).first().waitFor({ timeout: TIMEOUT });
}

async function say(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
try {
  const ann = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
  const bea = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
  for (const p of [ann, bea]) { p.setDefaultTimeout(TIMEOUT); }

  step('ann opens the page and registers');
  await ann.goto(pageUrl);
  await online(ann);
  await ann.fill('#account-name', 'ann');
  await ann.fill('#account-password', 'correct horse');
  await ann.click('#register');
  await ann.locator('#me', { hasText: 'logged in' }).waitFor();

  step('bea opens the page and takes a nick');
  await bea.goto(pageUrl);
  await online(bea);
  await bea.fill('#nick', 'bea');
  await bea.click('#nick-form button');
  await bea.locator('#me', { hasText: 'bea' }).waitFor();

  step('cid connects with a plain socket');
  const cid = new LineUser(telnetPort);
  await cid.connect();
  cid.say('/nick cid');
  await seen(ann, 'is now known as cid');

  step('all three talk in the lobby');
  await say(ann, 'hello from ann');
  await seen(bea, 'hello from ann');
  await cid.waitFor('hello from ann');
  cid.say('hello from cid');
  await seen(ann, 'hello from cid');
  await seen(bea, 'hello from cid');
  await say(bea, '/me waves at everyone');
  await seen(ann, 'waves at everyone');
  await ann.locator('#rooms li', { hasText: 'lobby' }).locator('.count', { hasText: '3 users' }).waitFor();
  if (await ann.locator('#log li time').count() === 0) { throw new Error('messages are shown without their times'); }

  step('a private message reaches only its target');
  await say(bea, '/msg ann a secret for ann');
  await seen(ann, 'a secret for ann');
  await say(bea, 'public after the secret');
  await cid.waitFor('public after the secret');
  if (cid.text.includes('a secret for ann')) { throw new Error('the nc user saw a private message to ann'); }
  await ann.screenshot({ path: shots + '/1-ann.png' });
  await bea.screenshot({ path: shots + '/1-bea.png' });

  step('ann goes away; what is said meanwhile is shown when she is back (reload logs her back in)');
  await ann.goto('about:blank');
  await seen(bea, 'ann quit');
  cid.say('said while ann was away');
  await seen(bea, 'said while ann was away');
  await ann.goto(pageUrl);
  await online(ann);
  await ann.locator('#me', { hasText: 'logged in' }).waitFor();
  await seen(ann, 'said while ann was away');
  await ann.reload();
  await online(ann);
  await ann.locator('#me', { hasText: 'logged in' }).waitFor();
  await seen(ann, 'said while ann was away');
  await ann.screenshot({ path: shots + '/2-ann-back.png' });

  step('the browser\'s own WebSocket to /echo negotiates permessage-deflate, both ways');
  const echo = await bea.evaluate(async () => {
    const big = 'compress me '.repeat(20000);
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/echo');
    const got = [];
    await new Promise((resolve, reject) => {
      ws.onopen = () => { ws.send('hello hello hello'); ws.send(big); ws.send(''); };
      ws.onmessage = (e) => { got.push(e.data); if (got.length === 3) { resolve(); } };
      ws.onerror = () => reject(new Error('the echo socket failed'));
    });
    ws.close(1000);
    return { extensions: ws.extensions, same: got[0] === 'hello hello hello' && got[1] === big && got[2] === '' };
  });
  if (!echo.extensions.includes('permessage-deflate')) { throw new Error('no permessage-deflate: ' + echo.extensions); }
  if (!echo.same) { throw new Error('the compressed echoes came back different'); }

  step('the server restarts; both pages reconnect by themselves');
  await restarted();
  await ann.locator('#status.online').waitFor({ timeout: 30000 });
  await bea.locator('#status.online').waitFor({ timeout: 30000 });
  await ann.locator('#me', { hasText: 'logged in' }).waitFor();
  await bea.locator('#me', { hasText: 'bea' }).waitFor();
  await cid.connect();
  cid.say('/nick cid');
  cid.say('after the restart');
  await seen(ann, 'after the restart');
  await seen(bea, 'after the restart');
  await say(ann, 'ann is back too');
  await cid.waitFor('ann is back too');
  await ann.screenshot({ path: shots + '/3-ann-after-restart.png' });
  await bea.screenshot({ path: shots + '/3-bea-after-restart.png' });
  cid.socket.destroy();
  console.log('PASSED');
} catch (e) {
  console.error('FAILED: ' + (e && e.stack || e));
  process.exitCode = 1;
} finally {
  await browser.close();
  stdin.close();
}
