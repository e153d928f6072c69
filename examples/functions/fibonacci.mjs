// Demo function for SlimFaas native local mode: a tiny HTTP API on $PORT (no dependencies).
//   GET  /health                 → 200 OK (readiness probe)
//   POST /fibonacci {"input":10} → {"result":55}
//   GET  /hello/<name>           → Hello <name>!
//   POST /fibonacci-recursive    → computes fib(n-1) + fib(n-2) by calling itself through SlimFaas
//   POST / or /reload            → event handler (SubscribeEvents: reload), logs the event
//   POST /shutdown               → graceful stop hook
import http from 'node:http';

const port = Number(process.env.PORT ?? 5000);
const name = process.env.FUNCTION_NAME ?? 'fibonacci';
const slimfaas = process.env.SLIMFAAS_URL ?? 'http://127.0.0.1:30020';

const fib = (n) => (n <= 1 ? n : fib(n - 1) + fib(n - 2));

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') return res.end('OK');
  if (url.pathname === '/fibonacci' && req.method === 'POST') {
    const { input = 10 } = await readJson(req);
    return json(res, 200, { result: fib(Math.min(Number(input) || 0, 35)) });
  }
  if (url.pathname === '/fibonacci-recursive' && req.method === 'POST') {
    const { input = 10 } = await readJson(req);
    if (input <= 1) return json(res, 200, { result: input });
    const call = (n) => fetch(`${slimfaas}/function/${name}/fibonacci`, { method: 'POST', body: JSON.stringify({ input: n }) }).then((r) => r.json());
    const [a, b] = await Promise.all([call(input - 1), call(input - 2)]);
    return json(res, 200, { result: a.result + b.result });
  }
  if (url.pathname.startsWith('/hello/')) return res.end(`Hello ${decodeURIComponent(url.pathname.slice(7))}!`);
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
});

server.listen(port, '127.0.0.1', () => console.log(`${name} listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
