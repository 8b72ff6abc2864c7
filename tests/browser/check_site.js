#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
// check_site.js -- open every page of the published sites in headless
// Chromium and check what a reader would meet:
//   - every image loads (naturalWidth > 0), at 1x and, for charts, at 2x;
//   - every link to a page or file resolves to an existing file, and every
//     #fragment to an element of its page (links to a partner site's
//     absolute URL are mapped to its local folder with URL=DIR arguments);
//   - nothing is loaded from outside the site folder (no fonts, scripts,
//     CDNs), and no console error, exception or failed load occurs;
//   - every page has lang, meta charset, viewport, a skip link to its
//     main, headings in order, and scope on every table header;
//   - a screenshot of one indicator page is not blank (many colours);
//   - with --layout, on a phone (390 CSS px wide) and a desktop (1280
//     px), the first organisation's index, an indicator page and a
//     hospital page (both languages) are no wider than the screen (what
//     is wider scrolls in its own box), no table cell overflows or breaks
//     a short word, and no chart is drawn smaller than its PNG; a
//     screenshot of each page at each width is saved beside
//     SCREENSHOT.png for a person to look at (SCREENSHOT-WIDTH-PAGE.png).
// Every page is opened, one after the other, in one browser session.
//
// usage: node check_site.js [--layout] SITE_DIR SCREENSHOT.png [URL=DIR ...]
//
// No npm packages: Chromium is driven through the DevTools protocol over
// --remote-debugging-pipe (fd 3 in, fd 4 out, messages end in NUL), and
// the screenshot is decoded with node's zlib.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { pathToFileURL, fileURLToPath } = require('url');

const args = process.argv.slice(2);
const withLayout = args[0] === '--layout';
const [siteDir, shotPath, ...maps] = withLayout ? args.slice(1) : args;
if (!siteDir || !shotPath) {
	console.error('usage: node check_site.js [--layout] SITE_DIR SCREENSHOT.png [URL=DIR ...]');
	process.exit(2);
}
const root = path.resolve(siteDir);
const mapping = maps.map((m) => {
	const i = m.indexOf('=');
	return { url: m.slice(0, i), dir: path.resolve(m.slice(i + 1)) };
});
const problems = [];
const problem = (page, msg) => problems.push(`${path.relative(root, page)}: ${msg}`);

function findChromium() {
	for (const name of [process.env.CHROMIUM, 'chromium', 'chromium-browser']) {
		if (!name) continue;
		try {
			execFileSync('sh', ['-c', `command -v "${name}"`], { stdio: 'pipe' });
			return name;
		} catch (e) { /* next */ }
	}
	return null;
}

function htmlFiles(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...htmlFiles(p));
		else if (e.name.endsWith('.html')) out.push(p);
	}
	return out;
}

