// Drives Debian's Chromium through certgraph's /explore as a person would, with every
// request to another host aborted: the list, a search, DevOps Engineer Expert with its
// diagram, then "what do I still need?" with AZ-104 held. Saves a screenshot of each of
// the three views in DIR and prints one JSON report; any failure exits non-zero.
//
// usage: node explore.mjs http://127.0.0.1:PORT/explore --screenshots DIR
// env:   CHROMIUM (default /usr/bin/chromium)
import { join } from "node:path";
import { drive, newReport } from "./harness.mjs";

const [url, ...rest] = process.argv.slice(2);
const flag = rest.indexOf("--screenshots");
if (!url || flag < 0) throw new Error("usage: node explore.mjs URL --screenshots DIR");
const dir = rest[flag + 1];

const report = newReport(url, join(dir, "explore-last.png"), { screenshots: [] });
await drive("explore.mjs", report, run);

async function shot(page, name) {
  const path = join(dir, `explore-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  report.screenshots.push(path);
}

async function run(page) {
  await page.goto(url, { waitUntil: "load" });
  await page.getByRole("heading", { level: 1, name: "Certifications" }).waitFor();
  await page.locator("tbody tr").first().waitFor();
  report.listRows = await page.locator("tbody tr").count();
  await shot(page, "list");

  // Search, by label, as a screen reader user would find the field.
  await page.getByLabel("Search").fill("devops");
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByText(/^\d+ certifications?$/).filter({ hasNotText: String(report.listRows) }).waitFor();
  report.searchRows = await page.locator("tbody tr").count();
  report.found = await page.locator("tbody tr a").allInnerTexts();

  await page.getByRole("link", { name: "DevOps Engineer Expert" }).click();
  await page.getByRole("heading", { level: 1, name: "DevOps Engineer Expert" }).waitFor();
  const diagram = page.locator(".diagram img");
  await diagram.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector(".diagram img");
    return img && img.complete && img.naturalWidth > 0;
  });
  report.diagram = await diagram.evaluate((img) => ({
    alt: img.alt, width: img.naturalWidth, height: img.naturalHeight, src: img.getAttribute("src"),
  }));
  report.headings = await page.getByRole("heading", { level: 2 }).allInnerTexts();
  report.groups = await page.locator(".group").allInnerTexts();
  report.detailText = await page.locator("main").innerText();
  await shot(page, "detail");

  await page.getByRole("link", { name: /What do I still need for DevOps Engineer Expert/ }).click();
  await page.getByLabel(/Held exams and certifications/).fill("AZ-104");
  await page.getByLabel("Target").selectOption("devops-engineer");
  await page.getByRole("button", { name: "Plan" }).click();
  // The link opened a plan for an empty holding; wait for the one with AZ-104 held.
  await page.waitForFunction(() => location.hash.includes("holding=AZ-104"));
  await page.locator(".plan .summary", { hasText: "AZ-104" }).filter({ hasNotText: "Pass AZ-104" }).waitFor();
  report.summary = await page.locator(".plan .summary").innerText();
  report.steps = await page.locator(".plan ol li").allInnerTexts();
  await shot(page, "plan");
}
