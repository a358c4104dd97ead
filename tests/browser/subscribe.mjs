// Subscribes with the real `graphql-ws` client (what dashboards and GraphiQL use) and
// reports every event as one JSON line on stdout, stamped with the time it arrived:
//   node subscribe.mjs WS_URL SPEC_JSON
// SPEC_JSON: {"subscriptions": [{"query": "...", "variables": {...}}],
//             "connectionParams": {...}}
// Lines: {"connected": true}, {"sub": I, "next": PAYLOAD, "at": MS},
// {"sub": I, "error": ERRORS}, {"sub": I, "complete": true}, {"closed": {"code", "reason"}}.
import WebSocket from "ws";
import { createClient } from "graphql-ws";

const [url, specText] = process.argv.slice(2);
const spec = JSON.parse(specText);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: spec.connectionParams ?? {},
  lazy: false,
  retryAttempts: 0,
  shouldRetry: () => false,
  on: {
    connected: () => print({ connected: true }),
    closed: (event) => print({ closed: { code: event.code, reason: event.reason } }),
  },
});

spec.subscriptions.forEach(({ query, variables }, sub) => {
  client.subscribe(
    { query, variables },
    {
      next: (payload) => print({ sub, next: payload, at: Date.now() }),
      error: (error) => print({ sub, error: Array.isArray(error) ? error : { message: String(error?.reason ?? error) } }),
      complete: () => print({ sub, complete: true }),
    },
  );
});
