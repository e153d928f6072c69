import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings, type Settings } from './settings.js';

const load = (env: Record<string, string | undefined>) => loadSettings(env, 'machine-host');

describe('loadSettings defaults', () => {
  it('empty environment gives every documented default', () => {
    const s = load({});
    const expected: Omit<Settings, 'trustedProxyCidrs'> = {
      hostname: 'machine-host',
      orchestrator: 'Kubernetes',
      namespace: 'default',
      baseFunctionUrl: 'http://{pod_ip}:{pod_port}',
      baseFunctionPodUrl: 'http://{pod_ip}:{pod_port}',
      allowUnsecureSsl: false,
      corsAllowOrigin: '*',
      corsOrigins: '*',
      podScaledUpByDefaultWhenInfrastructureHasNeverCalled: false,
      webSocketPort: 5003,
      enableFront: true,
      statusStream: {
        stateIntervalMilliseconds: 1000,
        queueLengthsCacheMilliseconds: 1000,
        jobsCacheMilliseconds: 1000,
        peerSyncIntervalMilliseconds: 2000,
        peerSyncInitialDelayMilliseconds: 5000,
        maxSseClients: 0,
        subscriberChannelCapacity: 10_000,
        recentActivityLimit: 1000,
        knownIdsLimit: 10_000,
        maxLiveEventsPerSecond: 0,
        liveEventSamplingRatio: 1,
        liveActivityBatchSize: 100,
      },
      trustedProxies: [],
      store: 'sqlite',
      redisUrl: null,
      ports: [],
      process: { supervisorUrl: '', token: '' },
      workers: {
        queuesDelayMilliseconds: 10,
        replicasSynchronizationDelayMilliseconds: 3000,
        historySynchronizationDelayMilliseconds: 500,
        scaleReplicasDelayMilliseconds: 1000,
        jobsDelayMilliseconds: 1000,
        jobsConfigurationDelayMilliseconds: 1000,
      },
      clusterSecret: null,
      asyncCallbackAllowedHosts: [],
      port: 5000,
      dataDirectory: null,
      jobsConfiguration: null,
      backup: { directory: null, intervalSeconds: 60 },
      maxRequestBodySize: 524288000,
      limits: {
        requestHeadersTimeoutMs: 30_000,
        keepAliveTimeoutMs: 300_000,
        minRequestBodyBytesPerSecond: 240,
        minRequestBodyGracePeriodMs: 10_000,
        maxConcurrentConnections: null,
      },
      metricsScraping: {
        scrapeIntervalMilliseconds: 5000,
        maxConcurrentTargets: 8,
        maxResponseBytes: 8_388_608,
        maxLineBytes: 65_536,
        maxSelectedSeriesPerTarget: 10_000,
        requestTimeoutSeconds: 10,
      },
      dataDefaultVisibility: 'Private',
      dataFiles: { maxInFlightBytes: 268_435_456, unknownLengthReservationBytes: 268_435_456, maxPendingTransfers: 128, queueWaitTimeoutSeconds: 30 },
      logLevel: 'Warning',
      openTelemetry: { enable: false, endpoint: '', serviceName: '', enableConsoleExporter: false, excludedUrls: ['/health', '/metrics', '/ready', '/SlimData', '/status-functions', '/cluster-consensus', '/wake-function'] },
      rateLimiting: { enabled: false, cpuHighThreshold: 80, cpuLowThreshold: 60, sampleIntervalMs: 1000, retryAfterSeconds: 5, excludedPaths: ['/health', '/metrics', '/ready'] },
    };
    const { trustedProxyCidrs, ...rest } = s;
    assert.deepEqual(rest, expected);
    assert.deepEqual(trustedProxyCidrs, []);
  });

  it('returns a deeply frozen object', () => {
    const s = load({ SlimFaas__TrustedProxies: '10.0.0.0/8', SlimFaas__Ports: '5000' });
    assert.ok(Object.isFrozen(s));
    assert.ok(Object.isFrozen(s.workers));
    assert.ok(Object.isFrozen(s.process));
    assert.ok(Object.isFrozen(s.trustedProxies));
    assert.ok(Object.isFrozen(s.trustedProxyCidrs));
    assert.ok(Object.isFrozen(s.ports));
    assert.throws(() => {
      (s as { namespace: string }).namespace = 'x';
    });
  });

  it('blank values count as absent', () => {
    const s = load({ SlimFaas__Namespace: '  ', SlimFaas__WebSocketPort: '', HOSTNAME: '' });
    assert.equal(s.namespace, 'default');
    assert.equal(s.webSocketPort, 5003);
    assert.equal(s.hostname, 'machine-host');
  });
});

