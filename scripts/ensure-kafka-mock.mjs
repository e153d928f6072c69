// Builds the librdkafka mock-cluster helper used by test/kafka (installs librdkafka-dev and gcc if
// missing). Output: node_modules/.cache/slimfaas-kafka-mock/mock-cluster. Exits 1 when it cannot be
// built (the test run then stops: the Kafka tests need it).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './apt-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'test/kafka/fixtures/mock-cluster.c');
const outDir = join(root, 'node_modules/.cache/slimfaas-kafka-mock');
/** Path of the built mock-cluster binary (test/kafka/mock-broker.ts starts it from here). */
export const MOCK_BIN = join(outDir, 'mock-cluster');

export function ensureKafkaMock() {
  if (existsSync(MOCK_BIN) && statSync(MOCK_BIN).mtimeMs >= statSync(src).mtimeMs) return MOCK_BIN;
  const need = [];
  if (!existsSync('/usr/include/librdkafka/rdkafka_mock.h')) need.push('librdkafka-dev');
  if (spawnSync('gcc', ['--version']).status !== 0) need.push('gcc');
  if (need.length && !aptInstall(need)) {
    console.error(`ensure-kafka-mock: could not install ${need.join(' ')}`);
    return undefined;
  }
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync('gcc', ['-O1', '-o', MOCK_BIN, src, '-lrdkafka'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('ensure-kafka-mock: gcc failed');
    return undefined;
  }
  return MOCK_BIN;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const p = ensureKafkaMock();
  console.log(p ? `kafka mock cluster: ${p}` : "kafka mock cluster: unavailable");
  if (!p) process.exit(1);
}