// ------------------------------------------------------------ protocol
class Browser {
	constructor(bin) {
		this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'qi-chromium-'));
		const args = ['--headless', '--remote-debugging-pipe', '--no-first-run',
			'--no-default-browser-check', '--disable-gpu', '--disable-extensions',
			'--disable-background-networking', '--disable-sync', '--mute-audio',
			'--hide-scrollbars', '--font-render-hinting=none',
			`--user-data-dir=${this.profile}`, 'about:blank'];
		if (process.getuid && process.getuid() === 0) args.unshift('--no-sandbox');
		this.proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
		this.stderr = '';
		this.proc.stderr.on('data', (d) => { this.stderr += d; });
		this.next = 0;
		this.pending = new Map();
		this.listeners = [];
		let buf = Buffer.alloc(0);
		this.proc.stdio[4].on('data', (d) => {
			buf = Buffer.concat([buf, d]);
			let i;
			while ((i = buf.indexOf(0)) >= 0) {
				const msg = JSON.parse(buf.subarray(0, i).toString('utf8'));
				buf = buf.subarray(i + 1);
				if (msg.id !== undefined && this.pending.has(msg.id)) {
					const { resolve, reject } = this.pending.get(msg.id);
					this.pending.delete(msg.id);
					if (msg.error) reject(new Error(`${msg.error.message}`));
					else resolve(msg.result);
				} else {
					for (const l of this.listeners) l(msg);
				}
			}
		});
		this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
		this.proc.on('exit', (code) => {
			for (const { reject } of this.pending.values())
				reject(new Error(`chromium exited (${code}): ${this.stderr.slice(-2000)}`));
			this.pending.clear();
		});
	}
	send(method, params = {}, sessionId) {
		return new Promise((resolve, reject) => {
			const id = ++this.next;
			const msg = { id, method, params };
			if (sessionId) msg.sessionId = sessionId;
			this.pending.set(id, { resolve, reject });
			this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
		});
	}
	waitFor(pred, ms) {
		return new Promise((resolve, reject) => {
			const l = (m) => {
				if (pred(m)) {
					clearTimeout(t);
					this.listeners = this.listeners.filter((x) => x !== l);
					resolve(m);
				}
			};
			const t = setTimeout(() => {
				this.listeners = this.listeners.filter((x) => x !== l);
				reject(new Error('timed out'));
			}, ms);
			this.listeners.push(l);
		});
	}
	async close() {
		try { await this.send('Browser.close'); } catch (e) { /* gone */ }
		await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
		if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
		fs.rmSync(this.profile, { recursive: true, force: true });
	}
}

// ------------------------------------------------------------ PNG colours
// Distinct colours of an 8-bit RGB or RGBA PNG (what Chromium writes).
function pngColours(buf) {
	let pos = 8, width = 0, height = 0, type = 0;
	const idat = [];
	while (pos < buf.length) {
		const len = buf.readUInt32BE(pos), kind = buf.toString('latin1', pos + 4, pos + 8);
		const data = buf.subarray(pos + 8, pos + 8 + len);
		if (kind === 'IHDR') {
			width = data.readUInt32BE(0); height = data.readUInt32BE(4);
			if (data[8] !== 8 || (data[9] !== 2 && data[9] !== 6) || data[12] !== 0)
				throw new Error('screenshot PNG is not 8-bit RGB(A), non-interlaced');
			type = data[9];
		} else if (kind === 'IDAT') idat.push(data);
		pos += 12 + len;
	}
	const bpp = type === 6 ? 4 : 3, stride = width * bpp;
	const raw = zlib.inflateSync(Buffer.concat(idat));
	const prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
	const colours = new Set();
	for (let y = 0; y < height; y++) {
		const f = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let x = 0; x < stride; x++) {
			const a = x >= bpp ? cur[x - bpp] : 0, b = prev[x], c = x >= bpp ? prev[x - bpp] : 0;
			let v = line[x];
			if (f === 1) v += a;
			else if (f === 2) v += b;
			else if (f === 3) v += (a + b) >> 1;
			else if (f === 4) {
				const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
				v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
			}
			cur[x] = v & 255;
		}
		for (let x = 0; x < stride; x += bpp)
			colours.add((cur[x] << 16) | (cur[x + 1] << 8) | cur[x + 2]);
		cur.copy(prev);
	}
	return { width, height, colours: colours.size };
}

// ------------------------------------------------------------ checks
// Runs in the page: everything the checks need, as plain data.
const inPage = `(() => {
	const heads = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => +h.tagName[1]);
	const skip = document.querySelector('body > a[href^="#"]');
	return {
		lang: document.documentElement.getAttribute('lang'),
		charset: document.characterSet,
		metaCharsetFirst: !!document.querySelector('head > meta[charset]:first-child'),
		viewport: !!document.querySelector('meta[name=viewport]'),
		title: document.title,
		skip: skip ? skip.getAttribute('href') : null,
		skipTarget: skip ? !!document.getElementById(skip.getAttribute('href').slice(1)) : false,
		main: document.querySelectorAll('main').length,
		heads,
		thNoScope: document.querySelectorAll('th:not([scope])').length,
		imgs: [...document.images].map((i) => ({ src: i.currentSrc, w: i.naturalWidth, complete: i.complete,
			alt: i.getAttribute('alt'), srcset: i.getAttribute('srcset') })),
		links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
		ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
		scripts: document.scripts.length,
		styles: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href),
		styled: getComputedStyle(document.body).maxWidth !== 'none',
	};
})()`;