describe('key forms', () => {
  const forms: Array<[string, Record<string, string>]> = [
    ['double underscore', { SlimFaas__Namespace: 'ns1', Workers__ScaleReplicasDelayMilliseconds: '250', Kestrel__Limits__MaxRequestBodySize: '1024' }],
    ['colon', { 'SlimFaas:Namespace': 'ns1', 'Workers:ScaleReplicasDelayMilliseconds': '250', 'Kestrel:Limits:MaxRequestBodySize': '1024' }],
    ['case-insensitive', { SLIMFAAS__NAMESPACE: 'ns1', workers__scalereplicasdelaymilliseconds: '250', 'kestrel:LIMITS:maxrequestbodysize': '1024' }],
  ];
  for (const [name, env] of forms) {
    it(name, () => {
      const s = load(env);
      assert.equal(s.namespace, 'ns1');
      assert.equal(s.workers.scaleReplicasDelayMilliseconds, 250);
      assert.equal(s.maxRequestBodySize, 1024);
    });
  }

  it('the __ form wins over the : form', () => {
    assert.equal(load({ SlimFaas__Namespace: 'a', 'SlimFaas:Namespace': 'b' }).namespace, 'a');
    assert.equal(load({ 'SlimFaas:Namespace': 'b', SlimFaas__Namespace: 'a' }).namespace, 'a');
  });

  it('legacy single-underscore names are not read', () => {
    assert.equal(load({ SLIMFAAS_ORCHESTRATOR: 'Docker', NAMESPACE: 'x' }).orchestrator, 'Kubernetes');
    assert.equal(load({ NAMESPACE: 'x' }).namespace, 'default');
  });
});

