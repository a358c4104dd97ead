// Proves certgraph works as an Apollo Federation v2 subgraph with Apollo's own packages:
// fetches certgraph's live `_service { sdl }`, composes it with the `people` subgraph
// (people.mjs) using @apollo/composition, serves the supergraph with @apollo/gateway behind
// @apollo/server, and runs queries that cross the subgraph boundary both ways.
//
//   node tests/federation/run.mjs http://127.0.0.1:PORT/graphql
//
// Prints one JSON document on stdout: { composition: { hints }, results: { name: response } }.
// Exits non-zero, saying why on stderr, on a composition error or on a composition hint
// about certgraph's schema. Everything listens on and talks to 127.0.0.1 only.
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';

import { startPeople, typeDefs as peopleTypeDefs } from './people.mjs';

// The gateway otherwise reports usage data to Apollo; this test talks to 127.0.0.1 only.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
setTimeout(() => fail('gave up after 60 s'), 60_000).unref();

/** Queries through the gateway. Each crosses from one subgraph into the other. */
export const QUERIES = {
  // people → certgraph: a person's certifications, then their requirements, from certgraph.
  personToCertgraph: `{ person(id: "ada") { name certifications { code name level
      requirements { kind items { __typename
        ... on Certification { code name }
        ... on Exam { code title courses { code } } } } } } }`,
  // certgraph → people: a certification from certgraph, with the fields people adds to it,
  // also on certifications nested in its requirements.
  certgraphToPeople: `{ certification(code: "devops-engineer") { name popularity holders { name }
      requirements { items { __typename ... on Certification { code popularity holders { name } } } } } }`,
  // people → certgraph → people: what each person's certifications unlock, and who holds that.
  roundTrip: `{ people { name certifications { code unlocks { code holders { name } } } } }`,
  // A whole certgraph page, extended by people in one batch.
  pageToPeople: `{ certifications(filter: { level: EXPERT }) { nodes { code popularity } } }`,
};

// Everything the Apollo packages log goes to stderr: stdout carries the JSON only.
const logger = {
  debug() {},
  info() {},
  warn: (message) => console.error(message),
  error: (message) => console.error(message),
};

function fail(message) {
  console.error(`federation test: ${message}`);
  process.exit(1);
}

async function post(url, query) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${url} answered ${response.status} with non-JSON: ${text.slice(0, 500)}`);
  }
}

/** certgraph's subgraph SDL, as a gateway's composition step would fetch it. */
async function certgraphSdl(url) {
  const response = await post(url, '{ _service { sdl } }');
  const sdl = response?.data?._service?.sdl;
  if (typeof sdl !== 'string') fail(`no _service.sdl from ${url}: ${JSON.stringify(response)}`);
  return sdl;
}

/** Composes the supergraph; fails on errors and on hints that concern certgraph. */
function compose(certgraph, people) {
  const result = composeServices([
    { name: 'certgraph', url: certgraph.url, typeDefs: parse(certgraph.sdl) },
    { name: 'people', url: people.url, typeDefs: peopleTypeDefs },
  ]);
  if (result.errors) fail(`composition failed:\n${result.errors.map(String).join('\n')}`);
  const hints = result.hints.map((hint) => ({
    code: hint.definition.code,
    message: hint.message,
    subgraphs: [...new Set((hint.nodes ?? []).map((node) => node.subgraph).filter(Boolean))],
  }));
  const aboutCertgraph = hints.filter(
    (h) => h.subgraphs.includes('certgraph') || h.message.includes('"certgraph"'),
  );
  if (aboutCertgraph.length) fail(`composition hints about certgraph:\n${JSON.stringify(aboutCertgraph, null, 2)}`);
  return { supergraphSdl: result.supergraphSdl, hints };
}

async function startGateway(supergraphSdl) {
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl, logger }),
    logger,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}

async function main() {
  const url = process.argv[2];
  if (!url) fail('usage: node run.mjs http://127.0.0.1:PORT/graphql');
  const certgraph = { url, sdl: await certgraphSdl(url) };
  const people = await startPeople(logger);
  let gateway;
  try {
    const { supergraphSdl, hints } = compose(certgraph, people);
    gateway = await startGateway(supergraphSdl);
    const results = {};
    for (const [name, query] of Object.entries(QUERIES)) {
      results[name] = await post(gateway.url, query);
    }
    process.stdout.write(`${JSON.stringify({ composition: { hints }, results }, null, 2)}\n`);
  } finally {
    await gateway?.stop();
    await people.stop();
  }
}

main().catch((error) => fail(error?.stack ?? String(error)));