// Runs in the page at a given width: what overflows, what wraps badly.
// A "short word" is a run of at most 15 characters between spaces (or
// after a hyphen, where English may break: patient-|days) -- a Japanese
// header such as 延べ在院日数, most hospital names, a number, an English
// word: it must stay on one line, so a cell is never narrower than it.
// A chart
// is legible at the width its PNG is drawn for (its width attribute, CSS
// px: its smallest text is about 8 px there), so it is never shrunk
// below it; a narrower screen scrolls the figure instead.
const inLayout = `(() => {
	const out = { docWidth: document.documentElement.scrollWidth, viewWidth: innerWidth,
		overflow: [], broken: [], small: [], cells: 0 };
	const tops = (r) => new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top))).size;
	for (const c of document.querySelectorAll('th, td')) {
		out.cells++;
		if (c.scrollWidth > c.clientWidth + 1)
			out.overflow.push(c.textContent.slice(0, 40) + ' (' + c.scrollWidth + ' > ' + c.clientWidth + ')');
		const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
		for (let t = walk.nextNode(); t; t = walk.nextNode())
			for (const m of t.data.matchAll(/[^\\s-]+-?/gu)) {
				if ([...m[0]].length > 15) continue;
				const r = document.createRange();
				r.setStart(t, m.index);
				r.setEnd(t, m.index + m[0].length);
				if (tops(r) > 1) out.broken.push(m[0]);
			}
	}
	for (const i of document.querySelectorAll('figure img')) {
		const want = +i.getAttribute('width');
		if (!(want > 0) || i.getBoundingClientRect().width < want - 0.5)
			out.small.push(i.getAttribute('src') + ' ' + Math.round(i.getBoundingClientRect().width) + ' px');
	}
	return out;
})()`;

function localFile(url, page) {
	for (const m of mapping)
		if (url.startsWith(m.url)) return path.join(m.dir, decodeURI(url.slice(m.url.length)));
	if (url.startsWith('file:')) return fileURLToPath(url);
	problem(page, `link leaves the site: ${url}`);
	return null;
}

function checkStructure(page, d) {
	if (d.lang !== 'ja' && d.lang !== 'en') problem(page, `lang is ${d.lang}`);
	const wantLang = page.includes(`${path.sep}en${path.sep}`) ? 'en' : 'ja';
	if (d.lang !== wantLang) problem(page, `lang ${d.lang}, expected ${wantLang}`);
	if (d.charset !== 'UTF-8' || !d.metaCharsetFirst) problem(page, 'meta charset utf-8 is not first in head');
	if (!d.viewport) problem(page, 'no viewport meta');
	if (!d.title) problem(page, 'no title');
	if (!d.skip || !d.skipTarget) problem(page, 'no working skip link');
	if (d.main !== 1) problem(page, `${d.main} main elements`);
	if (d.heads[0] !== 1 || d.heads.filter((h) => h === 1).length !== 1) problem(page, 'not exactly one h1, first');
	for (let i = 1; i < d.heads.length; i++)
		if (d.heads[i] > d.heads[i - 1] + 1) problem(page, `heading h${d.heads[i]} after h${d.heads[i - 1]}`);
	if (d.thNoScope) problem(page, `${d.thNoScope} table headers without scope`);
	if (d.scripts) problem(page, 'has scripts');
	if (d.styles.length !== 1 || !d.styled) problem(page, 'style sheet missing or not applied');
	for (const img of d.imgs) {
		if (!img.complete || !(img.w > 0)) problem(page, `image did not load: ${img.src}`);
		if (!img.alt || img.alt.length < 20) problem(page, `image without a real alt text: ${img.src}`);
	}
}