describe('values', () => {
  const cases: Array<[string, Record<string, string>, (s: Settings) => unknown, unknown]> = [
    ['HOSTNAME', { HOSTNAME: 'slimfaas-0' }, (s) => s.hostname, 'slimfaas-0'],
    ['Orchestrator Docker', { SlimFaas__Orchestrator: 'Docker' }, (s) => s.orchestrator, 'Docker'],
    ['Orchestrator case-insensitive', { SlimFaas__Orchestrator: 'process' }, (s) => s.orchestrator, 'Process'],
    ['Orchestrator Local', { SlimFaas__Orchestrator: 'LOCAL' }, (s) => s.orchestrator, 'Local'],
    ['Orchestrator unrecognised => Kubernetes (platform.md §2.1)', { SlimFaas__Orchestrator: 'Nomad' }, (s) => s.orchestrator, 'Kubernetes'],
    ['BaseFunctionUrl', { SlimFaas__BaseFunctionUrl: 'http://{function_name}.{namespace}.svc.cluster.local:8080' }, (s) => s.baseFunctionUrl, 'http://{function_name}.{namespace}.svc.cluster.local:8080'],
    ['BaseFunctionPodUrl', { SlimFaas__BaseFunctionPodUrl: 'http://{pod_name}.{function_name}:8080/' }, (s) => s.baseFunctionPodUrl, 'http://{pod_name}.{function_name}:8080/'],
    ['AllowUnsecureSsl', { SlimFaas__AllowUnsecureSsl: 'True' }, (s) => s.allowUnsecureSsl, true],
    ['CorsAllowOrigin list', { SlimFaas__CorsAllowOrigin: 'https://a.example, https://b.example' }, (s) => [s.corsAllowOrigin, s.corsOrigins], ['https://a.example, https://b.example', ['https://a.example', 'https://b.example']]],
    ['PodScaledUpByDefault…', { SlimFaas__PodScaledUpByDefaultWhenInfrastructureHasNeverCalled: 'true' }, (s) => s.podScaledUpByDefaultWhenInfrastructureHasNeverCalled, true],
    ['WebSocketPort 0', { SlimFaas__WebSocketPort: '0' }, (s) => s.webSocketPort, 0],
    ['EnableFront false', { SlimFaas__EnableFront: 'FALSE' }, (s) => s.enableFront, false],
    ['TrustedProxies CSV', { SlimFaas__TrustedProxies: '10.0.0.0/8, fd00::/8' }, (s) => s.trustedProxies, ['10.0.0.0/8', 'fd00::/8']],
    ['TrustedProxies indexed', { SlimFaas__TrustedProxies__1: 'fd00::/8', SlimFaas__TrustedProxies__0: '10.0.0.0/8' }, (s) => s.trustedProxyCidrs.map((c) => c.text), ['10.0.0.0/8', 'fd00::/8']],
    ['Store redis', { SlimFaas__Store: 'Redis', SlimFaas__RedisUrl: 'redis://localhost:6379' }, (s) => [s.store, s.redisUrl], ['redis', 'redis://localhost:6379']],
    ['RedisUrl rediss', { SlimFaas__RedisUrl: 'rediss://user:pw@host:6380/0' }, (s) => [s.store, s.redisUrl], ['sqlite', 'rediss://user:pw@host:6380/0']],
    ['Ports', { SlimFaas__Ports: '5000, 9002' }, (s) => s.ports, [5000, 9002]],
    ['Ports indexed', { 'SlimFaas:Ports:0': '30021' }, (s) => s.ports, [30021]],
    ['Process supervisor', { SlimFaas__Orchestrator: 'Process', SlimFaas__Process__SupervisorUrl: 'http://127.0.0.1:4000', SlimFaas__Process__Token: 'abc' }, (s) => s.process, { supervisorUrl: 'http://127.0.0.1:4000', token: 'abc' }],
    ['QueuesDelayMilliseconds', { Workers__QueuesDelayMilliseconds: '25' }, (s) => s.workers.queuesDelayMilliseconds, 25],
    ['ReplicasSynchronizationDelayMilliseconds', { Workers__ReplicasSynchronizationDelayMilliseconds: '100' }, (s) => s.workers.replicasSynchronizationDelayMilliseconds, 100],
    ['HistorySynchronizationDelayMilliseconds', { Workers__HistorySynchronizationDelayMilliseconds: ' 50 ' }, (s) => s.workers.historySynchronizationDelayMilliseconds, 50],
    ['Data DefaultVisibility', { Data__DefaultVisibility: 'public' }, (s) => s.dataDefaultVisibility, 'Public'],
    ['SlimData Files limiter', { SlimData__Files__MaxInFlightBytes: '1048576', SlimData__Files__UnknownLengthReservationBytes: '4096', SlimData__Files__MaxPendingTransfers: '2', 'SlimData:Files:QueueWaitTimeoutSeconds': '5' }, (s) => s.dataFiles, { maxInFlightBytes: 1_048_576, unknownLengthReservationBytes: 4096, maxPendingTransfers: 2, queueWaitTimeoutSeconds: 5 }],
    ['LogLevel', { Logging__LogLevel__Default: 'debug' }, (s) => s.logLevel, 'Debug'],
    ['StatusStream intervals', { SlimFaas__StatusStream__StateIntervalMilliseconds: '250', SlimFaas__StatusStream__PeerSyncIntervalMilliseconds: '100', SlimFaas__StatusStream__PeerSyncInitialDelayMilliseconds: '0' }, (s) => [s.statusStream.stateIntervalMilliseconds, s.statusStream.peerSyncIntervalMilliseconds, s.statusStream.peerSyncInitialDelayMilliseconds], [250, 100, 0]],
    ['StatusStream caches may be 0', { SlimFaas__StatusStream__QueueLengthsCacheMilliseconds: '0', 'SlimFaas:StatusStream:JobsCacheMilliseconds': '0' }, (s) => [s.statusStream.queueLengthsCacheMilliseconds, s.statusStream.jobsCacheMilliseconds], [0, 0]],
    ['StatusStream limits', { SlimFaas__StatusStream__MaxSseClients: '1', SlimFaas__StatusStream__SubscriberChannelCapacity: '5', SlimFaas__StatusStream__RecentActivityLimit: '7', SlimFaas__StatusStream__KnownIdsLimit: '9', SlimFaas__StatusStream__MaxLiveEventsPerSecond: '50', SlimFaas__StatusStream__LiveActivityBatchSize: '3' }, (s) => [s.statusStream.maxSseClients, s.statusStream.subscriberChannelCapacity, s.statusStream.recentActivityLimit, s.statusStream.knownIdsLimit, s.statusStream.maxLiveEventsPerSecond, s.statusStream.liveActivityBatchSize], [1, 5, 7, 9, 50, 3]],
    ['StatusStream sampling ratio', { slimfaas__statusstream__liveeventsamplingratio: ' 0.25 ' }, (s) => s.statusStream.liveEventSamplingRatio, 0.25],
    ['StatusStream sampling ratio 0 and 1', { SlimFaas__StatusStream__LiveEventSamplingRatio: '0' }, (s) => s.statusStream.liveEventSamplingRatio, 0],
  ];
  for (const [name, env, pick, expected] of cases) {
    it(name, () => assert.deepEqual(pick(load(env)), expected));
  }
});

