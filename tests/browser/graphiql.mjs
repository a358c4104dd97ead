// Drives Debian's Chromium (never a downloaded browser) through certgraph's /graphiql with
// every request to a host other than 127.0.0.1/localhost aborted, and prints one JSON
// report on stdout. Any failure exits non-zero with the reason on stderr, after a
// screenshot where one could be taken.
//
// usage: node graphiql.mjs http://127.0.0.1:PORT/graphiql [--screenshot PATH]
// env:   CHROMIUM (default /usr/bin/chromium)
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drive, newReport } from "./harness.mjs";

const QUERY = '{ certification(code: "devops-engineer") { name } }';
const HEADER = { name: "x-certgraph-browser-test", value: "headers-editor" };

const [url, ...rest] = process.argv.slice(2);
if (!url) throw new Error("usage: node graphiql.mjs URL [--screenshot PATH]");
const flag = rest.indexOf("--screenshot");
const screenshot = flag >= 0 ? rest[flag + 1] : join(tmpdir(), `certgraph-graphiql-${process.pid}.png`);

const report = newReport(url, screenshot, { graphqlRequestHeaders: [] });
await drive("graphiql.mjs", report, run, {
  onLocalRequest: (request) => {
    if (new URL(request.url()).pathname === "/graphql") {
      report.graphqlRequestHeaders.push(request.headers()[HEADER.name] ?? null);
    }
  },
});

async function run(page) {
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
