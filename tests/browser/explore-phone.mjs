// Drives certgraph's /explore in Debian's Chromium at phone width (375×740) with the
// keyboard only — Tab, Shift+Tab, Enter and typing, never a click — with every request to
// another host aborted: the skip link, a search, DevOps Engineer Expert, then "what do I
// still need?" with AZ-104 held. Records where focus lands after each step and whether
// any view scrolls sideways; saves a screenshot of each view in DIR and prints one JSON
// report. Any failure to go on exits non-zero.
//
// usage: node explore-phone.mjs http://127.0.0.1:PORT/explore --screenshots DIR
// env:   CHROMIUM (default /usr/bin/chromium)
import { join } from "node:path";
import { drive, newReport } from "./harness.mjs";

const VIEWPORT = { width: 375, height: 740 };
const MAX_TABS = 40;

const [url, ...rest] = process.argv.slice(2);
const flag = rest.indexOf("--screenshots");
if (!url || flag < 0) throw new Error("usage: node explore-phone.mjs URL --screenshots DIR");
const dir = rest[flag + 1];

const report = newReport(url, join(dir, "explore-phone-last.png"), {
  viewport: VIEWPORT, focus: {}, tabs: {}, widths: {}, screenshots: [],
});
await drive("explore-phone.mjs", report, run, { viewport: VIEWPORT });

/** What has focus, as a person would name it: "H1 Certifications", "INPUT Search", … */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "BODY";
    const label = el.getAttribute("aria-label") ?? el.labels?.[0]?.firstChild?.textContent ?? el.textContent;
    return `${el.tagName} ${label.trim().replace(/\s+/g, " ")}`;
  });
}

/** Presses `key` until focus is on `want` (a focused() string); records every stop. */
async function tabTo(page, name, want, key = "Tab") {
  const stops = [];
  while (stops.length < MAX_TABS) {
    await page.keyboard.press(key);
    stops.push(await focused(page));
    if (stops.at(-1) === want) break;
  }
  report.tabs[name] = stops;
  if (stops.at(-1) !== want) throw new Error(`${key} never reached ${want}: ${stops.join(" → ")}`);
}

/** Whether the view scrolls sideways, and which elements stick out past the viewport. */
async function width(page, view) {
  report.widths[view] = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth,
    outside: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !el.parentElement.closest(".diagram"))
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
      .slice(0, 10),
  }));
  const path = join(dir, `explore-phone-${view}.png`);
  await page.screenshot({ path, fullPage: true });
  report.screenshots.push(path);
}

async function run(page) {
  await page.goto(url, { waitUntil: "load" });
  await page.getByRole("heading", { level: 1, name: "Certifications" }).waitFor();
  await page.locator("tbody tr").first().waitFor();
  report.listRows = await page.locator("tbody tr").count();
  report.focus.loaded = await focused(page);
  await width(page, "list");

  // The first stop is the skip link; it leads into the content without leaving the view.
  await page.keyboard.press("Tab");
  report.focus.firstTab = await focused(page);
  await page.keyboard.press("Enter");
  report.focus.skipped = await focused(page);

  await tabTo(page, "toSearch", "INPUT Search");
  await page.keyboard.type("devops");
  await page.keyboard.press("Enter");
  await page.getByText(/^\d+ certifications?$/).filter({ hasNotText: String(report.listRows) }).waitFor();
  report.searchRows = await page.locator("tbody tr").count();
  report.focus.searched = await focused(page);

  await tabTo(page, "toDevOps", "A DevOps Engineer Expert");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "DevOps Engineer Expert" }).waitFor();
  await page.waitForFunction(() => document.querySelector(".diagram img")?.complete);
  report.focus.opened = await focused(page);
  await width(page, "detail");

  // Back up to the skip link and through it: still DevOps Engineer Expert, at its heading.
  await tabTo(page, "backToSkip", "A Skip to the content", "Shift+Tab");
  await page.keyboard.press("Enter");
  report.focus.skippedOnDetail = await focused(page);
  report.hashAfterSkip = await page.evaluate(() => location.hash);

  await tabTo(page, "toPlanLink", "A What do I still need for DevOps Engineer Expert?");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "What do I still need?" }).waitFor();
  await page.locator(".plan .summary").waitFor();
  report.focus.planOpened = await focused(page);

  await tabTo(page, "toHolding", "INPUT Held exams and certifications (codes, comma-separated)");
  await page.keyboard.type("AZ-104");
  await page.keyboard.press("Tab");
  report.focus.target = await focused(page);
  await page.keyboard.type("DevOps"); // a closed select picks the option its name starts with
  report.target = await page.evaluate(() => document.activeElement.value);
  await tabTo(page, "toPlanButton", "BUTTON Plan");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash.includes("holding=AZ-104"));
  await page.locator(".plan .summary", { hasText: "AZ-104" }).filter({ hasNotText: "Pass AZ-104" }).waitFor();
  report.focus.planned = await focused(page);
  report.summary = await page.locator(".plan .summary").innerText();
  report.steps = await page.locator(".plan ol li").allInnerTexts();
  await page.waitForFunction(() => document.querySelector(".plan img")?.complete);
  await width(page, "plan");
}
