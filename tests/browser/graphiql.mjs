// Drives Debian's Chromium (never a downloaded browser) through certgraph's /graphiql with
// every request to a host other than 127.0.0.1/localhost aborted, and prints one JSON
// report on stdout. Any failure exits non-zero with the reason on stderr, after a
// screenshot where one could be taken.
//
// usage: node graphiql.mjs http://127.0.0.1:PORT/graphiql [--screenshot PATH]
// env:   CHROMIUM (default /usr/bin/chromium)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const QUERY = '{ certification(code: "devops-engineer") { name } }';
const HEADER = { name: "x-certgraph-browser-test", value: "headers-editor" };
const TIMEOUT_MS = 20_000;

const [url, ...rest] = process.argv.slice(2);
if (!url) throw new Error("usage: node graphiql.mjs URL [--screenshot PATH]");
const flag = rest.indexOf("--screenshot");
const screenshot = flag >= 0 ? rest[flag + 1] : join(tmpdir(), `certgraph-graphiql-${process.pid}.png`);

const isLocal = (u) => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname);
const report = {
  url, screenshot, blocked: [], externalSucceeded: [], externalWebSockets: [], localFailed: [],
  localRequests: [], pageErrors: [], consoleErrors: [], graphqlRequestHeaders: [],
};

const userDataDir = mkdtempSync(join(tmpdir(), "certgraph-chromium-"));
// The flags Chromium needs in a closed network: no background calls to Google's hosts.
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  await guard(context);
  await canary(context);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  await run(page);
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify(report, null, 2));
} catch (error) {
  const page = context.pages()[0];
  if (page) await page.screenshot({ path: screenshot }).catch(() => {});
  console.error(`graphiql.mjs failed (screenshot: ${screenshot}): ${error.stack ?? error}`);
  console.error(JSON.stringify(report, null, 2));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

/** Aborts and records every request that would leave the machine; lets local ones through. */
async function guard(context) {
  await context.route("**/*", (route) => {
    const request = route.request();
    if (isLocal(request.url())) {
      report.localRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
      if (new URL(request.url()).pathname === "/graphql") {
        report.graphqlRequestHeaders.push(request.headers()[HEADER.name] ?? null);
      }
      return route.continue();
    }
    report.blocked.push(request.url());
    return route.abort("blockedbyclient");
  });
  context.on("requestfinished", (request) => {
    if (!isLocal(request.url())) report.externalSucceeded.push(request.url());
  });
  context.on("response", (response) => {
    if (isLocal(response.url()) && response.status() >= 400) {
      report.localFailed.push(`${response.status()} ${response.url()}`);
    }
  });
}

/** Proves the guard bites: a page on an outside host must fail to load, and be counted. */
async function canary(context) {
  const page = await context.newPage();
  const outside = "https://cdn.jsdelivr.net/npm/graphiql@3/graphiql.min.js";
  const loaded = await page.goto(outside, { timeout: TIMEOUT_MS }).then(() => true, () => false);
  await page.close();
  report.canary = { url: outside, blocked: !loaded && report.blocked.includes(outside) };
  if (!report.canary.blocked) throw new Error(`the guard let ${outside} through`);
  report.blocked = report.blocked.filter((u) => u !== outside);
}

function watch(page) {
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") report.consoleErrors.push(message.text());
  });
  page.on("websocket", (ws) => {
    if (!isLocal(ws.url())) report.externalWebSockets.push(ws.url());
  });
}

async function run(page) {
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(url, { waitUntil: "load" });
  await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
  report.title = await page.title();
  report.defaultQueryShown = (await editorValue(page, ".graphiql-query-editor")).includes("devops-engineer");

  // The query, typed into the editor as a user would (inserted text skips auto-closing).
  await page.locator(".graphiql-query-editor .CodeMirror").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(QUERY);
  report.query = await editorValue(page, ".graphiql-query-editor");

  // A header, through the headers editor: the fetch to /graphql must carry it.
  await page.getByRole("tab", { name: "Headers" }).or(page.getByText("Headers", { exact: true })).first().click();
  await page.locator(".graphiql-editor-tool .CodeMirror").last().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(JSON.stringify({ [HEADER.name]: HEADER.value }));

  await page.getByRole("button", { name: /Execute query/ }).click();
  await page.locator(".graphiql-response").getByText("DevOps Engineer Expert").waitFor();
  report.response = JSON.parse(await editorValue(page, ".graphiql-response"));
  report.headerSent = report.graphqlRequestHeaders.includes(HEADER.value);

  // History (a built-in plugin) remembers the query.
  await page.getByRole("button", { name: "Show History" }).click();
  await page.locator(".graphiql-history-item").first().waitFor();
  report.historyItems = await page.locator(".graphiql-history-item").count();

  // The documentation explorer shows the schema from introspection: Query and its fields.
  await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByText("Query", { exact: true }).first().click();
  await docs.getByText("certification", { exact: true }).first().waitFor();
  report.docs = { queryFields: await docs.locator(".graphiql-doc-explorer-field-name").allInnerTexts() };
}

/** The text of the CodeMirror 5 editor inside `selector`. */
function editorValue(page, selector) {
  return page.locator(`${selector} .CodeMirror`).first().evaluate((el) => el.CodeMirror.getValue());
}
