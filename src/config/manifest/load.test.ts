import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManifestError } from './errors.js';
import { loadManifest } from './load.js';
import type { LocalManifest } from './types.js';

const created: string[] = [];
const track = (dir: string) => (created.push(dir), dir);
after(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function makeProject(files: Record<string, string>): string {
  const dir = track(mkdtempSync(join(tmpdir(), 'slimfaas-manifest-test-')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Loads YAML texts written as a.yaml, b.yaml… (merged in that order). */
function load(yamls: string[], options: { env?: Record<string, string>; envFiles?: Record<string, string> } = {}): LocalManifest {
  const files: Record<string, string> = { ...(options.envFiles ?? {}) };
  const names = yamls.map((text, index) => {
    const name = `${String.fromCharCode(97 + index)}.yaml`;
    files[name] = text;
    return name;
  });
  const cwd = makeProject(files);
  return loadManifest({ files: names, envFiles: Object.keys(options.envFiles ?? {}), env: options.env ?? {}, cwd });
}

function loadErrors(...args: Parameters<typeof load>): string[] {
  try {
    load(...args);
  } catch (error) {
    if (error instanceof ManifestError) return error.messages;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

const FN = `functions:
  fibonacci:
    command: [node, app.js]
    annotations:
      SlimFaas/Function: "true"
`;

test('defaults of an almost empty manifest', () => {
  const m = load([FN]);
  assert.equal(m.schemaVersion, 1);
  assert.equal(m.name, 'slimfaas-local');
  assert.deepEqual(m.cluster, { nodes: 1, entrypointPort: 30020, nodeHttpPortBase: 30021, raftPortBase: 3262, nodeLogLevel: 'Error' });
  assert.deepEqual(m.processPorts, { from: 5000, to: 5999 });
  assert.deepEqual(m.state, { mode: 'persistent', directory: join(m.baseDirectory, '.slimfaas', 'slimfaas-local') });
  assert.deepEqual(m.jobs, []);
  assert.deepEqual(m.processes, []);
  assert.deepEqual(m.warnings, []);
  assert.deepEqual(m.secrets, []);
  const fn = m.functions[0]!;
  assert.deepEqual(fn, {
    name: 'fibonacci',
    command: ['node', 'app.js'],
    workingDirectory: m.baseDirectory,
    annotations: { 'SlimFaas/Function': 'true' },
    environment: {},
    health: { path: '/health', periodSeconds: 1, timeoutSeconds: 2, startupTimeoutSeconds: 120 },
    maxReplicas: 1,
  });
});

test('defaults of jobs, processes and shutdown blocks', () => {
  const m = load([
    `${FN}    shutdown: {}
jobs:
  backup:
    command: [node, job.js]
    annotations: { SlimFaas/Job: "true" }
processes:
  redis:
    command: [redis-server, --port, "{port}"]
    port: auto
  web:
    command: [node, web.js]
    port: "7000"
    restartPolicy: ONFAILURE
`,
  ]);
  assert.deepEqual(m.functions[0]!.shutdown, { path: '/shutdown', timeoutSeconds: 5 });
  const job = m.jobs[0]!;
  assert.equal(job.ttlSecondsAfterFinished, 60);
  assert.equal(job.backoffLimit, 1);
  assert.equal(job.restartPolicy, 'Never');
  assert.equal(job.resources, undefined);
  assert.deepEqual(
    m.processes.map((p) => [p.name, p.port, p.restartPolicy]),
    [
      ['redis', 'auto', 'always'],
      ['web', 7000, 'onFailure'],
    ],
  );
});

test('settings are read case-insensitively and canonicalised', () => {
  const m = load([
    `Name: demo
CLUSTER:
  NodeLogLevel: warning
  EntryPointPort: 31000
State:
  Mode: Ephemeral
  Directory: state
Functions:
  fibonacci:
    Command: [node, app.js]
    Annotations: { SlimFaas/Function: "TRUE", slimfaas/other: x }
    Environment: { Path: a, PATH: b }
`,
  ]);
  assert.equal(m.name, 'demo');
  assert.equal(m.cluster.nodeLogLevel, 'Warning');
  assert.equal(m.cluster.entrypointPort, 31000);
  assert.deepEqual(m.state, { mode: 'ephemeral', directory: join(m.baseDirectory, 'state') });
  assert.deepEqual(m.functions[0]!.annotations, { 'SlimFaas/Function': 'TRUE', 'slimfaas/other': 'x' });
  assert.deepEqual(m.functions[0]!.environment, { Path: 'a', PATH: 'b' });
});

test('maxReplicas: max(ReplicasMin, ReplicasAtStart, Scale.ReplicaMax); 1 for debugUrl', () => {
  const annotations = (extra: string) => `${FN}      ${extra}\n`;
  assert.equal(load([annotations('SlimFaas/ReplicasMin: "3"')]).functions[0]!.maxReplicas, 3);
  assert.equal(load([annotations('SlimFaas/ReplicasAtStart: " 4 "')]).functions[0]!.maxReplicas, 4);
  assert.equal(load([annotations('SlimFaas/ReplicasAtStart: "abc"')]).functions[0]!.maxReplicas, 1);
  assert.equal(load([annotations(`SlimFaas/Scale: '{"ReplicaMax": 7}'`)]).functions[0]!.maxReplicas, 7);
  assert.equal(load([annotations('SlimFaas/Scale: "not json"')]).functions[0]!.maxReplicas, 1);
  const debug = load([`${FN}    debugUrl: http://127.0.0.1:5005/base\n      `.trimEnd() + '\n']);
  assert.equal(debug.functions[0]!.maxReplicas, 1);
  assert.deepEqual(debug.functions[0]!.command, []);
  assert.equal(debug.functions[0]!.debugUrl, 'http://127.0.0.1:5005/base');
});

test('overlays: mappings merged, scalars and sequences replaced, empty sequence clears, null removes', () => {
  const base = `name: base
cluster: { entrypointPort: 31000, nodeLogLevel: Debug }
functions:
  fibonacci:
    command: [node, app.js]
    annotations: { SlimFaas/Function: "true", SlimFaas/ReplicasMin: "2" }
    environment: { A: "1", B: "2", C: "3" }
  other:
    command: [node, other.js]
    annotations: { SlimFaas/Function: "true" }
`;
  const overlay = `name: overlay
CLUSTER: { entrypointPort: 32000, nodeLogLevel: ~ }
functions:
  fibonacci:
    command: [node, --inspect, app.js]
    annotations: { SlimFaas/ReplicasMin: null }
    environment: { A: "10", B: }
  other: ~
`;
  const m = load([base, overlay]);
  assert.equal(m.name, 'overlay');
  assert.equal(m.cluster.entrypointPort, 32000);
  assert.equal(m.cluster.nodeLogLevel, 'Error');
  assert.deepEqual(m.functions.map((f) => f.name), ['fibonacci']);
  const fn = m.functions[0]!;
  assert.deepEqual(fn.command, ['node', '--inspect', 'app.js']);
  assert.deepEqual(fn.annotations, { 'SlimFaas/Function': 'true' });
  assert.deepEqual(fn.environment, { A: '10', C: '3' });
  assert.deepEqual(m.state.directory, join(m.baseDirectory, '.slimfaas', 'overlay'));

  const cleared = loadErrors([base, 'functions:\n  fibonacci:\n    command: []\n']);
  assert.deepEqual(cleared, ['functions.fibonacci.command is required.']);
  assert.equal(load([base, 'functions:\n  fibonacci:\n    environment: { A: "" }\n']).functions[0]!.environment.A, '');
});

test('interpolation: process environment first, then env files, later files win; values become secrets', () => {
  const m = load(
    [`${FN}    environment:\n      TOKEN: "x-\${TOKEN}-y"\n      USER_NAME: \${USER_NAME}\n      PLAIN: "$HOME {port} \${1BAD}"\n`],
    {
      env: { TOKEN: 'from-env' },
      envFiles: { 'one.env': 'TOKEN=from-file\nUSER_NAME=first\n', 'two.env': 'USER_NAME=second\n' },
    },
  );
  assert.deepEqual(m.functions[0]!.environment, { TOKEN: 'x-from-env-y', USER_NAME: 'second', PLAIN: '$HOME {port} ${1BAD}' });
  assert.deepEqual([...m.secrets].sort(), ['from-env', 'second']);
});

test('interpolation feeds typed fields', () => {
  const m = load([`cluster:\n  entrypointPort: \${PORT}\n${FN}`], { env: { PORT: '31111' } });
  assert.equal(m.cluster.entrypointPort, 31111);
});

test('undefined variables are errors naming them', () => {
  assert.deepEqual(loadErrors([`name: \${MISSING}\n${FN}`]), [
    "Environment variable 'MISSING' referenced by the effective local configuration is not defined (name).",
  ]);
});

test('interpolated values are masked in error messages', () => {
  const errors = loadErrors([`name: "\${SECRET}!"\n${FN}`], { env: { SECRET: 's3cr3t' } });
  assert.deepEqual(errors, ['name must match ^[A-Za-z0-9._-]{1,63}$.']);
  const typed = loadErrors([`cluster:\n  nodes: \${NODES}\n${FN}`], { env: { NODES: 'hunter2' } });
  assert.equal(typed.length, 1);
  assert.match(typed[0]!, /^Unable to parse the merged local configuration at line 2, column 10: cluster.nodes must be an integer, got '\*\*\*'\.$/);
  assert.ok(!typed[0]!.includes('hunter2'));
});

test('unknown keys are parse errors with the line and column of the key', () => {
  const errors = loadErrors([`${FN}jobs:\n  backup:\n    command: [x]\n    parallelism: 2\n    annotations: { SlimFaas/Job: "true" }\n`]);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^Unable to parse the merged local configuration at line 9, column 5: unknown key 'parallelism' in jobs\.backup /);
  assert.match(errors[0]!, /SlimFaas\/NumberParallelJob/);
  for (const legacy of ['visibility: Public', 'dependsOn: [a]', 'schedules: []']) {
    const found = loadErrors([`jobs:\n  backup:\n    ${legacy}\n`]);
    assert.match(found[0]!, /^Unable to parse the merged local configuration at line 3, column 5: unknown key/);
  }
  const overlay = loadErrors([FN, 'cluster:\n  nodes: 1\n  gatewayPort: 1\n']);
  assert.match(overlay[0]!, /^Unable to parse the merged local configuration at line 3, column 3: unknown key 'gatewayPort' in cluster \(in '.*b\.yaml'\)\.$/);
});

test('wrong value kinds are parse errors', () => {
  const errors = loadErrors(['functions:\n  fibonacci:\n    command: node app.js\n    health: 5\n']);
  assert.deepEqual(
    errors.map((e) => e.replace(/ \(in '.*'\)/, '')),
    [
      'Unable to parse the merged local configuration at line 3, column 14: functions.fibonacci.command must be a sequence of strings.',
      'Unable to parse the merged local configuration at line 4, column 13: functions.fibonacci.health must be a mapping.',
    ],
  );
});

test('YAML structure errors: duplicate keys, root mapping, one document, syntax', () => {
  const dup = loadErrors(['name: a\nNAME: b\n']);
  assert.match(dup[0]!, /^Local manifest '.*a\.yaml' contains duplicate key 'NAME' at line 2, column 1\.$/);
  const dupEnv = loadErrors([`${FN}    environment:\n      A: "1"\n      A: "2"\n`]);
  assert.match(dupEnv[0]!, /contains duplicate key 'A' at line 8, column 7\.$/);
  assert.match(loadErrors(['- a\n- b\n'])[0]!, /must contain a YAML mapping at its root\.$/);
  assert.match(loadErrors(['a: 1\n---\nb: 2\n'])[0]!, /must contain exactly one YAML document\.$/);
  assert.match(loadErrors(['a: [\n'])[0]!, /^Unable to parse local manifest '.*a\.yaml' at line \d+, column \d+: /);
});

test('env file syntax', () => {
  const m = load([`${FN}    environment:\n      A: \${A}\n      B: \${B}\n      C: \${C}\n      D: \${D}\n      E: \${E}\n`], {
    envFiles: {
      'x.env': [
        '# comment',
        '',
        'export A=plain value # trailing comment',
        "B = 'single # not a comment \\n'",
        'C="line\\nnext\\t\\"q\\" \\\\" # comment',
        'D=a#b',
        'E=',
      ].join('\n'),
    },
  });
  assert.deepEqual(m.functions[0]!.environment, {
    A: 'plain value',
    B: 'single # not a comment \\n',
    C: 'line\nnext\t"q" \\',
    D: 'a#b',
    E: '',
  });
  for (const [line, content] of [
    [2, 'A=1\nnot an entry\n'],
    [1, '1A=x'],
    [1, 'A="unterminated'],
    [1, "A='x' y"],
    [1, '=x'],
  ] as const) {
    const errors = loadErrors([FN], { envFiles: { 'bad.env': content } });
    assert.match(errors[0]!, new RegExp(`^Environment file '.*bad\\.env' contains an invalid entry at line ${line}\\.$`));
  }
});

const VALIDATION_CASES: Array<[string, string, string]> = [
  ['schemaVersion', `schemaVersion: 2\n${FN}`, 'schemaVersion must be 1.'],
  ['name', `name: "bad name"\n${FN}`, 'name must match ^[A-Za-z0-9._-]{1,63}$.'],
  ['nodes range', `cluster: { nodes: 4 }\n${FN}`, 'cluster.nodes must be between 1 and 3.'],
  ['entrypoint port', `cluster: { entrypointPort: 0 }\n${FN}`, 'cluster.entrypointPort must be between 1 and 65535.'],
  ['node port', `cluster: { nodeHttpPortBase: 70000 }\n${FN}`, 'cluster.nodeHttpPortBase must be between 1 and 65535.'],
  ['raft port', `cluster: { raftPortBase: -1 }\n${FN}`, 'cluster.raftPortBase must be between 1 and 65535.'],
  ['log level', `cluster: { nodeLogLevel: Verbose }\n${FN}`, 'cluster.nodeLogLevel must be one of Trace, Debug, Information, Warning, Error, Critical, None.'],
  ['redis url', `cluster: { redisUrl: "http://x" }\n${FN}`, 'cluster.redisUrl must be a redis:// or rediss:// URL.'],
  ['cluster overlap', `cluster: { raftPortBase: 30021 }\n${FN}`, 'cluster.raftPortBase[0] port 30021 collides with cluster.nodeHttpPortBase[0].'],
  ['process ports order', `processPorts: { from: 6000, to: 5000 }\n${FN}`, 'processPorts.from must be less than or equal to processPorts.to.'],
  ['process port range', `processPorts: { from: 0 }\n${FN}`, 'processPorts.from must be between 1 and 65535.'],
  [
    'process ports contain reserved',
    `processPorts: { from: 30000, to: 30020 }\n${FN}`,
    'processPorts 30000-30020 must not contain cluster.entrypointPort port 30020.',
  ],
  ['state mode', `state: { mode: temp }\n${FN}`, "state.mode must be 'persistent' or 'ephemeral'."],
  ['function name', FN.replace('fibonacci', 'Fi'), 'functions.Fi: name must match ^[a-z0-9_-]{3,63}$.'],
  ['function command', 'functions:\n  fibonacci:\n    annotations: { SlimFaas/Function: "true" }\n', 'functions.fibonacci.command is required.'],
  ['empty argument', FN.replace('[node, app.js]', '[node, ""]'), 'functions.fibonacci.command must contain an executable and non-empty arguments.'],
  ['function flag', FN.replace('"true"', '"yes"'), 'functions.fibonacci.annotations must contain SlimFaas/Function: "true".'],
  ['health path', `${FN}    health: { path: health }\n`, "functions.fibonacci.health.path must start with '/'."],
  ['health period', `${FN}    health: { periodSeconds: 0 }\n`, 'functions.fibonacci.health.periodSeconds must be >= 1.'],
  ['health timeout', `${FN}    health: { timeoutSeconds: 0 }\n`, 'functions.fibonacci.health.timeoutSeconds must be >= 1.'],
  ['health startup', `${FN}    health: { startupTimeoutSeconds: 0 }\n`, 'functions.fibonacci.health.startupTimeoutSeconds must be >= 1.'],
  ['shutdown path', `${FN}    shutdown: { path: x }\n`, "functions.fibonacci.shutdown.path must start with '/'."],
  ['shutdown timeout', `${FN}    shutdown: { timeoutSeconds: 0 }\n`, 'functions.fibonacci.shutdown.timeoutSeconds must be >= 1.'],
  ['debug scheme', `${FN}    debugUrl: https://localhost:5000\n`, 'functions.fibonacci.debugUrl must be an absolute http URL.'],
  ['debug relative', `${FN}    debugUrl: /x\n`, 'functions.fibonacci.debugUrl must be an absolute http URL.'],
  ['debug port', `${FN}    debugUrl: http://localhost/x\n`, 'functions.fibonacci.debugUrl must contain an explicit port.'],
  ['debug user', `${FN}    debugUrl: http://u:p@localhost:5000\n`, 'functions.fibonacci.debugUrl must not contain user information.'],
  ['debug query', `${FN}    debugUrl: http://localhost:5000/?a=1\n`, 'functions.fibonacci.debugUrl must not contain a query.'],
  ['debug fragment', `${FN}    debugUrl: http://localhost:5000/#a\n`, 'functions.fibonacci.debugUrl must not contain a fragment.'],
  ['debug reserved', `${FN}    debugUrl: http://localhost:30021\n`, 'functions.fibonacci.debugUrl port 30021 collides with cluster.nodeHttpPortBase[0].'],
  [
    'debug duplicate',
    `${FN}    debugUrl: http://localhost:5005\n  second:\n    debugUrl: http://127.0.0.1:5005\n    annotations: { SlimFaas/Function: "true" }\n`,
    'functions.second.debugUrl port 5005 collides with functions.fibonacci.debugUrl.',
  ],
  [
    'replica max',
    `${FN}      SlimFaas/ReplicasAtStart: "3"\n      SlimFaas/Scale: '{"ReplicaMax": 2}'\n`,
    'functions.fibonacci.annotations: SlimFaas/Scale.ReplicaMax (2) must be >= max(SlimFaas/ReplicasMin, SlimFaas/ReplicasAtStart) (3).',
  ],
  [
    'function depends on unknown process',
    `${FN}      SlimFaas/DependsOn: "other, processes:db"\n`,
    "functions.fibonacci.annotations.SlimFaas/DependsOn: 'processes:db' does not name a process of processes.",
  ],
  ['job flag', 'jobs:\n  backup:\n    command: [x]\n', 'jobs.backup.annotations must contain SlimFaas/Job: "true".'],
  ['job name', 'jobs:\n  b:\n    command: [x]\n    annotations: { SlimFaas/Job: "true" }\n', 'jobs.b: name must match ^[a-z0-9_-]{3,63}$.'],
  ['job ttl', 'jobs:\n  backup:\n    command: [x]\n    ttlSecondsAfterFinished: -1\n    annotations: { SlimFaas/Job: "true" }\n', 'jobs.backup.ttlSecondsAfterFinished must be >= 0.'],
  ['job backoff', 'jobs:\n  backup:\n    command: [x]\n    backoffLimit: -1\n    annotations: { SlimFaas/Job: "true" }\n', 'jobs.backup.backoffLimit must be >= 0.'],
  [
    'job visibility',
    'jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/DefaultVisibility: Secret }\n',
    'jobs.backup.annotations.SlimFaas/DefaultVisibility must be Public or Private.',
  ],
  [
    'job parallelism',
    'jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/NumberParallelJob: "0" }\n',
    'jobs.backup.annotations.SlimFaas/NumberParallelJob must be an integer >= 1.',
  ],
  [
    'schedules json',
    `jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/Schedules: '{"Schedule":"* * * * *"}' }\n`,
    'jobs.backup.annotations.SlimFaas/Schedules must be a JSON array.',
  ],
  [
    'schedules cron',
    `jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/Schedules: '[{"Schedule":"0 25 * * *"}]' }\n`,
    "jobs.backup.annotations.SlimFaas/Schedules[0].Schedule '0 25 * * *' is invalid: Invalid value for hour: 25.",
  ],
  [
    'schedules args',
    `jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/Schedules: '[{"Schedule":"* * * * *","Args":"x"}]' }\n`,
    'jobs.backup.annotations.SlimFaas/Schedules[0].Args must be an array of strings.',
  ],
  [
    'schedules backoff',
    `jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/Schedules: '[{"Schedule":"* * * * *","BackoffLimit":-1}]' }\n`,
    'jobs.backup.annotations.SlimFaas/Schedules[0].BackoffLimit must be an integer >= 0.',
  ],
  [
    'schedules depends on',
    `jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true", SlimFaas/Schedules: '[{"Schedule":"* * * * *","DependsOn":["processes:db"]}]' }\n`,
    "jobs.backup.annotations.SlimFaas/Schedules: 'processes:db' does not name a process of processes.",
  ],
  ['process name', 'processes:\n  _db:\n    command: [x]\n', 'processes._db: name must match ^[a-z0-9][a-z0-9_.-]{0,62}$.'],
  ['process port', 'processes:\n  db:\n    command: [x]\n    port: 70000\n', "processes.db.port must be 'auto' or an integer between 1 and 65535."],
  ['process restart', 'processes:\n  db:\n    command: [x]\n    restartPolicy: sometimes\n', "processes.db.restartPolicy must be 'always', 'onFailure' or 'never'."],
  ['process {port}', 'processes:\n  db:\n    command: [x, "--port={port}"]\n', "processes.db uses '{port}' but does not configure port."],
  ['process {port} env', 'processes:\n  db:\n    command: [x]\n    environment: { P: "{port}" }\n', "processes.db uses '{port}' but does not configure port."],
  ['process fixed reserved', 'processes:\n  db:\n    command: [x]\n    port: 30020\n', 'processes.db.port 30020 collides with cluster.entrypointPort.'],
  [
    'process fixed duplicate',
    'processes:\n  db:\n    command: [x]\n    port: 7000\n  db2:\n    command: [x]\n    port: 7000\n',
    'processes.db2.port 7000 collides with processes.db.port.',
  ],
  [
    'process fixed debug',
    `${FN}    debugUrl: http://localhost:7000\nprocesses:\n  db:\n    command: [x]\n    port: 7000\n`,
    'processes.db.port 7000 collides with functions.fibonacci.debugUrl.',
  ],
  [
    'port budget',
    `processPorts: { from: 5000, to: 5002 }\n${FN}      SlimFaas/ReplicasMin: "2"\nprocesses:\n  db:\n    command: [x]\n    port: auto\n  web:\n    command: [x]\n    port: 5002\n`,
    'processPorts 5000-5002 contains 3 port(s) but function replica maxima and local processes require 4.',
  ],
];

for (const [name, yaml, expected] of VALIDATION_CASES) {
  test(`validation: ${name}`, () => {
    assert.deepEqual(loadErrors([yaml]), [expected]);
  });
}

test('validation: debug functions do not count in the budget unless on a loopback port inside the range', () => {
  const yaml = (url: string) =>
    `processPorts: { from: 5000, to: 5000 }\n${FN}    debugUrl: ${url}\n  second:\n    command: [x]\n    annotations: { SlimFaas/Function: "true" }\n`;
  assert.equal(load([yaml('http://10.0.0.1:5000')]).functions.length, 2);
  assert.equal(load([yaml('http://localhost:6000')]).functions.length, 2);
  assert.deepEqual(loadErrors([yaml('http://localhost:5000')]), [
    'processPorts 5000-5000 contains 1 port(s) but function replica maxima and local processes require 2.',
  ]);
});

test('validation: working directories must exist (not for debugUrl)', () => {
  const errors = loadErrors([`${FN}    workingDirectory: missing\n`]);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^functions\.fibonacci\.workingDirectory '.*missing' does not exist\.$/);
  assert.equal(load([`${FN}    workingDirectory: missing\n    debugUrl: http://localhost:5005\n`]).functions.length, 1);
});

test('validation: relative paths resolve against the first YAML file', () => {
  const cwd = makeProject({ 'conf/base.yaml': `${FN}    workingDirectory: fn\n`, 'conf/fn/app.js': '', 'over/o.yaml': 'name: x\n' });
  const m = loadManifest({ files: ['conf/base.yaml', 'over/o.yaml'], envFiles: [], env: {}, cwd });
  assert.equal(m.baseDirectory, join(cwd, 'conf'));
  assert.equal(m.functions[0]!.workingDirectory, join(cwd, 'conf', 'fn'));
  assert.equal(m.state.directory, join(cwd, 'conf', '.slimfaas', 'x'));
});

test('validation: state.directory must not be too broad', () => {
  for (const dir of ['/', '.', homedir()]) {
    const errors = loadErrors([`state: { directory: "${dir}" }\n${FN}`]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^state\.directory '.*' is too broad; choose a dedicated subdirectory\.$/);
  }
});

test('validation: every error is reported, not only the first', () => {
  const errors = loadErrors([`schemaVersion: 3\ncluster: { nodes: 9 }\nfunctions:\n  fi:\n    command: []\n`]);
  assert.deepEqual(errors, [
    'schemaVersion must be 1.',
    'cluster.nodes must be between 1 and 3.',
    'functions.fi: name must match ^[a-z0-9_-]{3,63}$.',
    'functions.fi.command is required.',
    'functions.fi.annotations must contain SlimFaas/Function: "true".',
  ]);
});

test('warnings: job resources are accepted but not enforced', () => {
  const m = load([
    'jobs:\n  backup:\n    command: [x]\n    annotations: { SlimFaas/Job: "true" }\n    resources:\n      requests: { cpu: 100m }\n',
  ]);
  assert.deepEqual(m.jobs[0]!.resources, { requests: { cpu: '100m' } });
  assert.deepEqual(m.warnings, [
    'warning: Job CPU and memory resources are accepted for API compatibility but are not enforced in process mode.',
  ]);
});

test('valid schedules and dependencies on existing processes pass', () => {
  const m = load([
    `jobs:
  backup:
    command: [x]
    annotations:
      SlimFaas/Job: "true"
      SlimFaas/DependsOn: "processes:db"
      SlimFaas/Schedules: |
        [ { "Schedule": "*/2 * * * *", "Args": ["39"], "DependsOn": ["processes:db", "fibonacci"] },
          { "Schedule": "0/15 9-17 * * 1-5", "BackoffLimit": 0 } ]
processes:
  db:
    command: [x]
`,
  ]);
  assert.equal(m.jobs.length, 1);
});

test('missing YAML and env files', () => {
  const cwd = makeProject({});
  assert.throws(
    () => loadManifest({ files: ['nope.yaml'], envFiles: [], env: {}, cwd }),
    (e: unknown) => e instanceof ManifestError && e.messages[0] === `Local manifest '${join(cwd, 'nope.yaml')}' does not exist.`,
  );
  const withYaml = makeProject({ 'a.yaml': FN });
  assert.throws(
    () => loadManifest({ files: ['a.yaml'], envFiles: ['x.env'], env: {}, cwd: withYaml }),
    (e: unknown) => e instanceof ManifestError && e.messages[0] === `Environment file '${join(withYaml, 'x.env')}' does not exist.`,
  );
});
