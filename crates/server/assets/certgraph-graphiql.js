// Mounts the vendored GraphiQL 3 (globals React, ReactDOM, GraphiQL and graphqlWs, loaded
// just before this file by /graphiql) against this server's /graphql: queries over HTTP,
// subscriptions over a WebSocket to the same address (graphql-transport-ws). Served from the binary by
// crates/server/src/routes/graphiql_assets.rs; a separate file so the page's
// Content-Security-Policy needs no 'unsafe-inline' for scripts.
(function () {
  "use strict";

  // Absolute, from wherever the page was loaded (the host and port may be proxied).
  var url = new URL("/graphql", window.location.href).href;
  var subscriptionUrl = url.replace(/^http/, "ws");
  // The headers editor's Authorization (an API key) goes in connection_init's payload:
  // browsers cannot set headers on a WebSocket.
  var wsClient = graphqlWs.createClient({
    url: subscriptionUrl,
    lazy: true,
    connectionParams: function () {
      var headers = window.certgraphHeaders || {};
      return headers.authorization || headers.Authorization
        ? { authorization: headers.authorization || headers.Authorization }
        : {};
    },
  });

  var defaultQuery = [
    "# certgraph: Ctrl-Enter (or ▶) runs this query.",
    "# Left bar: the schema's docs (book), history (clock).",
    "#",
    "# What does a DevOps Engineer Expert need? Every",
    "# group must be met: ALL_OF every item, ONE_OF any",
    "# one. Then the shortest plan for someone who has",
    "# already passed AZ-204:",
    "{",
    '  certification(code: "devops-engineer") {',
    "    name",
    "    level",
    "    requirements {",
    "      kind",
    "      items {",
    "        __typename",
    "        ... on Certification { code name }",
    "        ... on Exam { code title courses { code title } }",
    "      }",
    "    }",
    "  }",
    '  plan(target: "devops-engineer", holding: ["AZ-204"]) {',
    "    examCount",
    "    exams { exam { code } earns { code } }",
    "  }",
    "}",
    "",
  ].join("\n");

  // Keeps the headers of the last operation for the WebSocket's connection_init.
  function remembering(fetcher) {
    return function (params, options) {
      window.certgraphHeaders = (options && options.headers) || {};
      return fetcher(params, options);
    };
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: remembering(GraphiQL.createFetcher({ url: url, wsClient: wsClient })),
      defaultQuery: defaultQuery,
      // The documentation explorer and the query history are GraphiQL 3's built-in plugins.
      isHeadersEditorEnabled: true,
      // Headers often carry tokens: keep them out of localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
