/** Lag computation of spec §7.3 with kafkajs (admin mode, then fallback to high watermarks). */
import { Kafka, logLevel } from 'kafkajs';
import type { Binding, KafkaConfig } from './config.js';
import type { LagResult } from './decision.js';

export interface LagOutcome extends LagResult {
  warning?: string;
}

export interface PartitionData {
  /** partition → high watermark */
  highs: Map<number, number>;
  /** partition → committed offset (negative / absent = no commit); undefined when group offsets unavailable */
  committed?: Map<number, number>;
}

/** Pure §7.3 arithmetic. */
export function computeLag(d: PartitionData): LagResult {
  let pending = 0;
  let committedSum = 0;
  if (!d.committed) {
    for (const h of d.highs.values()) if (h > 0) pending += h;
    return { pending, committedSum: 0, adminMode: false };
  }
  for (const [p, high] of d.highs) {
    if (high <= 0) continue;
    const c = d.committed.get(p);
    if (c !== undefined && c >= 0 && high >= c) {
      pending += high - c;
      committedSum += c;
    } else if (c === undefined || c < 0) {
      pending += high;
    }
  }
  return { pending, committedSum, adminMode: true };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

/** Reads high watermarks and the group's committed offsets for one binding (a fresh admin client per call). */
export async function readLag(cfg: KafkaConfig, b: Binding): Promise<LagOutcome> {
  const ms = cfg.kafkaTimeoutSeconds * 1000;
  const kafka = new Kafka({
    clientId: cfg.clientId,
    brokers: cfg.bootstrapServers,
    connectionTimeout: ms,
    requestTimeout: ms,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await withTimeout(admin.connect(), ms, `connect to ${cfg.bootstrapServers.join(',')}`);
    if (!cfg.allowAutoCreateTopics) {
      const names = await withTimeout(admin.listTopics(), ms, 'list topics');
      if (!names.includes(b.topic)) throw new Error(`unknown topic "${b.topic}" (Kafka__AllowAutoCreateTopics is false)`);
    }
    const meta = await withTimeout(admin.fetchTopicMetadata({ topics: [b.topic] }), ms, `metadata of topic ${b.topic}`);
    const topic = meta.topics.find((t) => t.name === b.topic);
    if (!topic || topic.partitions.length === 0) throw new Error(`unknown topic "${b.topic}"`);
    const offsets = await withTimeout(admin.fetchTopicOffsets(b.topic), ms, `high watermarks of ${b.topic}`);
    const highs = new Map<number, number>(offsets.map((o) => [o.partition, Number(o.high)]));
    try {
      const groups = await withTimeout(admin.fetchOffsets({ groupId: b.consumerGroupId, topics: [b.topic] }), ms, `offsets of group ${b.consumerGroupId}`);
      const committed = new Map<number, number>();
      for (const t of groups) if (t.topic === b.topic) for (const p of t.partitions) committed.set(p.partition, Number(p.offset));
      return computeLag({ highs, committed });
    } catch (err) {
      return { ...computeLag({ highs }), warning: `group offsets unavailable, fallback to high watermarks: ${(err as Error).message}` };
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
