// A WebSocket virtual function: no HTTP server, it connects to SlimFaas and registers as "echo-ws".
// Sync calls are echoed back as they stream in, async requests and "reload" events are logged.
// Run: node examples/websocket-function/echo.mjs   (SLIMFAAS_WS_URL overrides ws://127.0.0.1:30020/ws)
import { SlimFaasClient, SlimFaasRegistrationError } from '@slimfaas/client';

const url = process.env.SLIMFAAS_WS_URL ?? 'ws://127.0.0.1:30020/ws';
const client = new SlimFaasClient(url, {
  functionName: process.env.FUNCTION_NAME ?? 'echo-ws',
  subscribeEvents: [{ name: 'reload' }],
  numberParallelRequest: 10,
});

// GET/POST http://127.0.0.1:30020/function/echo-ws/<path>: the body comes back as it arrives.
// req.path is the part after /function/echo-ws/ (no leading slash).
client.onSyncRequest(async (req) => {
  const contentType = req.headers['content-type'] ?? ['application/octet-stream'];
  await req.response.start(200, { 'content-type': contentType, 'x-echo-path': req.path });
  for await (const chunk of req.body) await req.response.write(chunk); // write() waits for the socket
  // returning completes the response
});

// POST http://127.0.0.1:30020/async-function/echo-ws/<path>: answered 202 at once, delivered here.
client.onAsyncRequest(async (req) => {
  console.log(`async ${req.method} ${req.path}${req.query} try ${req.tryNumber}: ${req.body?.toString() ?? ''}`);
  return 200; // recorded as the attempt's status; return 202 and call client.sendCallback(id, status) later for long work
});

// POST http://127.0.0.1:30020/publish-event/reload/<path>
client.onPublishEvent((event) => console.log(`event ${event.eventName} ${event.path}: ${event.body?.toString() ?? ''}`));

client.on('registered', (id) => console.log(`registered as ${client.config.functionName} (connection ${id}) on ${url}`));
client.on('disconnected', (reason) => console.log(`disconnected: ${reason}; reconnecting`));

process.once('SIGINT', () => void client.close());
process.once('SIGTERM', () => void client.close());

try {
  await client.runForever();
} catch (error) {
  if (error instanceof SlimFaasRegistrationError) console.error(`SlimFaas refused the registration: ${error.reason}`);
  else console.error(error);
  process.exitCode = 1;
}
