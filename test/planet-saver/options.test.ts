/** Unit tests of the planet-saver's pure parts: option defaults, base URL, behaviours, readiness and wake targets (functions.md §12.1–§12.3). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS,
  allBlockingReady,
  behaviorOf,
  errorMessage,
  normalizeBaseUrl,
  resolveOptions,
  wakeTargets,
} from '../../packages/planet-saver/src/options.js';

describe('planet-saver options', () => {
  it('applies the documented defaults', () => {
    const o = resolveOptions();
    assert.equal(o.interval, 5000);
    assert.equal(o.noActivityTimeout, 60000);
    assert.equal(o.wakeUpTimeout, 60000);
    assert.equal(o.overlayStartingMessage, '🌳 Starting the environment.... 🌳');
    assert.equal(o.overlayNoActivityMessage, 'Waiting activity to start environment...');
    assert.equal(o.overlayErrorMessage, 'An error occurred while starting the environment.');
    assert.equal(o.overlaySecondaryMessage, 'Startup should be fast, but if no machines are available it can take several minutes.');
    assert.equal(o.overlayErrorSecondaryMessage, 'If the error persists, please contact an administrator.');
    assert.equal(o.overlayLoadingIcon, '🌍');
    assert.deepEqual(o.behavior, {});
    assert.equal(o.updateCallback([]), undefined);
    assert.equal(o.errorCallback('x'), undefined);
  });

  it('falls back to the defaults for falsy values (0, empty string)', () => {
    const o = resolveOptions({ interval: 0, noActivityTimeout: 0, wakeUpTimeout: 0, overlayStartingMessage: '', overlayLoadingIcon: '', overlayErrorMessage: '' });
    assert.equal(o.interval, DEFAULTS.interval);
    assert.equal(o.noActivityTimeout, DEFAULTS.noActivityTimeout);
    assert.equal(o.wakeUpTimeout, DEFAULTS.wakeUpTimeout);
    assert.equal(o.overlayStartingMessage, DEFAULTS.overlayStartingMessage);
    assert.equal(o.overlayLoadingIcon, DEFAULTS.overlayLoadingIcon);
    assert.equal(o.overlayErrorMessage, DEFAULTS.overlayErrorMessage);
  });

  it('keeps given values and calls a given fetch unbound with the same arguments', async () => {
    const seen: unknown[] = [];
    const fake = (async function (this: unknown, input: unknown, init: unknown) {
      seen.push(this, input, init);
      return new Response('[]');
    }) as unknown as typeof fetch;
    const o = resolveOptions({ interval: 200, overlayNoActivityMessage: 'idle', fetch: fake, behavior: { a: 'None' } });
    assert.equal(o.interval, 200);
    assert.equal(o.overlayNoActivityMessage, 'idle');
    assert.deepEqual(o.behavior, { a: 'None' });
    await o.fetch('http://x/status-functions', { method: 'POST' });
    assert.deepEqual(seen, [undefined, 'http://x/status-functions', { method: 'POST' }]);
  });

  it('removes exactly one trailing slash from the base URL', () => {
    assert.equal(normalizeBaseUrl('http://h:1/'), 'http://h:1');
    assert.equal(normalizeBaseUrl('http://h:1//'), 'http://h:1/');
    assert.equal(normalizeBaseUrl('http://h:1/api'), 'http://h:1/api');
    assert.equal(normalizeBaseUrl(''), '');
  });

  it('maps a missing, inherited or unknown behaviour to WakeUp+BlockUI', () => {
    const map = { a: 'None', b: 'WakeUp', c: 'WakeUp+BlockUI', d: 'bogus' } as never;
    assert.equal(behaviorOf(map, 'a'), 'None');
    assert.equal(behaviorOf(map, 'b'), 'WakeUp');
    assert.equal(behaviorOf(map, 'c'), 'WakeUp+BlockUI');
    assert.equal(behaviorOf(map, 'd'), 'WakeUp+BlockUI');
    assert.equal(behaviorOf(map, 'missing'), 'WakeUp+BlockUI');
    assert.equal(behaviorOf({}, 'constructor'), 'WakeUp+BlockUI');
  });

  it('is ready when every blocking function has a ready replica (and when there is none)', () => {
    const behavior = (name: string) => behaviorOf({ bg: 'WakeUp', off: 'None' }, name);
    assert.equal(allBlockingReady([], behavior), true);
    assert.equal(allBlockingReady([{ Name: 'bg', NumberReady: 0 }, { Name: 'off', NumberReady: 0 }], behavior), true);
    assert.equal(allBlockingReady([{ Name: 'f', NumberReady: 1 }, { Name: 'bg', NumberReady: 0 }], behavior), true);
    assert.equal(allBlockingReady([{ Name: 'f', NumberReady: 1 }, { Name: 'g', NumberReady: 0 }], behavior), false);
  });

  it('wakes only functions at zero within the wake window, every candidate after it, never None', () => {
    const behavior = (name: string) => behaviorOf({ off: 'None', bg: 'WakeUp' }, name);
    const data = [
      { Name: 'up', NumberReady: 1 },
      { Name: 'down', NumberReady: 0 },
      { Name: 'bg', NumberReady: 2 },
      { Name: 'off', NumberReady: 0 },
    ];
    const names = (last: number | null, now: number) => wakeTargets(data, behavior, last, now, 1000).map((i) => i.Name);
    assert.deepEqual(names(10_000, 10_500), ['down']);
    assert.deepEqual(names(10_000, 11_000), ['down']);
    assert.deepEqual(names(10_000, 11_001), ['up', 'down', 'bg']);
    assert.deepEqual(names(null, 10_000), ['up', 'down', 'bg']);
  });

  it('reports the message of an Error and the text of anything else', () => {
    assert.equal(errorMessage(new TypeError('Failed to fetch')), 'Failed to fetch');
    assert.equal(errorMessage('plain'), 'plain');
  });
});
