import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FunctionConfig } from './function-config.js';
import {
  defaultConfiguration,
  defaultSchedule,
  isFunction,
  minifyJson,
  parseFunctionAnnotations,
  parseVisibilityList,
} from './parse-annotations.js';

function ok(annotations: Record<string, string>): FunctionConfig {
  const result = parseFunctionAnnotations(annotations);
  if (!result.ok) assert.fail(`expected valid, got error: ${result.error}`);
  return result.value;
}

function err(annotations: Record<string, string>): string {
  const result = parseFunctionAnnotations(annotations);
  if (result.ok) assert.fail(`expected invalid: ${JSON.stringify(annotations)}`);
  return result.error;
}

describe('isFunction', () => {
  const cases: Array<[Record<string, string>, boolean]> = [
    [{ 'SlimFaas/Function': 'true' }, true],
    [{ 'SlimFaas/Function': 'True' }, true],
    [{ 'SlimFaas/Function': 'TRUE' }, true], // E8
    [{ 'SlimFaas/Function': ' true ' }, true],
    [{ 'SlimFaas/Function': 'false' }, false],
    [{ 'SlimFaas/Function': 'yes' }, false],
    [{ 'SlimFaas/Function': '1' }, false],
    [{ 'SlimFaas/Function': '' }, false],
    [{ 'slimfaas/function': 'true' }, false],
    [{}, false],
  ];
  for (const [annotations, expected] of cases) {
    it(`${JSON.stringify(annotations)} => ${expected}`, () => assert.equal(isFunction(annotations), expected));
  }
});

describe('defaults', () => {
  it('no annotation gives every default of §2', () => {
    assert.deepEqual(ok({ 'SlimFaas/Function': 'true' }), {
      replicasMin: 0,
      replicasAtStart: 1,
      timeoutSecondBeforeSetReplicasMin: 300,
      numberParallelRequest: 10,
      numberParallelRequestPerPod: 10,
      replicasStartAsSoonAsOneFunctionRetrieveARequest: false,
      dependsOn: [],
      subscribeEvents: [],
      defaultVisibility: 'Public',
      pathsStartWithVisibility: [],
      defaultTrust: 'Trusted',
      configuration: {
        DefaultSync: { HttpTimeout: 120 },
        DefaultAsync: { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] },
        DefaultPublish: { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] },
      },
      schedule: { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } },
      scale: null,
    } satisfies FunctionConfig);
  });

  it('present-but-blank values are treated as absent', () => {
    const blank = ok({
      'SlimFaas/ReplicasMin': '',
      'SlimFaas/ReplicasAtStart': '  ',
      'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '\t',
      'SlimFaas/NumberParallelRequest': ' ',
      'SlimFaas/NumberParallelRequestPerPod': '',
      'SlimFaas/ReplicasStartAsSoonAsOneFunctionRetrieveARequest': ' ',
      'SlimFaas/DependsOn': ' ',
      'SlimFaas/SubscribeEvents': '',
      'SlimFaas/DefaultVisibility': ' ',
      'SlimFaas/PathsStartWithVisibility': '',
      'SlimFaas/DefaultTrust': '',
      'SlimFaas/Configuration': ' \n ',
      'SlimFaas/Schedule': '',
      'SlimFaas/Scale': '  ',
    });
    assert.deepEqual(blank, ok({}));
  });

  it('default configuration and schedule helpers return fresh copies', () => {
    const a = defaultConfiguration();
    a.DefaultAsync.TimeoutRetries.push(99);
    assert.deepEqual(defaultConfiguration().DefaultAsync.TimeoutRetries, [2, 4, 8]);
    assert.deepEqual(defaultSchedule(), { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } });
  });
});

