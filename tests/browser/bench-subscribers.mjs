// The subscription benchmark's clients (scripts/bench-subscriptions.sh): N idle `graphql-ws`
// clients, one WebSocket and one subscription each, then the time one change takes to reach
// all of them. Prints {"subscribed": N} once the server counts every subscription, waits for
// one event on every client, then prints a JSON summary: milliseconds from the change's
// commit (its `at`) to the first, median, 99th percentile and last delivery.
//   node bench-subscribers.mjs http://127.0.0.1:PORT N
import WebSocket from "ws";
import { createClient } from "graphql-ws";

const [address, countText] = process.argv.slice(2);
const count = Number(countText);
const url = address.replace(/^http/, "ws") + "/graphql";
const QUERY = "subscription { catalogChanged(kinds: [CERTIFICATION]) { code action version at } }";

const arrivals = [];
let committedAt = null;
const done = new Promise((resolve) => {
  for (let i = 0; i < count; i++) {
    const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
    client.subscribe({ query: QUERY }, {
      next: ({ data }) => {
        arrivals.push(Date.now());
        committedAt ??= Date.parse(data.catalogChanged.at);
        if (arrivals.length === count) resolve();
      },
      error: (error) => { console.error("subscription failed", error); process.exit(1); },
      complete: () => {},
    });
  }
});

// Wait until the server runs every subscription.
for (;;) {
  const metrics = await (await fetch(`${address}/metrics`)).text();
  const line = metrics.split("\n").find((l) => l.startsWith("certgraph_subscriptions "));
  if (line && Number(line.split(" ")[1]) >= count) break;
  await new Promise((r) => setTimeout(r, 100));
}
console.log(JSON.stringify({ subscribed: count }));

await done;
arrivals.sort((a, b) => a - b);
const ms = (t) => t - committedAt;
console.log(JSON.stringify({
  subscribers: count,
  firstMs: ms(arrivals[0]),
  medianMs: ms(arrivals[Math.floor(count / 2)]),
  p99Ms: ms(arrivals[Math.floor(count * 0.99) - 1]),
  lastMs: ms(arrivals[count - 1]),
}));
process.exit(0);