function checkLinks(page, d, idsOf) {
	const base = pathToFileURL(page).href;
	for (const href of d.links) {
		const url = new URL(href, base);
		const frag = url.hash ? decodeURIComponent(url.hash.slice(1)) : '';
		url.hash = '';
		const file = localFile(url.href, page);
		if (file === null) continue;
		if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
			problem(page, `broken link ${href}`);
			continue;
		}
		if (frag && file.endsWith('.html')) {
			const ids = file === page ? new Set(d.ids) : idsOf(file);
			if (!ids.has(frag)) problem(page, `link ${href}: no element #${frag}`);
		}
	}
	for (const img of d.imgs)
		for (const cand of (img.srcset || '').split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean)) {
			const f = localFile(new URL(cand, base).href, page);
			if (f !== null && !fs.existsSync(f)) problem(page, `srcset candidate missing: ${cand}`);
		}
}

// Phone and desktop: the index, an indicator page and a hospital page of
// the first organisation, in Japanese and in English, each checked with
// inLayout and its whole length saved as a screenshot beside shotPath.
async function checkLayouts(S, visit) {
	const org = fs.readdirSync(root).filter((e) => fs.existsSync(path.join(root, e, 'index.html'))).sort()[0];
	const firstOf = (dir, skip) => fs.readdirSync(dir).filter((f) => f.endsWith('.html') && f !== skip).sort()[0];
	const layout = [];
	for (const lang of ['', 'en']) {
		const base = path.join(root, org, lang), sfx = lang ? '-en' : '';
		layout.push(['index' + sfx, path.join(base, 'index.html')]);
		layout.push(['indicator' + sfx, path.join(base, 'indicators', firstOf(path.join(base, 'indicators')))]);
		layout.push(['hospital' + sfx, path.join(base, 'hospitals', firstOf(path.join(base, 'hospitals'), 'index.html'))]);
	}
	const stem = shotPath.replace(/\.png$/, '');
	for (const width of [390, 1280])
		for (const [name, page] of layout) {
			await visit(page, 1, width);
			const L = (await S('Runtime.evaluate', { expression: inLayout, returnByValue: true })).result.value;
			const at = `at ${width} px`;
			if (L.viewWidth !== width) problem(page, `${at}: the viewport is ${L.viewWidth} px (the page is too wide for the screen)`);
			if (L.docWidth > L.viewWidth) problem(page, `${at}: the page is ${L.docWidth} px wide, wider than the screen`);
			for (const o of L.overflow) problem(page, `${at}: table cell overflows: ${o}`);
			if (L.broken.length)
				problem(page, `${at}: ${L.broken.length} short words broken across lines in table cells, e.g. ${L.broken.slice(0, 5).join(' ')}`);
			for (const i of L.small) problem(page, `${at}: chart drawn smaller than its PNG: ${i}`);
			if (L.cells === 0) problem(page, `${at}: no table cells to check`);
			const { contentSize } = await S('Page.getLayoutMetrics');
			const { data } = await S('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true,
				clip: { x: 0, y: 0, width, height: Math.min(Math.ceil(contentSize.height), 8000), scale: 1 } });
			fs.writeFileSync(`${stem}-${width}-${name}.png`, Buffer.from(data, 'base64'));
		}
	console.log(`layout: ${layout.length} pages at 390 and 1280 px -> ${stem}-WIDTH-PAGE.png`);
}

