#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { KafkaConnector } from './service.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: slimfaas-kafka [--port 8080] [--host 127.0.0.1]\nConfiguration through env: Kafka__BootstrapServers, SlimFaas__BaseUrl, SlimFaasKafka__Bindings__0__Topic, …');
  process.exit(0);
}
const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`slimfaas-kafka: invalid --port "${values.port}"`);
  process.exit(2);
}
let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`slimfaas-kafka: configuration error: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
if (config.bindings.length === 0) console.error('[slimfaas-kafka] warn: no bindings configured (SlimFaasKafka__Bindings__0__Topic, …)');
const connector = new KafkaConnector({ config, port, host: values.host ?? '127.0.0.1' });
const bound = await connector.start();
console.log(`[slimfaas-kafka] listening on http://${values.host ?? '127.0.0.1'}:${bound}, ${config.bindings.length} binding(s), brokers ${config.bootstrapServers.join(',')}`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void connector.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
