// Browser checks for scripts/validate: every generated HTML page in headless
// Debian Chromium (driven by playwright-core), served by a plain static
// server on 127.0.0.1, then:
//   - axe-core at WCAG 2.0/2.1 A and AA and WCAG 2.2 AA: zero violations;
//   - no console errors, page errors, failed requests or HTTP errors;
//   - a Content-Security-Policy on every page, and no violation of it;
//   - no sideways scrolling at 320 CSS px (WCAG 1.4.10 Reflow);
//   - layout at 320, 390 and 1280 px (docs/design.md): no word broken
//     across lines inside a table cell, no table or image wider than its
//     container, every logo at least 40 px wide, and every target that is
//     not a link inside running text at least 24 by 24 px (WCAG 2.2 2.5.8);
//   - the search page returns results for a typed query and for ?q=, and a
//     typed search downloads at most SEARCH_BUDGET bytes in all (the page,
//     its styles and script, and the index files it fetches);
//   - screenshots of one page of each kind, and of the search page with
//     results, at 390 px and 1280 px.
//
// Usage: node browser.mjs --site DIR --base-url URL [--shots DIR] [--label NAME]
//                         [--chromium /usr/bin/chromium]
//        node browser.mjs --site DIR --base-url URL --search-only [--query WORD]
// --search-only runs the search checks alone (for a large generated site:
// docs/performance.md, "Search"), with WORD as the typed query.
// The site is served under the path of its base_url (e.g. /briefing/), and
// requests for the base_url itself (a redirect page's absolute target) are
// answered from the same folder. Without --shots, only the per-page checks
// run (no search or screenshots): that is how fixture sites are checked.
// Prints one "PASS name" or "FAIL name: reason" line per check on stdout,
// details on stderr. Exits 1 if any check failed, 2 if it could not run.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- arguments
const args = process.argv.slice(2);
function arg(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}
const SITE = path.resolve(arg("--site", ""));
const SHOTS = arg("--shots") ? path.resolve(arg("--shots")) : null;
const CHROMIUM = arg("--chromium", "/usr/bin/chromium");
const LABEL = arg("--label") ? `${arg("--label")}: ` : "";
const SEARCH_ONLY = args.includes("--search-only");
const QUERY = arg("--query");
// The most a first search may download, in bytes (issue 21: a phone on a
// 10,000-page site).
const SEARCH_BUDGET = 300 * 1000;
if (!arg("--site") || !arg("--base-url")) {
  console.error("usage: node browser.mjs --site DIR --base-url URL [--shots DIR] [--label NAME] [--chromium PATH]");
  process.exit(2);
}
const BASE_URL = new URL(arg("--base-url"));
const BASE_PATH = BASE_URL.pathname.endsWith("/") ? BASE_URL.pathname : BASE_URL.pathname + "/";

// The flags the project runs Chromium with (see docs/validation.md).
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

// axe-core tags: WCAG 2.0 and 2.1 at A and AA, and WCAG 2.2 AA.
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// One screenshot subject per kind of page, found from what the site has.
// `section` is the folder whose presence makes the kind required: a site
// without /meetings/ (board papers not built) has no meeting page to shoot,
// and says so; a site with /meetings/ but no meeting page fails.
const SCREENSHOT_KINDS = [
  { name: "home", section: "", match: (p) => p === "/" },
  { name: "case-study", section: "case-studies", match: (p) => /^\/case-studies\/[^/]+\/$/.test(p) },
  { name: "role", section: "roles", match: (p) => /^\/roles\/[^/]+\/$/.test(p), prefer: openRoles },
  { name: "meeting", section: "meetings", match: (p) => /^\/meetings\/[^/]+\/$/.test(p) },
];
const WIDTHS = [390, 1280];
const REFLOW_WIDTH = 320;
const LAYOUT_WIDTHS = [320, 390, 1280];

/**
 * Layout problems of the page as drawn now (run in the page). A word is
 * a run of letters and digits: a line may break at a space, a hyphen or a
 * slash, not inside a word.
 */
