import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings } from '../../config/settings.js';
import { silentLogger } from '../../logging.js';
import { supervisorOrchestratorFrom } from './supervisor-from-settings.js';
import { SupervisorOrchestrator } from './supervisor-orchestrator.js';

test('Process mode needs the supervisor URL and token; the message names the setting (serve exits 2)', () => {
  const cases: Array<[Record<string, string>, RegExp | null]> = [
    [{}, /^Invalid configuration SlimFaas:Process:SupervisorUrl \(SlimFaas__Process__SupervisorUrl\)/],
    [{ SlimFaas__Process__SupervisorUrl: 'http://127.0.0.1:4000' }, /^Invalid configuration SlimFaas:Process:Token \(SlimFaas__Process__Token\)/],
    [{ SlimFaas__Process__SupervisorUrl: 'http://127.0.0.1:4000', SlimFaas__Process__Token: 't' }, null],
  ];
  for (const [env, error] of cases) {
    const settings = loadSettings({ SlimFaas__Orchestrator: 'Process', ...env });
    if (error) assert.throws(() => supervisorOrchestratorFrom(settings, silentLogger), (err: Error) => error.test(err.message));
    else assert.ok(supervisorOrchestratorFrom(settings, silentLogger) instanceof SupervisorOrchestrator);
  }
});
