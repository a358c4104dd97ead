// What every browser test here shares: Debian's Chromium (never a downloaded browser) in a
// closed network — every request to a host other than 127.0.0.1/localhost aborted and
// recorded, a canary proving the guard bites — and a report of page and console errors.
// Each test script runs its own steps inside `drive` and prints the report as JSON.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const TIMEOUT_MS = 20_000;

const isLocal = (u) => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname);

/** A fresh report; `extra` adds a test's own fields. */
export function newReport(url, screenshot, extra = {}) {
  return {
    url, screenshot, blocked: [], externalSucceeded: [], externalWebSockets: [], localFailed: [],
    localRequests: [], pageErrors: [], consoleErrors: [], ...extra,
  };
}

/**
 * Launches Chromium, guards it, runs `steps(page)`, screenshots `report.screenshot`, prints
 * the report; on failure prints why and sets a non-zero exit code. `onLocalRequest` sees
 * each local request (e.g. to read a header).
 */
export async function drive(name, report, steps, { viewport = { width: 1400, height: 900 }, onLocalRequest } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "certgraph-chromium-"));
  // The flags Chromium needs in a closed network: no background calls to Google's hosts.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    await guard(context, report, onLocalRequest);
    await canary(context, report);
    const page = context.pages()[0] ?? (await context.newPage());
    watch(page, report);
    page.setDefaultTimeout(TIMEOUT_MS);
    await steps(page);
    await page.screenshot({ path: report.screenshot });
    console.log(JSON.stringify(report, null, 2));
  } catch (error) {
    const page = context.pages()[0];
    if (page) await page.screenshot({ path: report.screenshot }).catch(() => {});
    console.error(`${name} failed (screenshot: ${report.screenshot}): ${error.stack ?? error}`);
    console.error(JSON.stringify(report, null, 2));
    process.exitCode = 1;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** Aborts and records every request that would leave the machine; lets local ones through. */
async function guard(context, report, onLocalRequest) {
  await context.route("**/*", (route) => {
    const request = route.request();
    if (isLocal(request.url())) {
      report.localRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
      onLocalRequest?.(request);
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
async function canary(context, report) {
  const page = await context.newPage();
  const outside = "https://cdn.jsdelivr.net/npm/graphiql@3/graphiql.min.js";
  const loaded = await page.goto(outside, { timeout: TIMEOUT_MS }).then(() => true, () => false);
  await page.close();
  report.canary = { url: outside, blocked: !loaded && report.blocked.includes(outside) };
  if (!report.canary.blocked) throw new Error(`the guard let ${outside} through`);
  report.blocked = report.blocked.filter((u) => u !== outside);
}

function watch(page, report) {
  page.on("pageerror", (error) => report.pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") report.consoleErrors.push(message.text());
  });
  page.on("websocket", (ws) => {
    if (!isLocal(ws.url())) report.externalWebSockets.push(ws.url());
  });
}