function layoutProblems() {
  const out = [];
  const where = (el) => {
    const id = el.closest("[id]")?.id;
    return `${el.tagName.toLowerCase()}${id ? ` in #${id}` : ""}`;
  };
  for (const cell of document.querySelectorAll("th, td")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(`"${m[0]}" broken across lines in a ${where(cell)}`);
      }
    }
  }
  for (const el of document.querySelectorAll("table, img, figure")) {
    const parent = el.parentElement;
    if (!parent || !el.getClientRects().length || parent.closest("pre, .table-scroll")) continue;
    const box = parent.getBoundingClientRect();
    const style = getComputedStyle(parent);
    const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    if (el.getBoundingClientRect().right > right + 1) out.push(`a ${where(el)} is wider than its container`);
  }
  for (const img of document.querySelectorAll('img[class*="logo"]')) {
    const w = img.getBoundingClientRect().width;
    if (w > 0 && w < 40) out.push(`a logo (${img.getAttribute("src")}) is drawn ${Math.round(w)} px wide`);
  }
  // Targets: 24 by 24 px, or spaced so that a 24 px circle on an
  // undersized one's centre meets no other target nor another undersized
  // target's circle (WCAG 2.2 2.5.8's spacing exception). Links inside
  // running text are exempt; these are not in running text.
  const targets = [...document.querySelectorAll("button, input, select, summary, a.button, nav a, .role-actions a")]
    .map((t) => ({ t, r: t.getBoundingClientRect() }))
    .filter(({ t, r }) => r.width > 0 && getComputedStyle(t).visibility !== "hidden");
  const small = (r) => r.width < 24 || r.height < 24;
  const centre = (r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  const distanceToRect = (c, r) => Math.hypot(Math.max(r.left - c.x, 0, c.x - r.right), Math.max(r.top - c.y, 0, c.y - r.bottom));
  for (const { t, r } of targets.filter(({ r }) => small(r))) {
    const c = centre(r);
    const crowded = targets.some(({ t: o, r: q }) => {
      if (o === t || o.contains(t) || t.contains(o)) return false;
      if (distanceToRect(c, q) < 12) return true;
      if (!small(q)) return false;
      const d = centre(q);
      return Math.hypot(c.x - d.x, c.y - d.y) < 24;
    });
    if (crowded) {
      out.push(`the target "${(t.textContent || t.value || "").trim().slice(0, 30)}" is ${Math.round(r.width)} by ${Math.round(r.height)} px, too close to another`);
    }
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------- results
let failed = 0;
function pass(name, note) {
  console.log(`PASS ${name}${note ? ` (${note})` : ""}`);
}
function fail(name, reason) {
  failed += 1;
  let text = String(reason).replace(/\s+/g, " ").trim();
  console.error(`${name}: ${text}`); // in full, in the log
  if (text.length > 1200) text = `${text.slice(0, 1200)}… (${text.length - 1200} more characters in the log)`;
  console.log(`FAIL ${name}: ${text}`);
}
function note(text) {
  console.log(`NOTE ${text}`);
}

// ---------------------------------------------------------------- site
function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** URL path of an HTML file: a/b/index.html -> /a/b/, 404.html -> /404.html
 *  (under the base path: /briefing/a/b/). */
function urlPath(file) {
  const rel = path.relative(SITE, file).split(path.sep).join("/");
  if (rel === "index.html") return BASE_PATH;
  if (rel.endsWith("/index.html")) return BASE_PATH + rel.slice(0, -"index.html".length);
  return BASE_PATH + rel;
}

function openRoles() {
  try {
    const index = JSON.parse(readFileSync(path.join(SITE, "roles", "index.json"), "utf8"));
    return index.roles.filter((r) => r.status === "open").map((r) => r.url);
  } catch {
    return [];
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** A plain static file server (no live reload, nothing injected), serving
 *  the folder at the base path. */
function serve(root) {
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!pathname.startsWith(BASE_PATH)) {
      if (pathname + "/" === BASE_PATH) {
        res.writeHead(301, { Location: BASE_PATH }).end();
        return;
      }
      res.writeHead(404, { "Content-Type": "text/plain" }).end("outside the site");
      return;
    }
    let file = path.join(root, pathname.slice(BASE_PATH.length - 1));
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { Location: pathname + "/" }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      const notFound = path.join(root, "404.html");
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      res.end(existsSync(notFound) ? readFileSync(notFound) : "not found");
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---------------------------------------------------------------- browser
/** Watch a page for console errors, page errors, failed and bad requests. */
function watch(page, origin) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const where = msg.location()?.url;
      problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ""}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? "?"})`),
  );
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      problems.push(`request outside the site: ${url}`);
    }
  });
  return problems;
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
      return `${v.id} [${v.impact}] ×${v.nodes.length}: ${v.help} (${targets})`;
    })
    .join("; ");
}

async function main() {
  if (!existsSync(SITE) || !statSync(SITE).isDirectory()) {
    fail(`${LABEL}browser: site folder`, `${SITE} does not exist`);
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    fail(`${LABEL}browser: chromium`, `${CHROMIUM} not found (install Debian's chromium package)`);
    process.exit(1);
  }
  let chromium;
  let axeSource;
  try {
    ({ chromium } = require("playwright-core"));
    axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  } catch (e) {
    fail(`${LABEL}browser: node packages`, `playwright-core or axe-core missing (${e.message}); run npm ci in scripts/validate-tools`);
    process.exit(1);
  }
  const axeVersion = require("axe-core/package.json").version;
  const pwVersion = require("playwright-core/package.json").version;

  const htmlFiles = walk(SITE).filter((f) => f.endsWith(".html")).sort();
  const pages = htmlFiles.map(urlPath);
  if (pages.length === 0) {
    fail(`${LABEL}browser: pages`, "no HTML pages in the site");
    process.exit(1);
  }

  const server = await serve(SITE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = mkdtempSync(path.join(tmpdir(), "dossier-validate-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
      locale: "en-GB",
      timezoneId: "Europe/London",
      serviceWorkers: "block",
    });
  } catch (e) {
    fail(`${LABEL}browser: launch chromium`, e.message.split("\n")[0]);
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    process.exit(1);
  }
  const browserVersion = context.browser()?.version() ?? "unknown";
  if (!LABEL) console.log(`VERSIONS Chromium ${browserVersion}, playwright-core ${pwVersion}, axe-core ${axeVersion}`);
  console.error(`browser: ${pages.length} pages at ${origin}${BASE_PATH}`);

  // The site's own absolute URLs (a redirect page's target, say) are answered
  // from the local server, so nothing leaves the machine.
  const baseOrigin = BASE_URL.origin;
  if (baseOrigin !== origin) {
    await context.route(`${baseOrigin}/**`, async (route) => {
      const local = origin + route.request().url().slice(baseOrigin.length);
      try {
        const response = await route.fetch({ url: local });
        await route.fulfill({ response });
      } catch {
        await route.abort();
      }
    });
  }

  if (SEARCH_ONLY) {
    try {
      await checkSearch(context, origin, pages);
    } finally {
      await context.close();
      server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
    return;
  }
  try {
    // ---- axe + console on every page
    const reflowFailures = [];
    const layoutFailures = [];
    const icons = new Map(); // favicon URL a browser asks for -> first page using it
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i];
      const html = readFileSync(htmlFiles[i], "utf8");
      const refresh = html.match(/<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"/i);
      const name = `${LABEL}axe+console ${p}`;
      const page = await context.newPage();
      const problems = watch(page, origin);
      try {
        if (refresh) {
          // A redirect page: check it with its refresh taken out, so axe sees it.
          await page.route(origin + p, (route) =>
            route.fulfill({
              status: 200,
              contentType: TYPES[".html"],
              body: html.replace(/<meta\s+http-equiv="refresh"[^>]*>/i, ""),
            }),
          );
        }
        // Content-Security-Policy violations, as the page reports them (an
        // init script runs outside the page's policy, as axe does below).
        await page.addInitScript(() => {
          window.__cspViolations = [];
          document.addEventListener("securitypolicyviolation", (e) =>
            window.__cspViolations.push(
              `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` +
                (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "") +
                (e.sample ? ` (${e.sample})` : ""),
            ),
          );
        });
        const response = await page.goto(origin + p, { waitUntil: "load", timeout: 30000 });
        if (!response || response.status() !== 200) {
          problems.push(`HTTP ${response ? response.status() : "no response"} for the page itself`);
        }
        await page.waitForLoadState("networkidle", { timeout: 10000 }).catch(() => {});
        const csp = await page.evaluate(() => ({
          declared: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
          violations: window.__cspViolations ?? [],
        }));
        if (!csp.declared) problems.push("no Content-Security-Policy meta element");
        for (const v of csp.violations) problems.push(`Content-Security-Policy violation: ${v}`);
        // axe is evaluated through the DevTools protocol, which the page's
        // policy does not govern (a <script> tag added would be refused).
        await page.evaluate(axeSource);
        const result = await page.evaluate(
          async (tags) =>
            await window.axe.run(document, {
              runOnly: { type: "tag", values: tags },
              resultTypes: ["violations", "incomplete"],
            }),
          AXE_TAGS,
        );
        if (result.incomplete.length) {
          console.error(`${p}: axe needs review (not failed): ${result.incomplete.map((v) => `${v.id}×${v.nodes.length}`).join(", ")}`);
        }
        if (result.violations.length) problems.push(`axe: ${describeViolations(result.violations)}`);

        // The icon a browser fetches for the tab: the page's <link rel="icon">,
        // else /favicon.ico at the root of the host (checked once per URL below).
        const icon = await page.evaluate(() => {
          const link = document.querySelector('link[rel~="icon"]');
          return link ? link.href : new URL("/favicon.ico", location.href).href;
        });
        if (!icons.has(icon)) icons.set(icon, p);

        // Reflow: no horizontal scrolling at 320 CSS px.
        await page.setViewportSize({ width: REFLOW_WIDTH, height: 800 });
        await page.waitForTimeout(50);
        const widths = await page.evaluate(() => ({
          doc: document.documentElement.scrollWidth,
          body: document.body ? document.body.scrollWidth : 0,
        }));
        if (Math.max(widths.doc, widths.body) > REFLOW_WIDTH) {
          reflowFailures.push(`${p} is ${Math.max(widths.doc, widths.body)} px wide`);
        }
        for (const width of LAYOUT_WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await page.waitForTimeout(50);
          for (const problem of await page.evaluate(layoutProblems)) {
            layoutFailures.push(`${p} at ${width} px: ${problem}`);
          }
        }
      } catch (e) {
        problems.push(`could not check: ${e.message.split("\n")[0]}`);
      }
      await page.close();
      if (problems.length) fail(name, problems.join("; "));
      else pass(name);

      if (refresh) await checkRedirect(context, origin, p, refresh[1], pages);
    }
    const iconProblems = [];
    for (const [icon, first] of icons) {
      const response = await context.request.get(icon).catch((e) => ({ status: () => e.message }));
      const type = response.headers ? response.headers()["content-type"] ?? "" : "";
      if (response.status() !== 200 || !type.startsWith("image/")) {
        iconProblems.push(`${icon.replace(origin, "")} (wanted by ${first} and maybe others) answers ${response.status()} ${type}`);
      }
    }
    const iconName = `${LABEL}favicon requested by every page exists`;
    if (iconProblems.length) fail(iconName, iconProblems.join("; "));
    else pass(iconName, [...icons.keys()].map((u) => u.replace(origin, "")).join(", "));

    const reflowName = `${LABEL}reflow at ${REFLOW_WIDTH} px (${pages.length} pages)`;
    if (reflowFailures.length) fail(reflowName, reflowFailures.join("; "));
    else pass(reflowName);
    const layoutName = `${LABEL}layout at ${LAYOUT_WIDTHS.join(", ")} px: words, widths, logos, targets (${pages.length} pages)`;
    if (layoutFailures.length) fail(layoutName, `${layoutFailures.length} problems: ${layoutFailures.join("; ")}`);
    else pass(layoutName);

    if (SHOTS) {
      await checkSearch(context, origin, pages);
      await screenshots(context, origin, pages);
    }
  } finally {
    await context.close().catch(() => {});
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

/** A redirect page, loaded as a browser would: it lands on a page of the site. */
async function checkRedirect(context, origin, p, target, pages) {
  const name = `${LABEL}redirect ${p}`;
  const page = await context.newPage();
  const problems = watch(page, origin);
  try {
    const expected = new URL(target, BASE_URL).pathname;
    await page.goto(origin + p, { waitUntil: "load", timeout: 30000 });
    await page.waitForURL((url) => url.pathname === expected, { timeout: 10000 });
    await page.waitForLoadState("load");
    if (!pages.includes(expected)) problems.push(`redirects to ${target}, which is not a page of the site`);
    const h1 = await page.locator("h1").first().textContent({ timeout: 5000 }).catch(() => null);
    if (!h1) problems.push(`the page it lands on (${target}) has no h1`);
  } catch (e) {
    problems.push(`did not arrive at ${target}: ${e.message.split("\n")[0]}`);
  }
  await page.close();
  // Requests for the site's absolute URLs are answered locally (see the route above).
  const real = problems.filter((x) => !x.startsWith(`request outside the site: ${BASE_URL.origin}`));
  if (real.length) fail(name, real.join("; "));
  else pass(name, `→ ${target}`);
}

/** Screenshots of one page of each kind at each width. */
async function screenshots(context, origin, pages) {
  mkdirSync(SHOTS, { recursive: true });
  const siteRel = (p) => "/" + p.slice(BASE_PATH.length);
  for (const kind of SCREENSHOT_KINDS) {
    const candidates = pages.filter((p) => kind.match(siteRel(p)));
    const preferred = kind.prefer ? kind.prefer().filter((u) => candidates.includes(u)) : [];
    const target = preferred[0] ?? candidates[0];
    const name = `screenshots ${kind.name}`;
    if (!target) {
      if (kind.section && !existsSync(path.join(SITE, kind.section))) {
        note(`no ${kind.name} page: this site has no /${kind.section}/, so no ${kind.name} screenshots`);
      } else {
        fail(name, `no ${kind.name} page found in the site`);
      }
      continue;
    }
    const page = await context.newPage();
    const problems = watch(page, origin);
    const written = [];
    try {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(origin + target, { waitUntil: "load", timeout: 30000 });
        const file = path.join(SHOTS, `${kind.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        if (!existsSync(file) || statSync(file).size < 1000) problems.push(`${file} was not written`);
        written.push(path.basename(file));
      }
    } catch (e) {
      problems.push(e.message.split("\n")[0]);
    }
    await page.close();
    if (problems.length) fail(name, problems.join("; "));
    else pass(name, `${target} → ${written.join(", ")}`);
  }
}

/** The search page: results for a query typed into it, and for ?q=. */
async function checkSearch(context, origin, pages) {
  const searchPage = pages.find((p) => p === `${BASE_PATH}search/`);
  if (!searchPage) {
    fail("search: typed query", `the site has no ${BASE_PATH}search/ page`);
    return;
  }
  // A word that must find the Knowsley case study if the site has it,
  // else the first word of the first case study's slug.
  const caseStudies = pages.filter((p) => p.startsWith(`${BASE_PATH}case-studies/`) && p.split("/").length === BASE_PATH.split("/").length + 2);
  const knowsley = `${BASE_PATH}case-studies/knowsley/`;
  const expected = caseStudies.includes(knowsley) ? knowsley : caseStudies[0];
  const query = QUERY ?? (expected ? expected.split("/").at(-2).split("-")[0] : "the");

  async function results(page) {
    await page.waitForSelector(".search-results-list .search-result", { timeout: 10000 });
    return page.evaluate(() => ({
      status: document.getElementById("search-status")?.textContent ?? "",
      hrefs: [...document.querySelectorAll(".search-results-list .search-result a")].map((a) => a.getAttribute("href")),
    }));
  }
  function verify(name, r, problems) {
    if (!/\d+ results?\b/.test(r.status)) problems.push(`status line says “${r.status}”`);
    if (r.hrefs.length === 0) problems.push("no result links");
    const broken = r.hrefs.filter((h) => !pages.includes(h));
    if (broken.length) problems.push(`result links to pages that do not exist: ${broken.join(", ")}`);
    if (expected && !r.hrefs.includes(expected)) problems.push(`${expected} not among the results (${r.hrefs.join(", ")})`);
    if (problems.length) fail(name, problems.join("; "));
    else pass(name, `“${query}”: ${r.status.trim()}`);
  }

  // Typed, key by key, as a person would.
  {
    const page = await context.newPage();
    const problems = watch(page, origin);
    try {
      await page.goto(origin + searchPage, { waitUntil: "load" });
      await page.getByLabel(/search/i).first().click();
      await page.keyboard.type(query, { delay: 30 });
      const r = await results(page);
      // Everything this visit downloaded: the page, then what it loaded.
      const sizes = await page.evaluate(() =>
        [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => ({
          url: e.name,
          bytes: e.encodedBodySize,
        })),
      );
      const total = sizes.reduce((sum, e) => sum + e.bytes, 0);
      const index = sizes.filter((e) => /\/search\/(index|words\/|pages\/)[^/]*\.json$/.test(new URL(e.url).pathname));
      const indexBytes = index.reduce((sum, e) => sum + e.bytes, 0);
      console.error(`search: “${query}” downloaded ${total} bytes in ${sizes.length} files, ${indexBytes} of them in ${index.length} index files`);
      for (const e of sizes) console.error(`  ${e.bytes}\t${new URL(e.url).pathname}`);
      if (total > SEARCH_BUDGET) problems.push(`the search downloaded ${total} bytes, over the ${SEARCH_BUDGET} allowed`);
      r.status += ` (${total} bytes downloaded, ${indexBytes} of index in ${index.length} files)`;
      verify("search: typed query returns results", r, problems);
    } catch (e) {
      problems.push(e.message.split("\n")[0]);
      fail("search: typed query returns results", problems.join("; "));
    }
    await page.close();
  }
  // From the address (?q=), and a query that matches nothing.
  {
    const page = await context.newPage();
    const problems = watch(page, origin);
    try {
      await page.goto(`${origin}${searchPage}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
      const r = await results(page);
      // The page with its results, at each width (a person looks at these).
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          await page.reload({ waitUntil: "load" });
          await results(page);
          await page.screenshot({ path: path.join(SHOTS, `search-${width}.png`), fullPage: true });
        }
      }
      const input = page.locator('input[name="q"]');
      await input.fill("zzqxjv");
      await page.waitForFunction(
        () => /no results/i.test(document.getElementById("search-status")?.textContent ?? ""),
        null,
        { timeout: 10000 },
      ).catch(() => problems.push("a query matching nothing did not say “No results”"));
      verify("search: ?q= in the address, and no results", r, problems);
    } catch (e) {
      problems.push(e.message.split("\n")[0]);
      fail("search: ?q= in the address, and no results", problems.join("; "));
    }
    await page.close();
  }
}

main().catch((e) => {
  fail(`${LABEL}browser: unexpected error`, e.stack || e.message);
  process.exit(1);
});