async function main() {
	const bin = findChromium();
	if (!bin) {
		console.error('FAIL: chromium not found: install Debian\'s chromium (bash .ci/setup does) or set CHROMIUM');
		process.exit(1);
	}
	const pages = htmlFiles(root);
	if (pages.length === 0) {
		console.error(`FAIL: no pages under ${root}`);
		process.exit(1);
	}
	const idCache = new Map();
	const idsOf = (file) => {
		if (!idCache.has(file)) {
			const html = fs.readFileSync(file, 'utf8');
			idCache.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
		}
		return idCache.get(file);
	};

	const br = new Browser(bin);
	browser = br;
	const { targetId } = await br.send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await br.send('Target.attachToTarget', { targetId, flatten: true });
	const S = (m, p) => br.send(m, p, sessionId);
	let current = null;
	br.listeners.push((m) => {
		if (m.sessionId !== sessionId || current === null) return;
		const p = m.params || {};
		if (m.method === 'Runtime.exceptionThrown')
			problem(current, `exception: ${p.exceptionDetails.text}`);
		else if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
			problem(current, `console ${p.type}: ${(p.args || []).map((a) => a.value).join(' ')}`);
		else if (m.method === 'Log.entryAdded' && p.entry.level === 'error')
			problem(current, `console error: ${p.entry.text} ${p.entry.url || ''}`);
		else if (m.method === 'Network.requestWillBeSent' && !p.request.url.startsWith('file:') &&
		    !p.request.url.startsWith('data:'))
			problem(current, `external request: ${p.request.url}`);
		else if (m.method === 'Network.loadingFailed' && !p.canceled)
			// (a load Chromium cancels itself, e.g. a 1x image when the
			// 2x one is chosen, is no failure: an image that does not
			// load is caught by its naturalWidth)
			problem(current, `load failed: ${p.errorText}`);
	});
	for (const m of ['Page.enable', 'Runtime.enable', 'Log.enable', 'Network.enable']) await S(m);

	const visit = async (page, scale, width = 1280) => {
		await S('Emulation.setDeviceMetricsOverride', { width, height: width < 600 ? 844 : 1000,
			deviceScaleFactor: scale, mobile: width < 600 });
		current = page;
		const loaded = br.waitFor((m) => m.sessionId === sessionId && m.method === 'Page.loadEventFired', 30000);
		const nav = await S('Page.navigate', { url: pathToFileURL(page).href });
		if (nav.errorText) problem(page, `navigation failed: ${nav.errorText}`);
		await loaded;
		const r = await S('Runtime.evaluate', { expression: inPage, returnByValue: true });
		return r.result.value;
	};

	let nimg = 0, nlinks = 0, shot = null;
	for (const page of pages) {
		const d = await visit(page, 1);
		checkStructure(page, d);
		checkLinks(page, d, idsOf);
		nimg += d.imgs.length;
		nlinks += d.links.length;
		if (d.imgs.length > 0) {
			// On a 2x screen too every chart is its SVG, loaded (vector:
			// sharp at any density, no 2x file).
			const d2 = await visit(page, 2);
			for (const img of d2.imgs) {
				if (!(img.w > 0) || !/\.svg$/.test(img.src)) problem(page, `chart not shown as its SVG, or not loaded: ${img.src}`);
				nimg++;
			}
			if (shot === null && !page.includes(`${path.sep}en${path.sep}`) &&
			    page.includes(`${path.sep}indicators${path.sep}`)) {
				await visit(page, 1);
				const { data } = await S('Page.captureScreenshot', { format: 'png' });
				shot = Buffer.from(data, 'base64');
				fs.writeFileSync(shotPath, shot);
				const c = pngColours(shot);
				if (c.colours < 64) problem(page, `screenshot looks blank: ${c.colours} colours in ${c.width}x${c.height}`);
				console.log(`screenshot of ${path.relative(root, page)}: ${c.width}x${c.height}, ${c.colours} colours -> ${shotPath}`);
			}
		}
	}
	if (withLayout) await checkLayouts(S, visit);
	current = null;
	await br.close();
	if (shot === null) problem(root, 'no page with a chart to take a screenshot of');
	if (nimg === 0) problem(root, 'no images at all');
	if (problems.length) {
		console.error(problems.slice(0, 50).join('\n'));
		console.error(`FAIL: ${problems.length} problems in ${pages.length} pages`);
		process.exit(1);
	}
	console.log(`browser: ${pages.length} pages, ${nimg} images, ${nlinks} links: ok`);
}

let browser = null;	// killed if anything throws
main().catch((e) => {
	console.error(`FAIL: ${e.stack || e}`);
	if (browser !== null && browser.proc.exitCode === null) browser.proc.kill('SIGKILL');
	if (browser !== null) fs.rmSync(browser.profile, { recursive: true, force: true });
	process.exit(1);
});
