/** JSON patch (RFC 6902, `application/json-patch+json`): add, remove, replace, move, copy, test over JSON pointers. */
import { clone, deepEqual, isPlainObject } from '../model/json.js';
import { PatchError } from './patch-error.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}"`, true);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

/** The container holding the last token, and that token. */
function locate(doc: unknown, tokens: string[], pointer: string): { parent: Container; token: string } {
  let current: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw new PatchError(`doc is missing path: "${pointer}"`);
  }
  if (!Array.isArray(current) && !isPlainObject(current)) throw new PatchError(`doc is missing path: "${pointer}"`);
  return { parent: current, token: tokens[tokens.length - 1]! };
}

function arrayIndex(parent: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return parent.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`invalid array index "${token}" in "${pointer}"`);
  const index = Number(token);
  if (index > parent.length || (!forInsert && index === parent.length)) throw new PatchError(`array index out of bounds in "${pointer}"`);
  return index;
}

function getAt(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw new PatchError(`doc is missing path: "${pointer}"`);
  }
  return current;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const { parent, token } = locate(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, token, pointer, false);
    return parent.splice(index, 1)[0];
  }
  if (!(token in parent)) throw new PatchError(`unable to remove nonexistent key: ${token}: missing value`);
  const value = parent[token];
  delete parent[token];
  return value;
}

function addAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, token } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, pointer, true), 0, value);
  else parent[token] = value;
  return doc;
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('json patch must be an array of operations', true);
  let doc = clone(target);
  for (const raw of operations as Operation[]) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError('invalid json patch operation', true);
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, clone(raw.value));
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'replace':
        if (raw.path === '') doc = clone(raw.value);
        else {
          removeAt(doc, raw.path);
          doc = addAt(doc, raw.path, clone(raw.value));
        }
        break;
      case 'move': {
        const value = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, clone(getAt(doc, raw.from ?? '')));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value)) throw new PatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${raw.op}`, true);
    }
  }
  return doc;
}