describe('integer annotations', () => {
  type Field = 'replicasMin' | 'replicasAtStart' | 'timeoutSecondBeforeSetReplicasMin' | 'numberParallelRequest' | 'numberParallelRequestPerPod';
  const fields: Array<[string, Field, number]> = [
    ['SlimFaas/ReplicasMin', 'replicasMin', 0],
    ['SlimFaas/ReplicasAtStart', 'replicasAtStart', 0],
    ['SlimFaas/TimeoutSecondBeforeSetReplicasMin', 'timeoutSecondBeforeSetReplicasMin', 0],
    ['SlimFaas/NumberParallelRequest', 'numberParallelRequest', 1],
    ['SlimFaas/NumberParallelRequestPerPod', 'numberParallelRequestPerPod', 1],
  ];
  for (const [key, field, min] of fields) {
    const valid: Array<[string, number]> = [
      [String(min), min],
      ['5', 5],
      [' 7 ', 7],
      ['+3', 3],
      ['2147483647', 2147483647],
      ...(min === 0 ? ([['-0', 0]] as Array<[string, number]>) : []),
    ];
    for (const [raw, expected] of valid) {
      it(`${key} ${JSON.stringify(raw)} => ${expected}`, () => assert.equal(ok({ [key]: raw })[field], expected));
    }
    const invalid = [String(min - 1), '-5', '1.5', 'abc', '1e3', '0x10', '2147483648', '3 4'];
    for (const raw of invalid) {
      it(`${key} ${JSON.stringify(raw)} is invalid`, () => {
        assert.equal(err({ [key]: raw }), `${key} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
      });
    }
  }

  it('E7: NumberParallelRequest "0" and ReplicasMin "-1" are invalid', () => {
    assert.equal(err({ 'SlimFaas/NumberParallelRequest': '0' }), 'SlimFaas/NumberParallelRequest must be an integer >= 1 (got "0")');
    assert.equal(err({ 'SlimFaas/ReplicasMin': '-1' }), 'SlimFaas/ReplicasMin must be an integer >= 0 (got "-1")');
  });
});

describe('boolean annotation', () => {
  const key = 'SlimFaas/ReplicasStartAsSoonAsOneFunctionRetrieveARequest';
  const cases: Array<[string, boolean | 'invalid']> = [
    ['true', true],
    ['TRUE', true],
    [' False ', false],
    ['false', false],
    ['yes', 'invalid'],
    ['1', 'invalid'],
    ['0', 'invalid'],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} => ${expected}`, () => {
      if (expected === 'invalid') assert.match(err({ [key]: raw }), /must be true or false/);
      else assert.equal(ok({ [key]: raw }).replicasStartAsSoonAsOneFunctionRetrieveARequest, expected);
    });
  }
});

describe('enum annotations', () => {
  const cases: Array<[string, string, keyof FunctionConfig, string | 'invalid']> = [
    ['SlimFaas/DefaultVisibility', 'Private', 'defaultVisibility', 'Private'],
    ['SlimFaas/DefaultVisibility', 'private', 'defaultVisibility', 'Private'],
    ['SlimFaas/DefaultVisibility', ' PUBLIC ', 'defaultVisibility', 'Public'],
    ['SlimFaas/DefaultVisibility', 'Secret', 'defaultVisibility', 'invalid'], // E7
    ['SlimFaas/DefaultVisibility', '1', 'defaultVisibility', 'invalid'],
    ['SlimFaas/DefaultVisibility', '0', 'defaultVisibility', 'invalid'],
    ['SlimFaas/DefaultTrust', 'Untrusted', 'defaultTrust', 'Untrusted'],
    ['SlimFaas/DefaultTrust', 'trusted', 'defaultTrust', 'Trusted'],
    ['SlimFaas/DefaultTrust', 'no', 'defaultTrust', 'invalid'],
    ['SlimFaas/DefaultTrust', '1', 'defaultTrust', 'invalid'],
    ['SlimFaas/DefaultTrusted', 'untrusted', 'defaultTrust', 'Untrusted'],
    ['SlimFaas/DefaultTrusted', 'maybe', 'defaultTrust', 'invalid'],
  ];
  for (const [key, raw, field, expected] of cases) {
    it(`${key} ${JSON.stringify(raw)} => ${expected}`, () => {
      if (expected === 'invalid') {
        const message = err({ [key]: raw });
        assert.ok(message.startsWith(`${key} must be one of `), message);
        assert.ok(message.endsWith(`(got ${JSON.stringify(raw)})`), message);
      } else {
        assert.equal(ok({ [key]: raw })[field], expected);
      }
    });
  }

  it('DefaultTrust wins over the DefaultTrusted alias', () => {
    assert.equal(ok({ 'SlimFaas/DefaultTrust': 'Trusted', 'SlimFaas/DefaultTrusted': 'Untrusted' }).defaultTrust, 'Trusted');
    assert.equal(ok({ 'SlimFaas/DefaultTrust': ' ', 'SlimFaas/DefaultTrusted': 'Untrusted' }).defaultTrust, 'Untrusted');
  });

  it('ExcludeDeploymentsFromVisibilityPrivate and unknown annotations are ignored', () => {
    assert.deepEqual(
      ok({ 'SlimFaas/ExcludeDeploymentsFromVisibilityPrivate': 'a,b', 'SlimFaas/Other': 'x', 'prometheus.io/port': '9' }),
      ok({}),
    );
  });
});

describe('DependsOn', () => {
  const cases: Array<[string, string[]]> = [
    ['mysql,fibonacci2', ['mysql', 'fibonacci2']],
    [' a , ,b,, c ', ['a', 'b', 'c']],
    ['processes:redis', ['processes:redis']],
    ['["a","b"]', ['["a"', '"b"]']],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)}`, () => assert.deepEqual(ok({ 'SlimFaas/DependsOn': raw }).dependsOn, expected));
  }
});

describe('visibility lists', () => {
  it('SubscribeEvents example of §2 (E25: unprefixed takes the function default)', () => {
    const config = ok({
      'SlimFaas/DefaultVisibility': 'Private',
      'SlimFaas/SubscribeEvents': 'Public:my-event1,Private:my-event2,my-event3',
    });
    assert.deepEqual(config.subscribeEvents, [
      { value: 'my-event1', visibility: 'Public' },
      { value: 'my-event2', visibility: 'Private' },
      { value: 'my-event3', visibility: 'Private' },
    ]);
  });

  it('PathsStartWithVisibility example of §2 (E24: unprefixed is Public regardless of the default)', () => {
    const config = ok({ 'SlimFaas/DefaultVisibility': 'Private', 'SlimFaas/PathsStartWithVisibility': 'Private:/admin,/public' });
    assert.deepEqual(config.pathsStartWithVisibility, [
      { value: '/admin', visibility: 'Private' },
      { value: '/public', visibility: 'Public' },
    ]);
  });

  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['unrecognised prefix is dropped, list default kept', 'foo:bar', [['bar', 'Public']]],
    ['case-insensitive prefix', 'PRIVATE:x,public:y', [['x', 'Private'], ['y', 'Public']]],
    ['prefix with spaces', ' Private : x ', [['x', 'Private']]],
    ['only the first colon splits', 'Private:a:b', [['a:b', 'Private']]],
    ['colon at position 0 keeps the whole token', ':abc', [[':abc', 'Public']]],
    ['empty values dropped', 'Private:, ,Public: ,,x', [['x', 'Public']]],
    ['numeric prefix is not a visibility', '1:/x', [['/x', 'Public']]],
    ['tokens are trimmed', '  /a  ,  Private:/b  ', [['/a', 'Public'], ['/b', 'Private']]],
  ];
  for (const [name, raw, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        parseVisibilityList(raw, 'Public'),
        expected.map(([value, visibility]) => ({ value, visibility })),
      );
    });
  }

  it('list default is used for unprefixed and unrecognised prefixes', () => {
    assert.deepEqual(parseVisibilityList('a,foo:b', 'Private'), [
      { value: 'a', visibility: 'Private' },
      { value: 'b', visibility: 'Private' },
    ]);
  });
});

describe('SlimFaas/Configuration', () => {
  const key = 'SlimFaas/Configuration';
  const conf = (raw: string) => ok({ [key]: raw }).configuration;

  it('AS-29: partial configuration keeps defaults', () => {
    const c = conf('{"DefaultPublish":{"HttpTimeout":15,"TimeoutRetries":[1,2,4],"HttpStatusRetries":[500,502,503]}}');
    assert.deepEqual(c.DefaultSync, { HttpTimeout: 120 });
    assert.deepEqual(c.DefaultAsync, { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] });
    assert.deepEqual(c.DefaultPublish, { HttpTimeout: 15, TimeoutRetries: [1, 2, 4], HttpStatusRetries: [500, 502, 503] });
  });

  const valid: Array<[string, string, unknown]> = [
    ['empty object', '{}', defaultConfiguration()],
    ['JSON null', 'null', defaultConfiguration()],
    ['section null', '{"DefaultSync":null,"DefaultAsync":null}', defaultConfiguration()],
    ['sync timeout only', '{"DefaultSync":{"HttpTimeout":2}}', { ...defaultConfiguration(), DefaultSync: { HttpTimeout: 2 } }],
    [
      'sync ignores retry properties',
      '{"DefaultSync":{"HttpTimeout":5,"TimeoutRetries":[1]}}',
      { ...defaultConfiguration(), DefaultSync: { HttpTimeout: 5 } },
    ],
    [
      'explicit empty lists are kept',
      '{"DefaultAsync":{"TimeoutRetries":[],"HttpStatusRetries":[]}}',
      { ...defaultConfiguration(), DefaultAsync: { HttpTimeout: 120, TimeoutRetries: [], HttpStatusRetries: [] } },
    ],
    [
      'null lists take defaults',
      '{"DefaultAsync":{"HttpTimeout":30,"TimeoutRetries":null,"HttpStatusRetries":null}}',
      { ...defaultConfiguration(), DefaultAsync: { HttpTimeout: 30, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] } },
    ],
    ['no range validation', '{"DefaultSync":{"HttpTimeout":0},"DefaultAsync":{"HttpTimeout":-3}}', {
      ...defaultConfiguration(),
      DefaultSync: { HttpTimeout: 0 },
      DefaultAsync: { HttpTimeout: -3, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] },
    }],
    ['unknown and differently-cased properties ignored', '{"defaultSync":{"HttpTimeout":1},"DefaultSync":{"httpTimeout":1},"X":1}', defaultConfiguration()],
    [
      'multi-line YAML-folded value (whitespace outside strings removed)',
      '{\n  "DefaultAsync": {\n    "HttpTimeout": 30,\n    "TimeoutRetries": [1, 1],\n    "HttpStatusRetries": [503]\n  }\n}\n',
      { ...defaultConfiguration(), DefaultAsync: { HttpTimeout: 30, TimeoutRetries: [1, 1], HttpStatusRetries: [503] } },
    ],
    ['whitespace inside numbers is removed too', '{"DefaultSync":{"HttpTimeout":1 2}}', { ...defaultConfiguration(), DefaultSync: { HttpTimeout: 12 } }],
  ];
  for (const [name, raw, expected] of valid) {
    it(name, () => assert.deepEqual(conf(raw), expected));
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['malformed JSON (E7)', '{"DefaultSync":', /^SlimFaas\/Configuration is not valid JSON: /],
    ['trailing comma', '{"DefaultSync":{"HttpTimeout":1},}', /not valid JSON/],
    ['HttpTimeout null', '{"DefaultSync":{"HttpTimeout":null}}', /^SlimFaas\/Configuration: DefaultSync\.HttpTimeout must be an integer \(got null\)$/],
    ['HttpTimeout string', '{"DefaultAsync":{"HttpTimeout":"abc"}}', /DefaultAsync\.HttpTimeout must be an integer \(got "abc"\)/],
    ['HttpTimeout numeric string', '{"DefaultAsync":{"HttpTimeout":"120"}}', /DefaultAsync\.HttpTimeout must be an integer/],
    ['HttpTimeout fraction', '{"DefaultPublish":{"HttpTimeout":1.5}}', /DefaultPublish\.HttpTimeout must be an integer/],
    ['retries not a list', '{"DefaultAsync":{"TimeoutRetries":5}}', /DefaultAsync\.TimeoutRetries must be an array/],
    ['retry item not an integer', '{"DefaultAsync":{"HttpStatusRetries":[500,"x"]}}', /DefaultAsync\.HttpStatusRetries\[1\] must be an integer/],
    ['section not an object', '{"DefaultSync":5}', /DefaultSync must be an object/],
    ['root is an array', '[1]', /the document must be an object/],
    ['root is a string', '"x"', /the document must be an object/],
  ];
  for (const [name, raw, pattern] of invalid) {
    it(`invalid: ${name}`, () => assert.match(err({ [key]: raw }), pattern));
  }
});

describe('minifyJson', () => {
  const cases: Array<[string, string]> = [
    ['{ "a" : 1 }', '{"a":1}'],
    ['{"a b": " x y "}', '{"a b":" x y "}'],
    ['{"q": "say \\"hi there\\" ok", "b" : 2}', '{"q":"say \\"hi there\\" ok","b":2}'],
    ['{"e": "back\\\\", "c" : 3}', '{"e":"back\\\\","c":3}'],
    ['\n{\r\n\t"a":\u00a01}', '{"a":1}'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(minifyJson(input), expected));
  }
});

describe('SlimFaas/Schedule', () => {
  const key = 'SlimFaas/Schedule';
  const sched = (raw: string) => ok({ [key]: raw }).schedule;

  const valid: Array<[string, string, unknown]> = [
    [
      'spec example',
      '{"TimeZoneID":"Europe/Paris","Default":{"WakeUp":["07:00"],"ScaleDownTimeout":[{"Time":"07:00","Value":20},{"Time":"21:00","Value":10}]}}',
      {
        TimeZoneID: 'Europe/Paris',
        Default: { WakeUp: ['07:00'], ScaleDownTimeout: [{ Time: '07:00', Value: 20 }, { Time: '21:00', Value: 10 }] },
      },
    ],
    ['empty object', '{}', { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
    ['JSON null', 'null', { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
    ['Default null disables scheduling', '{"TimeZoneID":"UTC","Default":null}', { TimeZoneID: 'UTC', Default: null }],
    ['Default empty', '{"Default":{}}', { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
    [
      'entry defaults Time 00:00 and Value 0',
      '{"Default":{"ScaleDownTimeout":[{}]}}',
      { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [{ Time: '00:00', Value: 0 }] } },
    ],
    [
      'malformed times are kept for the scheduler to ignore',
      '{"Default":{"WakeUp":["7h","8:00"],"ScaleDownTimeout":[{"Time":"25:99","Value":5}]}}',
      { TimeZoneID: 'GB', Default: { WakeUp: ['7h', '8:00'], ScaleDownTimeout: [{ Time: '25:99', Value: 5 }] } },
    ],
    [
      'null items and null lists are ignored',
      '{"Default":{"WakeUp":[null,"07:00"],"ScaleDownTimeout":[null,{"Time":null,"Value":1}]}}',
      { TimeZoneID: 'GB', Default: { WakeUp: ['07:00'], ScaleDownTimeout: [] } },
    ],
    ['null lists', '{"Default":{"WakeUp":null,"ScaleDownTimeout":null}}', { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
    ['null TimeZoneID becomes an unknown zone', '{"TimeZoneID":null}', { TimeZoneID: '', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
    ['case-sensitive names', '{"timezoneid":"UTC","default":null}', { TimeZoneID: 'GB', Default: { WakeUp: [], ScaleDownTimeout: [] } }],
  ];
  for (const [name, raw, expected] of valid) {
    it(name, () => assert.deepEqual(sched(raw), expected));
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['malformed JSON (E7)', '{"Default":', /^SlimFaas\/Schedule is not valid JSON/],
    ['TimeZoneID number', '{"TimeZoneID":1}', /TimeZoneID must be a string/],
    ['Default not an object', '{"Default":[]}', /Default must be an object/],
    ['WakeUp item not a string', '{"Default":{"WakeUp":[700]}}', /Default\.WakeUp\[0\] must be a string/],
    ['Value null', '{"Default":{"ScaleDownTimeout":[{"Time":"07:00","Value":null}]}}', /ScaleDownTimeout\[0\]\.Value must be an integer/],
    ['Value string', '{"Default":{"ScaleDownTimeout":[{"Value":"5"}]}}', /Value must be an integer/],
    ['Time number', '{"Default":{"ScaleDownTimeout":[{"Time":7}]}}', /Time must be a string/],
  ];
  for (const [name, raw, pattern] of invalid) {
    it(`invalid: ${name}`, () => assert.match(err({ [key]: raw }), pattern));
  }
});

describe('SlimFaas/Scale', () => {
  const key = 'SlimFaas/Scale';
  const scale = (raw: string) => ok({ [key]: raw }).scale;
  const up = {
    StabilizationWindowSeconds: 0,
    Policies: [
      { Type: 'Percent', Value: 100, PeriodSeconds: 15 },
      { Type: 'Pods', Value: 4, PeriodSeconds: 15 },
    ],
  };
  const down = { StabilizationWindowSeconds: 300, Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }] };
  const defaults = { ReplicaMax: null, ScrapeIntervalMilliseconds: null, Triggers: [], Behavior: { ScaleUp: up, ScaleDown: down } };

  it('absent annotation gives null', () => assert.equal(ok({}).scale, null));
  it('JSON null gives null', () => assert.equal(scale('null'), null));
  it('empty object gives all defaults', () => assert.deepEqual(scale('{}'), defaults));

  it('spec example', () => {
    assert.deepEqual(
      scale(`{
        "ReplicaMax": 10, "ScrapeIntervalMilliseconds": 5000,
        "Triggers": [ { "MetricType": "AverageValue", "MetricName": "rps", "Query": "sum(rate(x[1m]))", "Threshold": 10 } ],
        "Behavior": {
          "ScaleUp":   { "StabilizationWindowSeconds": 0,   "Policies": [ { "Type": "Percent", "Value": 100, "PeriodSeconds": 15 }, { "Type": "Pods", "Value": 4, "PeriodSeconds": 15 } ] },
          "ScaleDown": { "StabilizationWindowSeconds": 300, "Policies": [ { "Type": "Percent", "Value": 100, "PeriodSeconds": 15 } ] }
        }
      }`),
      {
        ReplicaMax: 10,
        ScrapeIntervalMilliseconds: 5000,
        Triggers: [{ MetricType: 'AverageValue', MetricName: 'rps', Query: 'sum(rate(x[1m]))', Threshold: 10 }],
        Behavior: { ScaleUp: up, ScaleDown: down },
      },
    );
  });

  const valid: Array<[string, string, (s: NonNullable<FunctionConfig['scale']>) => void]> = [
    ['trigger defaults', '{"Triggers":[{}]}', (s) => assert.deepEqual(s.Triggers, [{ MetricType: 'AverageValue', MetricName: '', Query: '', Threshold: 0 }])],
    ['Triggers null', '{"Triggers":null}', (s) => assert.deepEqual(s.Triggers, [])],
    ['enum names case-insensitive', '{"Triggers":[{"MetricType":"value","Threshold":2.5}]}', (s) => {
      assert.equal(s.Triggers[0]!.MetricType, 'Value');
      assert.equal(s.Triggers[0]!.Threshold, 2.5);
    }],
    ['enum ordinals accepted like upstream', '{"Triggers":[{"MetricType":1}],"Behavior":{"ScaleUp":{"Policies":[{"Type":1}]}}}', (s) => {
      assert.equal(s.Triggers[0]!.MetricType, 'Value');
      assert.deepEqual(s.Behavior.ScaleUp.Policies, [{ Type: 'Pods', Value: 100, PeriodSeconds: 15 }]);
    }],
    ['ScaleDown present gets window 0', '{"Behavior":{"ScaleDown":{}}}', (s) => {
      assert.deepEqual(s.Behavior.ScaleDown, { StabilizationWindowSeconds: 0, Policies: down.Policies });
      assert.deepEqual(s.Behavior.ScaleUp, up);
    }],
    ['ScaleDown null gets its default', '{"Behavior":{"ScaleDown":null,"ScaleUp":null}}', (s) => assert.deepEqual(s.Behavior, { ScaleUp: up, ScaleDown: down })],
    ['Behavior null', '{"Behavior":null}', (s) => assert.deepEqual(s.Behavior, { ScaleUp: up, ScaleDown: down })],
    ['empty Policies replaced by direction defaults', '{"Behavior":{"ScaleUp":{"StabilizationWindowSeconds":30,"Policies":[]}}}', (s) => {
      assert.deepEqual(s.Behavior.ScaleUp, { StabilizationWindowSeconds: 30, Policies: up.Policies });
    }],
    ['policy defaults', '{"Behavior":{"ScaleDown":{"Policies":[{"Type":"pods"}]}}}', (s) => {
      assert.deepEqual(s.Behavior.ScaleDown.Policies, [{ Type: 'Pods', Value: 100, PeriodSeconds: 15 }]);
    }],
    ['ScrapeIntervalMilliseconds 1000', '{"ScrapeIntervalMilliseconds":1000}', (s) => assert.equal(s.ScrapeIntervalMilliseconds, 1000)],
    ['ScrapeIntervalMilliseconds 300000', '{"ScrapeIntervalMilliseconds":300000}', (s) => assert.equal(s.ScrapeIntervalMilliseconds, 300000)],
    ['ScrapeIntervalMilliseconds null', '{"ScrapeIntervalMilliseconds":null,"ReplicaMax":null}', (s) => {
      assert.equal(s.ScrapeIntervalMilliseconds, null);
      assert.equal(s.ReplicaMax, null);
    }],
    ['unknown properties ignored (SelectPolicy)', '{"Behavior":{"ScaleUp":{"SelectPolicy":"Max"}},"Foo":1}', (s) => {
      assert.deepEqual(s.Behavior.ScaleUp, { StabilizationWindowSeconds: 0, Policies: up.Policies });
    }],
  ];
  for (const [name, raw, check] of valid) {
    it(name, () => {
      const s = scale(raw);
      assert.ok(s);
      check(s);
    });
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['malformed JSON (E7)', '{"Triggers":[', /^SlimFaas\/Scale is not valid JSON/],
    ['ScrapeIntervalMilliseconds 999', '{"ScrapeIntervalMilliseconds":999}', /ScrapeIntervalMilliseconds must be between 1000 and 300000 \(got 999\)/],
    ['ScrapeIntervalMilliseconds 300001', '{"ScrapeIntervalMilliseconds":300001}', /ScrapeIntervalMilliseconds must be between/],
    ['ScrapeIntervalMilliseconds string', '{"ScrapeIntervalMilliseconds":"5000"}', /ScrapeIntervalMilliseconds must be an integer/],
    ['ReplicaMax fraction', '{"ReplicaMax":1.5}', /ReplicaMax must be an integer/],
    ['null trigger', '{"Triggers":[null]}', /Triggers\[0\] must be an object/],
    ['unknown MetricType', '{"Triggers":[{"MetricType":"Avg"}]}', /Triggers\[0\]\.MetricType must be one of AverageValue, Value/],
    ['ordinal out of range', '{"Triggers":[{"MetricType":2}]}', /MetricType must be one of/],
    ['Threshold null', '{"Triggers":[{"Threshold":null}]}', /Threshold must be a number/],
    ['Threshold string', '{"Triggers":[{"Threshold":"10"}]}', /Threshold must be a number/],
    ['Query number', '{"Triggers":[{"Query":1}]}', /Query must be a string/],
    ['StabilizationWindowSeconds null', '{"Behavior":{"ScaleUp":{"StabilizationWindowSeconds":null}}}', /Behavior\.ScaleUp\.StabilizationWindowSeconds must be an integer/],
    ['policy Value string', '{"Behavior":{"ScaleUp":{"Policies":[{"Value":"4"}]}}}', /Behavior\.ScaleUp\.Policies\[0\]\.Value must be an integer/],
    ['policy Type unknown', '{"Behavior":{"ScaleDown":{"Policies":[{"Type":"Max"}]}}}', /Policies\[0\]\.Type must be one of Percent, Pods/],
    ['Triggers not an array', '{"Triggers":{}}', /Triggers must be an array/],
  ];
  for (const [name, raw, pattern] of invalid) {
    it(`invalid: ${name}`, () => assert.match(err({ [key]: raw }), pattern));
  }
});
