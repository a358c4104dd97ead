// Runs a subscription in certgraph's /graphiql, in Debian's Chromium with every request to
// a host other than 127.0.0.1/localhost aborted: GraphiQL's own graphql-ws client (served
// by the binary) opens a WebSocket to /graphql, and the response pane shows the event the
// test's change sends. Prints one JSON report on stdout; any failure exits non-zero.
//
// usage: node graphiql-subscription.mjs http://127.0.0.1:PORT/graphiql EXPECTED [--screenshot PATH]
// (EXPECTED: text the event must contain; the test changes the catalog once subscribed.)
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drive, newReport, TIMEOUT_MS } from "./harness.mjs";

const SUBSCRIPTION = 'subscription { certificationChanged(code: "devops-engineer") { code name } }';

const [url, expected, ...rest] = process.argv.slice(2);
if (!url || !expected) throw new Error("usage: node graphiql-subscription.mjs URL EXPECTED [--screenshot PATH]");
const flag = rest.indexOf("--screenshot");
const screenshot = flag >= 0 ? rest[flag + 1] : join(tmpdir(), `certgraph-graphiql-ws-${process.pid}.png`);

const report = newReport(url, screenshot, { webSockets: [] });
await drive("graphiql-subscription.mjs", report, run);

async function run(page) {
  page.on("websocket", (socket) => report.webSockets.push(socket.url()));
  await page.goto(url, { waitUntil: "load" });
  await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
  await page.locator(".graphiql-query-editor .CodeMirror").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(SUBSCRIPTION);
  // GraphiQL picks WebSocket or HTTP from the document it last parsed, which trails the
  // editor by a debounce: let it catch up before running.
  await page.waitForTimeout(1000);
  await page.getByRole("button", { name: /Execute query/ }).click();
  // The event arrives once the test has changed the catalog.
  await page.locator(".graphiql-response").getByText(expected).waitFor({ timeout: TIMEOUT_MS });
  report.response = JSON.parse(await editorValue(page, ".graphiql-response"));
}

/** The text of the CodeMirror 5 editor inside `selector`. */
function editorValue(page, selector) {
  return page.locator(`${selector} .CodeMirror`).first().evaluate((el) => el.CodeMirror.getValue());
}
