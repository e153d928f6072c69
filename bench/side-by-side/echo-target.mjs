// Bench target: node:http echo server on $PORT; async arrivals (x-msg-id, x-sent-ms → delay) appended to $ARRIVALS_FILE.
import http from 'node:http';
import { appendFileSync } from 'node:fs';
const file = process.env.ARRIVALS_FILE, delay = Number(process.env.DELAY_MS ?? 0), port = Number(process.env.PORT ?? 5000);
http.createServer((req, res) => {
  const sent = req.headers['x-sent-ms'];
  if (sent && file) appendFileSync(file, `${req.headers['x-msg-id']} ${performance.timeOrigin + performance.now() - Number(sent)}\n`);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => (delay ? setTimeout(() => res.end(Buffer.concat(chunks)), delay) : res.end(Buffer.concat(chunks))));
}).listen(port, '127.0.0.1', () => console.log(`echo listening on http://127.0.0.1:${port}`));
