import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, newState, computeLag, loadConfig, ConfigError, wakeUrl, type Binding, type LagResult } from '../../packages/kafka/src/index.js';

const b = (over: Partial<Binding> = {}): Binding => ({
  topic: 't', consumerGroupId: 'g', functionName: 'f',
  minPendingMessages: 1, cooldownSeconds: 30, activityKeepAliveSeconds: 60, minConsumedDeltaForActivity: 1, ...over,
});
const admin = (pending: number, committedSum: number): LagResult => ({ pending, committedSum, adminMode: true });
const fallback = (pending: number): LagResult => ({ pending, committedSum: 0, adminMode: false });

// Each row: a sequence of rounds (time in seconds, lag) and the expected outcome of each round.
const table: { name: string; binding?: Partial<Binding>; rounds: [number, LagResult, string][] }[] = [
  { name: 'no backlog, no commits: no wake', rounds: [[0, admin(0, 0), 'none']] },
  { name: 'backlog wakes with reason pending', rounds: [[0, admin(5, 0), 'pending']] },
  { name: 'below MinPendingMessages: no wake', binding: { minPendingMessages: 10 }, rounds: [[0, fallback(9), 'none'], [1, fallback(10), 'pending']] },
  { name: 'cooldown holds the next wake-up, then releases', rounds: [[0, fallback(5), 'pending'], [29, fallback(5), 'held'], [30, fallback(5), 'pending']] },
  { name: 'first observation of committed offsets counts as activity', rounds: [[0, admin(0, 10), 'activity']] },
  { name: 'pending and activity together', rounds: [[0, admin(3, 10), 'pending_and_activity']] },
  {
    name: 'progress keeps it awake within keep-alive, stops after',
    binding: { cooldownSeconds: 5, activityKeepAliveSeconds: 20 },
    rounds: [[0, admin(0, 10), 'activity'], [10, admin(0, 12), 'activity'], [25, admin(0, 12), 'activity'], [31, admin(0, 12), 'none']],
  },
  { name: 'keep-alive <= 0 disables activity wake-ups', binding: { activityKeepAliveSeconds: 0 }, rounds: [[0, admin(0, 10), 'none'], [1, admin(0, 20), 'none']] },
  {
    name: 'delta below MinConsumedDeltaForActivity outside the window is not activity',
    binding: { activityKeepAliveSeconds: 1, minConsumedDeltaForActivity: 5, cooldownSeconds: 0 },
    rounds: [[0, admin(0, 10), 'activity'], [100, admin(0, 12), 'activity'], [200, admin(0, 12), 'none'], [300, admin(0, 17), 'activity']],
  },
  { name: 'fallback mode never detects activity', rounds: [[0, fallback(0), 'none']] },
  {
    name: 'remembered sum only increases (a decrease is not activity)',
    binding: { activityKeepAliveSeconds: 1, cooldownSeconds: 0 },
    rounds: [[0, admin(0, 10), 'activity'], [100, admin(0, 5), 'none'], [200, admin(0, 8), 'none'], [300, admin(0, 11), 'activity']],
  },
];

for (const row of table) {
  test(`decision: ${row.name}`, () => {
    const state = newState();
    const binding = b(row.binding);
    const got = row.rounds.map(([t, lag]) => {
      const d = decide(binding, lag, t * 1000, state);
      return d.wake ? d.reason! : d.heldByCooldown ? 'held' : 'none';
    });
    assert.deepEqual(got, row.rounds.map((r) => r[2]));
  });
}

test('decision: cooldown is per (topic, group, function)', () => {
  const state = newState();
  assert.equal(decide(b(), fallback(5), 0, state).wake, true);
  assert.equal(decide(b({ functionName: 'other' }), fallback(5), 0, state).wake, true);
  assert.equal(decide(b(), fallback(5), 1000, state).wake, false);
});

