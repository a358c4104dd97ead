// The catalog explorer: a small client of the public GraphQL API (/graphql), with three
// views chosen by the URL's hash: the catalog list (#/), a certification (#/c/CODE) and
// "what do I still need?" (#/plan). It loads nothing from other hosts.
"use strict";

const main = () => document.getElementById("main");

async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

/** An element with attributes and children (strings become text, never HTML). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== null && value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}

function show(title, ...content) {
  document.title = `${title} · certgraph`;
  const target = main();
  target.replaceChildren(h("h1", {}, title), ...content);
  target.focus();
}

function failed(error) {
  show("Something went wrong", h("p", { class: "error", role: "alert" }, String(error.message || error)));
}

const certLink = (c) => h("a", { href: `#/c/${encodeURIComponent(c.code)}` }, c.name || c.code);
const label = (item) => (item.__typename === "Exam" ? `Exam ${item.code}${item.title ? `: ${item.title}` : ""}` : null);

// ---- The catalog list -------------------------------------------------------------------

const LIST = `query($filter: CertificationFilter) {
  certifications(first: 100, filter: $filter) { totalCount nodes { code name level status } } }`;

async function list(params) {
  const text = params.get("q") || "", level = params.get("level") || "", status = params.get("status") || "";
  const select = (name, labelText, values, current) =>
    h("label", {}, labelText,
      h("select", { name }, h("option", { value: "" }, "any"),
        values.map((v) => h("option", current === v ? { value: v, selected: "" } : { value: v }, v.toLowerCase()))));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      const query = new URLSearchParams([...data].filter(([, v]) => v));
      location.hash = `#/?${query}`;
    } },
    h("label", {}, "Search", h("input", { name: "q", type: "search", value: text, placeholder: "e.g. devops" })),
    select("level", "Level", ["FUNDAMENTALS", "ASSOCIATE", "EXPERT", "SPECIALTY"], level),
    select("status", "Status", ["ACTIVE", "RETIRED"], status),
    h("button", { type: "submit" }, "Show"));
  const filter = {};
  if (text) filter.text = text;
  if (level) filter.level = level;
  if (status) filter.status = status;
  const data = await graphql(LIST, { filter });
  const rows = data.certifications.nodes.map((c) =>
    h("tr", {}, h("td", {}, certLink(c)), h("td", {}, c.level.toLowerCase()), h("td", {}, c.status.toLowerCase())));
  show("Certifications", form,
    h("p", { "aria-live": "polite" },
      `${data.certifications.totalCount} certification${data.certifications.totalCount === 1 ? "" : "s"}`),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Level"),
      h("th", { scope: "col" }, "Status"))), h("tbody", {}, rows)));
}

// ---- One certification ----------------------------------------------------------------

const DETAIL = `query($code: String!) { certification(code: $code) {
  code name level status url description pathImage { url alt }
  requirements { position kind items { __typename ... on Certification { code name } ... on Exam { code title } } }
  prerequisites(transitive: true) { code name }
  unlocks { code name }
  requiredExams(transitive: true) { code title status courses { code title } } } }`;

async function detail(code) {
  const { certification: c } = await graphql(DETAIL, { code });
  if (!c) return show("Not found", h("p", {}, `No certification has the code ${code}.`));
  const groups = c.requirements.map((g) =>
    h("div", { class: "group" }, h("p", {}, h("strong", {}, g.kind === "ALL_OF" ? "All of" : "One of")),
      h("ul", {}, g.items.map((i) => h("li", {}, i.__typename === "Certification" ? certLink(i) : label(i))))));
  const courses = c.requiredExams.flatMap((e) =>
    e.courses.length ? e.courses.map((k) => h("li", {}, `${k.code}${k.title ? ` — ${k.title}` : ""} (for ${e.code})`))
      : [h("li", {}, `${e.code}: no instructor-led training`)]);
  show(c.name,
    h("p", {}, `${c.level.toLowerCase()} · ${c.status.toLowerCase()} · `, h("code", {}, c.code)),
    c.description ? h("p", {}, c.description) : null,
    h("h2", {}, "Path"),
    h("div", { class: "diagram" }, h("img", { src: c.pathImage.url, alt: c.pathImage.alt })),
    h("h2", {}, "Requirements"), groups.length ? groups : h("p", {}, "None."),
    h("h2", {}, "Everything below it"),
    h("ul", {}, c.prerequisites.map((p) => h("li", {}, certLink(p)))),
    h("h2", {}, "What it unlocks"),
    c.unlocks.length ? h("ul", {}, c.unlocks.map((u) => h("li", {}, certLink(u)))) : h("p", {}, "Nothing yet."),
    h("h2", {}, "Courses"), h("ul", {}, courses),
    h("p", {}, h("a", { href: `#/plan?target=${encodeURIComponent(c.code)}` }, `What do I still need for ${c.name}?`)));
}

// ---- What do I still need? -------------------------------------------------------------

const TARGETS = `{ certifications(first: 100) { nodes { code name } } }`;
const PLAN = `query($target: String!, $holding: [String!]) { plan(target: $target, holding: $holding) {
  achievable alreadyEarned examCount summary unachievableReasons
  exams { exam { code title } retired courses { code } }
  held { code name } } }`;

async function planner(params) {
  const { certifications } = await graphql(TARGETS);
  const target = params.get("target") || certifications.nodes[0].code;
  const holding = params.get("holding") || "";
  const form = h("form", { class: "filters", onsubmit: (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      location.hash = `#/plan?${new URLSearchParams([...data])}`;
    } },
    h("label", {}, "Held exams and certifications (codes, comma-separated)",
      h("input", { name: "holding", value: holding, placeholder: "e.g. AZ-104, azure-fundamentals" })),
    h("label", {}, "Target",
      h("select", { name: "target" }, certifications.nodes.map((c) =>
        h("option", c.code === target ? { value: c.code, selected: "" } : { value: c.code }, c.name)))),
    h("button", { type: "submit" }, "Plan"));
  const content = [form];
  if (params.has("target")) {
    const codes = holding.split(",").map((s) => s.trim()).filter(Boolean);
    const { plan } = await graphql(PLAN, { target, holding: codes });
    content.push(h("section", { class: "plan", "aria-live": "polite" },
      h("h2", {}, "The plan"),
      h("p", { class: "summary" }, plan.summary),
      h("ol", {}, plan.exams.map((s) => h("li", {}, `Exam ${s.exam.code}${s.exam.title ? `: ${s.exam.title}` : ""}`,
        s.retired ? " (retired)" : "", s.courses.length ? ` — courses: ${s.courses.map((k) => k.code).join(", ")}` : ""))),
      plan.held.length ? h("p", {}, "Already yours: ", plan.held.map((c) => c.name).join(", ")) : null,
      h("p", {}, h("img", { class: "diagram", alt: `The path to ${target}, what you hold highlighted`,
        src: `/certifications/${encodeURIComponent(target)}/path.svg?holding=${encodeURIComponent(codes.join(","))}` }))));
  }
  show("What do I still need?", ...content);
}

// ---- Routing ---------------------------------------------------------------------------

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query || "");
  try {
    if (path.startsWith("/c/")) await detail(decodeURIComponent(path.slice(3)));
    else if (path === "/plan") await planner(params);
    else await list(params);
  } catch (error) {
    failed(error);
  }
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", route);
