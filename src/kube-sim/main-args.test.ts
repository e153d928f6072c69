import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMainArgs } from './main-args.js';

describe('kube-sim command line', () => {
  const cases: [string[], object][] = [
    [[], {}],
    [['--port', '6443', '--kubeconfig', '/tmp/k'], { port: 6443, kubeconfigPath: '/tmp/k' }],
    [['--port=0', '--state-dir=/tmp/s', '--namespace', 'demo', '--token', 't', '--ip-block', '7'], { port: 0, stateDir: '/tmp/s', namespace: 'demo', token: 't', ipBlock: 7 }],
  ];
  for (const [argv, expected] of cases) it(argv.join(' ') || '(none)', () => assert.deepEqual(parseMainArgs(argv), expected));

  for (const bad of [['--port'], ['--port', 'x'], ['--port', '70000'], ['--ip-block', '256'], ['--what'], ['--help']]) {
    it(`refuses ${bad.join(' ')}`, () => assert.throws(() => parseMainArgs(bad), /usage: kube-sim/));
  }
});
