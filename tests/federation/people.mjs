// A small `people` subgraph written for the test: a Person holds certifications (by code,
// owned by certgraph), and it extends certgraph's Certification entity with fields of its
// own (`holders`, `popularity`). Served with @apollo/server + @apollo/subgraph.
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const typeDefs = parse(`#graphql
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  type Query {
    people: [Person!]!
    person(id: ID!): Person
  }

  type Person @key(fields: "id") {
    id: ID!
    name: String!
    certifications: [Certification!]!
  }

  type Certification @key(fields: "code") {
    code: String!
    holders: [Person!]!
    popularity: Int!
  }
`);

const PEOPLE = [
  { id: 'ada', name: 'Ada Lovelace', holds: ['devops-engineer', 'azure-developer'] },
  { id: 'grace', name: 'Grace Hopper', holds: ['azure-administrator'] },
  { id: 'linus', name: 'Linus Torvalds', holds: ['azure-developer'] },
];

const byId = (id) => PEOPLE.find((p) => p.id === id) ?? null;
const holdersOf = (code) => PEOPLE.filter((p) => p.holds.includes(code));

const resolvers = {
  Query: {
    people: () => PEOPLE,
    person: (_, { id }) => byId(id),
  },
  Person: {
    __resolveReference: ({ id }) => byId(id),
    certifications: (person) => person.holds.map((code) => ({ code })),
  },
  Certification: {
    __resolveReference: ({ code }) => ({ code }),
    holders: ({ code }) => holdersOf(code),
    popularity: ({ code }) => holdersOf(code).length,
  },
};

/** Starts the subgraph on 127.0.0.1, on a free port; returns { url, stop }. */
export async function startPeople(logger) {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    logger,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}
