/**
 * A Lua script named `verb-<numberOfKeys>` (BullMQ style) and its runner: EVALSHA first, EVAL
 * when the server does not know the script yet (first call, or after a restart or SCRIPT FLUSH).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptArg = string | Buffer | number;

export interface LuaScript {
  /** `verb-<numberOfKeys>`. */
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
  readonly sha: string;
}

export function defineScript(name: string, numberOfKeys: number, lua: string): LuaScript {
  if (!name.endsWith(`-${numberOfKeys}`)) throw new Error(`script ${name} must be named verb-${numberOfKeys}`);
  return { name, numberOfKeys, lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs a script; bulk replies come back as Buffers, integers as numbers. */
export async function runScript(client: Redis, script: LuaScript, keys: string[], args: ScriptArg[]): Promise<unknown> {
  if (keys.length !== script.numberOfKeys) {
    throw new Error(`script ${script.name} takes ${script.numberOfKeys} keys, got ${keys.length}`);
  }
  try {
    return await client.callBuffer('EVALSHA', [script.sha, keys.length, ...keys, ...args]);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.callBuffer('EVAL', [script.lua, keys.length, ...keys, ...args]);
  }
}