describe('invalid values throw an Error naming the key', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ SlimFaas__WebSocketPort: 'abc' }, 'SlimFaas:WebSocketPort'],
    [{ SlimFaas__WebSocketPort: '70000' }, 'SlimFaas:WebSocketPort'],
    [{ SlimFaas__WebSocketPort: '-1' }, 'SlimFaas:WebSocketPort'],
    [{ SlimFaas__AllowUnsecureSsl: 'yes' }, 'SlimFaas:AllowUnsecureSsl'],
    [{ SlimFaas__EnableFront: '1' }, 'SlimFaas:EnableFront'],
    [{ SlimFaas__PodScaledUpByDefaultWhenInfrastructureHasNeverCalled: 'on' }, 'SlimFaas:PodScaledUpByDefaultWhenInfrastructureHasNeverCalled'],
    [{ SlimFaas__TrustedProxies: '10.0.0.0/33' }, 'SlimFaas:TrustedProxies'],
    [{ SlimFaas__TrustedProxies: 'proxy.local' }, 'SlimFaas:TrustedProxies'],
    [{ SlimFaas__Store: 'postgres' }, 'SlimFaas:Store'],
    [{ SlimFaas__Store: 'redis' }, 'SlimFaas:RedisUrl'],
    [{ SlimFaas__RedisUrl: 'localhost:6379' }, 'SlimFaas:RedisUrl'],
    [{ SlimFaas__Ports: '5000,x' }, 'SlimFaas:Ports'],
    [{ SlimFaas__Ports: '0' }, 'SlimFaas:Ports'],
    [{ SlimFaas__Process__SupervisorUrl: '/relative' }, 'SlimFaas:Process:SupervisorUrl'],
    [{ Workers__QueuesDelayMilliseconds: '1.5' }, 'Workers:QueuesDelayMilliseconds'],
    [{ Workers__ReplicasSynchronizationDelayMilliseconds: '-1' }, 'Workers:ReplicasSynchronizationDelayMilliseconds'],
    [{ Workers__HistorySynchronizationDelayMilliseconds: 'fast' }, 'Workers:HistorySynchronizationDelayMilliseconds'],
    [{ Workers__ScaleReplicasDelayMilliseconds: '1s' }, 'Workers:ScaleReplicasDelayMilliseconds'],
    [{ Kestrel__Limits__MaxRequestBodySize: '10MB' }, 'Kestrel:Limits:MaxRequestBodySize'],
    [{ Data__DefaultVisibility: 'Secret' }, 'Data:DefaultVisibility'],
    [{ SlimData__Files__MaxInFlightBytes: '0' }, 'SlimData:Files:MaxInFlightBytes'],
    [{ SlimData__Files__UnknownLengthReservationBytes: '-5' }, 'SlimData:Files:UnknownLengthReservationBytes'],
    [{ SlimData__Files__MaxPendingTransfers: 'many' }, 'SlimData:Files:MaxPendingTransfers'],
    [{ SlimData__Files__QueueWaitTimeoutSeconds: '0' }, 'SlimData:Files:QueueWaitTimeoutSeconds'],
    [{ Kestrel__Limits__RequestHeadersTimeout: '30s' }, 'Kestrel:Limits:RequestHeadersTimeout'],
    [{ Kestrel__Limits__KeepAliveTimeout: '00:61:00' }, 'Kestrel:Limits:KeepAliveTimeout'],
    [{ Kestrel__Limits__MinRequestBodyDataRate__BytesPerSecond: '-1' }, 'Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond'],
    [{ Kestrel__Limits__MinRequestBodyDataRate__GracePeriod: 'soon' }, 'Kestrel:Limits:MinRequestBodyDataRate:GracePeriod'],
    [{ Kestrel__Limits__MaxConcurrentConnections: '0' }, 'Kestrel:Limits:MaxConcurrentConnections'],
    [{ SlimFaas__MetricsScraping__ScrapeIntervalMilliseconds: '0' }, 'SlimFaas:MetricsScraping:ScrapeIntervalMilliseconds'],
    [{ SlimFaas__MetricsScraping__MaxConcurrentTargets: '-1' }, 'SlimFaas:MetricsScraping:MaxConcurrentTargets'],
    [{ SlimFaas__MetricsScraping__RequestTimeoutSeconds: '0' }, 'SlimFaas:MetricsScraping:RequestTimeoutSeconds'],
    [{ SlimFaas__MetricsScraping__MaxLineBytes: '100', SlimFaas__MetricsScraping__MaxResponseBytes: '10' }, 'SlimFaas:MetricsScraping:MaxLineBytes'],
    [{ Logging__LogLevel__Default: 'Verbose' }, 'Logging:LogLevel:Default'],
    [{ SlimFaas__StatusStream__StateIntervalMilliseconds: '0' }, 'SlimFaas:StatusStream:StateIntervalMilliseconds'],
    [{ SlimFaas__StatusStream__QueueLengthsCacheMilliseconds: '-1' }, 'SlimFaas:StatusStream:QueueLengthsCacheMilliseconds'],
    [{ SlimFaas__StatusStream__JobsCacheMilliseconds: 'soon' }, 'SlimFaas:StatusStream:JobsCacheMilliseconds'],
    [{ SlimFaas__StatusStream__PeerSyncIntervalMilliseconds: '0' }, 'SlimFaas:StatusStream:PeerSyncIntervalMilliseconds'],
    [{ SlimFaas__StatusStream__PeerSyncInitialDelayMilliseconds: '-5' }, 'SlimFaas:StatusStream:PeerSyncInitialDelayMilliseconds'],
    [{ SlimFaas__StatusStream__MaxSseClients: '1.5' }, 'SlimFaas:StatusStream:MaxSseClients'],
    [{ SlimFaas__StatusStream__SubscriberChannelCapacity: '0' }, 'SlimFaas:StatusStream:SubscriberChannelCapacity'],
    [{ SlimFaas__StatusStream__RecentActivityLimit: '0' }, 'SlimFaas:StatusStream:RecentActivityLimit'],
    [{ SlimFaas__StatusStream__KnownIdsLimit: '0' }, 'SlimFaas:StatusStream:KnownIdsLimit'],
    [{ SlimFaas__StatusStream__MaxLiveEventsPerSecond: '-1' }, 'SlimFaas:StatusStream:MaxLiveEventsPerSecond'],
    [{ SlimFaas__StatusStream__LiveEventSamplingRatio: '1.5' }, 'SlimFaas:StatusStream:LiveEventSamplingRatio'],
    [{ SlimFaas__StatusStream__LiveEventSamplingRatio: 'half' }, 'SlimFaas:StatusStream:LiveEventSamplingRatio'],
    [{ SlimFaas__StatusStream__LiveActivityBatchSize: '0' }, 'SlimFaas:StatusStream:LiveActivityBatchSize'],
  ];
  for (const [env, key] of cases) {
    it(`${JSON.stringify(env)} => ${key}`, () => {
      assert.throws(() => load(env), (e: Error) => e.message.includes(key) && e.message.includes(key.replace(/:/g, '__')));
    });
  }
});

