// A bare `graphql-transport-ws` client for the bounds tests: connects, sends the messages
// it is given, and reports what the server sends and how it closes, one JSON line each:
//   node rawws.mjs WS_URL SPEC_JSON
// SPEC_JSON: {"send": [MESSAGE, ...], "pause": false}; with "pause" it stops reading from
// its socket once the messages are sent (a consumer that never reads).
// Lines: {"open": true}, {"message": MESSAGE}, {"paused": true}, {"closed": {"code", "reason"}}.
import WebSocket from "ws";

const [url, specText] = process.argv.slice(2);
const spec = JSON.parse(specText);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const socket = new WebSocket(url, "graphql-transport-ws");
socket.on("open", () => {
  print({ open: true });
  for (const message of spec.send ?? []) socket.send(JSON.stringify(message));
  if (spec.pause) {
    // Let the messages out, then stop reading: the server's writes pile up in the kernel.
    setTimeout(() => {
      socket._socket.pause();
      // A paused socket does not keep Node running: this does, until the test ends it.
      setInterval(() => {}, 60_000);
      print({ paused: true });
    }, 200);
  }
});
socket.on("message", (data) => print({ message: JSON.parse(data.toString()) }));
socket.on("close", (code, reason) => {
  print({ closed: { code, reason: reason.toString() } });
  process.exit(0);
});
socket.on("error", (error) => print({ error: String(error) }));