test('decision: activity timestamp is reported on each activity update', () => {
  const state = newState();
  assert.equal(decide(b(), admin(0, 10), 5000, state).activityTimestampSeconds, 5);
  assert.equal(decide(b(), admin(0, 10), 6000, state).activityTimestampSeconds, undefined);
  assert.equal(decide(b(), admin(0, 11), 7000, state).activityTimestampSeconds, 7);
});

test('lag: admin mode and fallback arithmetic (§7.3)', () => {
  const highs = new Map([[0, 10], [1, 0], [2, 7], [3, 4], [4, 3]]);
  const committed = new Map([[0, 4], [1, 0], [2, -1], [4, 5]]); // 3 missing, 4 beyond high
  assert.deepEqual(computeLag({ highs, committed }), { pending: 6 + 7 + 4, committedSum: 4, adminMode: true });
  assert.deepEqual(computeLag({ highs }), { pending: 24, committedSum: 0, adminMode: false });
});

test('config: defaults, minimums, bindings and errors (§7.2)', () => {
  const c = loadConfig({});
  assert.deepEqual(
    [c.bootstrapServers, c.clientId, c.checkIntervalSeconds, c.kafkaTimeoutSeconds, c.allowAutoCreateTopics, c.slimFaasBaseUrl, c.httpTimeoutSeconds, c.bindings],
    [['kafka:9092'], 'slimkafka-monitor', 5, 5, true, 'http://slimfaas:5000', 10, []],
  );
  assert.equal(wakeUrl(c, 'fibonacci1'), 'http://slimfaas:5000/wake-function/fibonacci1');
  const e = loadConfig({
    Kafka__BootstrapServers: 'a:1, b:2', Kafka__CheckIntervalSeconds: '0', Kafka__KafkaTimeoutSeconds: '-3', SlimFaas__HttpTimeoutSeconds: '0',
    SlimFaas__BaseUrl: 'http://127.0.0.1:3000/', SlimFaas__WakeUpPathTemplate: '/x/{FUNCTIONNAME}/wake',
    SlimFaasKafka__Bindings__1__Topic: 't2', SlimFaasKafka__Bindings__1__ConsumerGroupId: 'g2', SlimFaasKafka__Bindings__1__FunctionName: 'f2',
    SlimFaasKafka__Bindings__0__Topic: 't', SlimFaasKafka__Bindings__0__ConsumerGroupId: 'g', SlimFaasKafka__Bindings__0__FunctionName: 'f',
    SlimFaasKafka__Bindings__0__CooldownSeconds: '5',
  });
  assert.deepEqual(e.bootstrapServers, ['a:1', 'b:2']);
  assert.deepEqual([e.checkIntervalSeconds, e.kafkaTimeoutSeconds, e.httpTimeoutSeconds], [1, 1, 1]);
  assert.equal(wakeUrl(e, 'f'), 'http://127.0.0.1:3000/x/f/wake');
  assert.deepEqual(e.bindings.map((x) => [x.topic, x.cooldownSeconds, x.activityKeepAliveSeconds, x.minPendingMessages, x.minConsumedDeltaForActivity]), [['t', 5, 60, 1, 1], ['t2', 30, 60, 1, 1]]);
  assert.throws(() => loadConfig({ SlimFaasKafka__Bindings__0__Topic: 't' }), (err: Error) => err instanceof ConfigError && /ConsumerGroupId/.test(err.message) && /FunctionName/.test(err.message));
  assert.throws(() => loadConfig({ SlimFaasKafka__Bindings__0__Topic: 't', SlimFaasKafka__Bindings__0__ConsumerGroupId: 'g', SlimFaasKafka__Bindings__0__FunctionName: 'f', SlimFaasKafka__Bindings__0__CooldownSeconds: 'soon' }), /CooldownSeconds: expected an integer/);
  assert.throws(() => loadConfig({ Kafka__AllowAutoCreateTopics: 'maybe' }), /AllowAutoCreateTopics/);
});
