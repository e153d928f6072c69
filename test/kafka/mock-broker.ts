/** Starts the librdkafka mock cluster (built by scripts/ensure-kafka-mock.mjs) on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { MOCK_BIN } from '../../scripts/ensure-kafka-mock.mjs';

export const mockAvailable = (): boolean => existsSync(MOCK_BIN);

export interface MockBroker {
  bootstrap: string;
  stop(): Promise<void>;
}

export async function startMockBroker(topics: string[]): Promise<MockBroker> {
  const child: ChildProcess = spawn(MOCK_BIN, ['1', ...topics], { stdio: ['pipe', 'pipe', 'pipe'] });
  const bootstrap = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`mock cluster exited with ${code}`)));
  });
  return {
    bootstrap,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.stdin!.end();
      }),
  };
}

export const client = (bootstrap: string): Kafka => new Kafka({ clientId: 'test', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });

export async function produce(bootstrap: string, topic: string, count: number): Promise<void> {
  const p = client(bootstrap).producer({ allowAutoTopicCreation: true });
  await p.connect();
  await p.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}` })) });
  await p.disconnect();
}

/** Consumes from `topic` in `groupId` until `count` messages were processed, committing each (real consumer-group commit). */
export async function consumeAndCommit(bootstrap: string, groupId: string, topic: string, count: number): Promise<void> {
  const consumer = client(bootstrap).consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ topic: t, partition, message }) => {
          if (seen >= count) return;
          seen++;
          await consumer.commitOffsets([{ topic: t, partition, offset: String(Number(message.offset) + 1) }]);
          if (seen === count) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
}