describe('Kestrel limits (TimeSpan values as .NET binds them)', () => {
  const cases: Array<[Record<string, string>, Partial<Settings['limits']>]> = [
    [{ Kestrel__Limits__RequestHeadersTimeout: '00:00:02' }, { requestHeadersTimeoutMs: 2000 }],
    [{ Kestrel__Limits__RequestHeadersTimeout: '00:00:01.5' }, { requestHeadersTimeoutMs: 1500 }],
    [{ Kestrel__Limits__KeepAliveTimeout: '1.00:00:00' }, { keepAliveTimeoutMs: 86_400_000 }],
    [{ Kestrel__Limits__KeepAliveTimeout: '2' }, { keepAliveTimeoutMs: 2 * 86_400_000 }],
    [{ Kestrel__Limits__KeepAliveTimeout: '00:02' }, { keepAliveTimeoutMs: 120_000 }],
    [{ 'Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond': '0' }, { minRequestBodyBytesPerSecond: 0 }],
    [{ Kestrel__Limits__MinRequestBodyDataRate__GracePeriod: '00:00:03' }, { minRequestBodyGracePeriodMs: 3000 }],
    [{ Kestrel__Limits__MaxConcurrentConnections: '100' }, { maxConcurrentConnections: 100 }],
  ];
  for (const [env, expected] of cases) {
    it(JSON.stringify(env), () => {
      const limits = load(env).limits;
      for (const [k, v] of Object.entries(expected)) assert.equal(limits[k as keyof typeof limits], v);
    });
  }
});

