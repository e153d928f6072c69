// Demo function for SlimFaas native local mode: a tiny HTTP API on $PORT (no dependencies).
//   GET  /health                 → 200 OK (readiness probe)
//   POST /fibonacci {"input":10} → {"result":55}
//   GET  /hello/<name>           → Hello <name>!
//   POST /fibonacci-recursive    → computes fib(n-1) + fib(n-2) by calling itself through SlimFaas
//   POST / or /reload            → event handler (SubscribeEvents: reload), logs the event
//   POST /shutdown               → graceful stop hook
import http from 'node:http';

const port = Number(process.env.PORT ?? 5000);
// Loopback in native local mode; a pod's own IP under the Kubernetes test server; HOST=0.0.0.0 in a container.
const host = process.env.HOST ?? process.env.POD_IP ?? '127.0.0.1';
const name = process.env.FUNCTION_NAME ?? 'fibonacci';
const slimfaas = process.env.SLIMFAAS_URL ?? 'http://127.0.0.1:30020';

const fib = (n) => (n <= 1 ? n : fib(n - 1) + fib(n - 2));

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

class BadRequest extends Error {}

/** The JSON object of the body ({} when empty); BadRequest when it is not a JSON object. */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('the body must be a JSON object');
  return value;
}

function readInput(body) {
  const input = Number(body.input ?? 10);
  if (!Number.isInteger(input) || input < 0) throw new BadRequest('"input" must be a non-negative integer');
  return input;
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    if (res.headersSent) return res.destroy();
    if (err instanceof BadRequest) return json(res, 400, { error: err.message });
    console.error(err);
    json(res, 500, { error: 'internal error' });
  });
});

async function route(req, res) {
  let url;
  try {
    url = new URL(req.url, 'http://localhost');
  } catch {
    throw new BadRequest('malformed URL');
  }
  if (url.pathname === '/health') return res.end('OK');
  if (url.pathname === '/fibonacci' && req.method === 'POST') {
    const input = readInput(await readJson(req));
    return json(res, 200, { result: fib(Math.min(input, 35)) });
  }
  if (url.pathname === '/fibonacci-recursive' && req.method === 'POST') {
    const input = readInput(await readJson(req));
    if (input <= 1) return json(res, 200, { result: input });
    const call = (n) => fetch(`${slimfaas}/function/${name}/fibonacci`, { method: 'POST', body: JSON.stringify({ input: n }) }).then((r) => r.json());
    const [a, b] = await Promise.all([call(input - 1), call(input - 2)]);
    return json(res, 200, { result: a.result + b.result });
  }
  if (url.pathname.startsWith('/hello/')) {
    let who;
    try {
      who = decodeURIComponent(url.pathname.slice(7));
    } catch {
      throw new BadRequest('malformed percent-encoding in the name');
    }
    if (/[\u0000-\u001f\u007f]/.test(who)) throw new BadRequest('the name has control characters');
    return res.end(`Hello ${who}!`);
  }
  if (url.pathname === '/reload' || (url.pathname === '/' && req.method === 'POST')) {
    const body = await readJson(req);
    console.log(`event received on replica ${process.env.SLIMFAAS_REPLICA_INDEX}: ${JSON.stringify(body)}`);
    return json(res, 200, { received: true });
  }
  if (url.pathname === '/shutdown') {
    res.end();
    server.close(() => process.exit(0));
    return;
  }
  json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
}

server.listen(port, host, () => console.log(`${name} listening on http://${host}:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
