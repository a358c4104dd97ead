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

// The first view leaves focus at the top of the page (the skip link is the first stop);
// every later one moves it to its heading, so keyboard and screen reader users land on
// what changed.
let firstView = true;

function show(title, ...content) {
  showFocusing(null, title, ...content);
}

/** Shows a view and focuses `focus` (an element of `content`), else the view's heading. */
function showFocusing(focus, title, ...content) {
  document.title = `${title} · certgraph`;
  const heading = h("h1", { tabindex: "-1" }, title);
  main().replaceChildren(heading, ...content.flat().filter((c) => c !== null && c !== undefined));
  if (firstView) firstView = false;
  else (focus || heading).focus();
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
    // It scrolls sideways on a narrow screen: a stop of its own, so the keyboard can scroll it.
    h("div", { class: "diagram", tabindex: "0", role: "region", "aria-label": "Path diagram" },
      h("img", { src: c.pathImage.url, alt: c.pathImage.alt })),
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

async function planner(params, inPlace) {
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
  let planHeading = null;
  if (params.has("target")) {
    const codes = holding.split(",").map((s) => s.trim()).filter(Boolean);
    const { plan } = await graphql(PLAN, { target, holding: codes });
    // A plan asked for from this very form: focus goes to the answer, not back to the top.
    if (inPlace) planHeading = h("h2", { tabindex: "-1" }, "The plan");
    content.push(h("section", { class: "plan", "aria-live": "polite" },
      planHeading || h("h2", {}, "The plan"),
      h("p", { class: "summary" }, plan.summary),
      h("ol", {}, plan.exams.map((s) => h("li", {}, `Exam ${s.exam.code}${s.exam.title ? `: ${s.exam.title}` : ""}`,
        s.retired ? " (retired)" : "", s.courses.length ? ` — courses: ${s.courses.map((k) => k.code).join(", ")}` : ""))),
      plan.held.length ? h("p", {}, "Already yours: ", plan.held.map((c) => c.name).join(", ")) : null,
      h("p", {}, h("img", { class: "diagram", alt: `The path to ${target}, what you hold highlighted`,
        src: `/certifications/${encodeURIComponent(target)}/path.svg?holding=${encodeURIComponent(codes.join(","))}` }))));
  }
  showFocusing(planHeading, "What do I still need?", ...content);
}

// ---- Routing ---------------------------------------------------------------------------

let shownPath = null;

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query || "");
  const previous = shownPath;
  shownPath = path;
  try {
    if (path.startsWith("/c/")) await detail(decodeURIComponent(path.slice(3)));
    else if (path === "/plan") await planner(params, previous === "/plan");
    else await list(params);
  } catch (error) {
    failed(error);
  }
}

// The skip link moves focus to the view's heading without changing the hash (a hash of
// "#main" would be routed, and leave the view).
document.addEventListener("click", (event) => {
  if (!event.target.closest || !event.target.closest(".skip")) return;
  event.preventDefault();
  (main().querySelector("h1") || main()).focus();
});

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", route);
