// Reads every certification's pathDiagram(format: MERMAID) from a running certgraph over
// HTTP — plain, and highlighted for a holding — and has the real Mermaid (the npm package's
// browser bundle, injected from node_modules: the page loads nothing) parse and draw each
// one in Debian's Chromium. A deliberately broken diagram must fail to parse, proving the
// parser bites. Prints one JSON report; any failure to run exits non-zero.
//
// usage: node mermaid.mjs http://127.0.0.1:PORT [--holding CODE]
// env:   CHROMIUM (default /usr/bin/chromium)
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { drive, newReport } from "./harness.mjs";

const BUNDLE = fileURLToPath(new URL("./node_modules/mermaid/dist/mermaid.min.js", import.meta.url));
const BROKEN = 'flowchart TB\n  n0["an unclosed label]\n  n0 --> n1\n';

const [base, ...rest] = process.argv.slice(2);
if (!base) throw new Error("usage: node mermaid.mjs BASE_URL [--holding CODE]");
const flag = rest.indexOf("--holding");
const holding = flag >= 0 ? [rest[flag + 1]] : ["AZ-104"];

async function graphql(query, variables = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (!response.ok || body.errors) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body.data;
}

const { certifications } = await graphql("{ certifications(first: 100) { nodes { code } } }");
const diagrams = [];
for (const { code } of certifications.nodes) {
  const { certification: c } = await graphql(
    `query($code: String!, $holding: [String!]) { certification(code: $code) {
       plain: pathDiagram(format: MERMAID) held: pathDiagram(format: MERMAID, holding: $holding) } }`,
    { code, holding },
  );
  diagrams.push({ code, holding: [], text: c.plain }, { code, holding, text: c.held });
}

const report = newReport(base, join(tmpdir(), `certgraph-mermaid-${process.pid}.png`), { results: [] });
await drive("mermaid.mjs", report, async (page) => {
  await page.setContent('<!doctype html><html lang="en"><body></body></html>');
  await page.addScriptTag({ path: BUNDLE });
  report.broken = await page.evaluate(check, [{ code: "broken", holding: [], text: BROKEN }]).then((r) => r[0]);
  report.results = await page.evaluate(check, diagrams);
});

/** In the page: parse and render each diagram; what Mermaid made of it, or its error. */
async function check(diagrams) {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  const results = [];
  for (const [i, { code, holding, text }] of diagrams.entries()) {
    const declared = text.split("\n").filter((line) => /^\s*n\d+(\[|\(\()/.test(line)).length;
    try {
      const parsed = await mermaid.parse(text);
      const { svg } = await mermaid.render(`diagram${i}`, text);
      // Labels are HTML inside the SVG: an HTML parser reads the drawing back.
      const drawn = document.createElement("div");
      drawn.innerHTML = svg;
      const labels = [...drawn.querySelectorAll("g.node")].map((node) => node.textContent.trim());
      results.push({ code, holding, ok: true, type: parsed.diagramType, declared, labels });
    } catch (error) {
      results.push({ code, holding, ok: false, declared, error: String(error.message ?? error) });
    }
  }
  return results;
}
