/**
 * The bench's webhook receiver, in its own process: answers 200 at once and keeps, per
 * delivery, the time from the event's write (`created_at`, taken by the statement that
 * records it inside the writing transaction, just before COMMIT) to its receipt.
 * `GET /stats` reports, `POST /reset` starts over. Deliveries are POSTs to any other path; each path is one endpoint, so a
 * delivery is unique per (path, event id).
 */
import { createServer } from 'node:http';

let latencies: number[] = [];
let ids = new Set<string>();
let events = new Set<string>();
let count = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const sorted = Float64Array.from(latencies).sort();
    const at = (p: number) => (sorted.length ? sorted[Math.ceil(p * sorted.length) - 1] : NaN);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        count,
        unique: ids.size,
        events: events.size,
        p50: at(0.5),
        p99: at(0.99),
      }),
    );
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    latencies = [];
    ids = new Set();
    events = new Set();
    count = 0;
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    count++;
    try {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        id?: string;
        created_at?: string;
      };
      if (event.id && event.created_at) {
        ids.add(`${req.url} ${event.id}`);
        events.add(event.id);
        latencies.push(Date.now() - Date.parse(event.created_at));
      }
    } catch {
      // the baseline's bodies need not parse
    }
    res.writeHead(200).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`receiver listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