describe('SlimFaas:RateLimiting (platform.md §3.8)', () => {
  const on = { SlimFaas__RateLimiting__Enabled: 'true' };
  const valid: Array<[string, Record<string, string>, Partial<Settings['rateLimiting']>]> = [
    ['off by default', {}, { enabled: false }],
    ['Enabled is case-insensitive', { SlimFaas__RateLimiting__Enabled: 'True' }, { enabled: true, cpuHighThreshold: 80, cpuLowThreshold: 60, sampleIntervalMs: 1000, retryAfterSeconds: 5 }],
    ['disabled: the other values are not validated', { SlimFaas__RateLimiting__Enabled: 'false', SlimFaas__RateLimiting__CpuHighThreshold: '500' }, { enabled: false, cpuHighThreshold: 80 }],
    ['decimal thresholds', { ...on, SlimFaas__RateLimiting__CpuHighThreshold: '90.5', SlimFaas__RateLimiting__CpuLowThreshold: '42.25' }, { cpuHighThreshold: 90.5, cpuLowThreshold: 42.25 }],
    ['the bounds 0 and 100', { ...on, SlimFaas__RateLimiting__CpuHighThreshold: '100', SlimFaas__RateLimiting__CpuLowThreshold: '0' }, { cpuHighThreshold: 100, cpuLowThreshold: 0 }],
    ['the colon form', { ...on, 'SlimFaas:RateLimiting:SampleIntervalMs': '100' }, { sampleIntervalMs: 100 }],
    ['RetryAfterSeconds', { ...on, SlimFaas__RateLimiting__RetryAfterSeconds: '30' }, { retryAfterSeconds: 30 }],
    ['a blank RetryAfterSeconds sends no header', { ...on, SlimFaas__RateLimiting__RetryAfterSeconds: '' }, { retryAfterSeconds: null }],
    ['ExcludedPaths merged by index over the shipped list, lower-cased', { ...on, SlimFaas__RateLimiting__ExcludedPaths__0: '/Live', SlimFaas__RateLimiting__ExcludedPaths__3: '/x' }, { excludedPaths: ['/live', '/metrics', '/ready', '/x'] }],
    ['a blank index removes a shipped path', { ...on, SlimFaas__RateLimiting__ExcludedPaths__0: '' }, { excludedPaths: ['/metrics', '/ready'] }],
    ['a comma-separated ExcludedPaths replaces the list', { ...on, SlimFaas__RateLimiting__ExcludedPaths: '/health, /ping' }, { excludedPaths: ['/health', '/ping'] }],
  ];
  for (const [name, env, expected] of valid) {
    it(name, () => {
      const got = load(env).rateLimiting;
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, got[k as keyof typeof got]])), expected);
    });
  }

  const invalid: Array<[Record<string, string>, string]> = [
    [{ SlimFaas__RateLimiting__Enabled: 'yes' }, 'SlimFaas:RateLimiting:Enabled'],
    [{ ...on, SlimFaas__RateLimiting__CpuHighThreshold: '101' }, 'SlimFaas:RateLimiting:CpuHighThreshold'],
    [{ ...on, SlimFaas__RateLimiting__CpuHighThreshold: 'high' }, 'SlimFaas:RateLimiting:CpuHighThreshold'],
    [{ ...on, SlimFaas__RateLimiting__CpuLowThreshold: '-1' }, 'SlimFaas:RateLimiting:CpuLowThreshold'],
    [{ ...on, SlimFaas__RateLimiting__CpuLowThreshold: '80' }, 'SlimFaas:RateLimiting:CpuLowThreshold'], // low = high
    [{ ...on, SlimFaas__RateLimiting__CpuHighThreshold: '50' }, 'SlimFaas:RateLimiting:CpuLowThreshold'], // shipped low 60 > high
    [{ ...on, SlimFaas__RateLimiting__SampleIntervalMs: '99' }, 'SlimFaas:RateLimiting:SampleIntervalMs'],
    [{ ...on, SlimFaas__RateLimiting__SampleIntervalMs: '1.5' }, 'SlimFaas:RateLimiting:SampleIntervalMs'],
    [{ ...on, SlimFaas__RateLimiting__RetryAfterSeconds: '-1' }, 'SlimFaas:RateLimiting:RetryAfterSeconds'],
    [{ ...on, SlimFaas__RateLimiting__RetryAfterSeconds: 'soon' }, 'SlimFaas:RateLimiting:RetryAfterSeconds'],
  ];
  for (const [env, key] of invalid) {
    it(`${JSON.stringify(env)} => ${key}`, () => {
      assert.throws(() => load(env), (e: Error) => e.message.includes(key) && e.message.includes(key.replace(/:/g, '__')));
    });
  }
});
