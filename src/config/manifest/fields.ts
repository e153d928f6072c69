// Typed, defaulting access to one mapping of the merged manifest tree; type errors are reported as parse errors.
import { parseError } from './errors.js';
import type { MapNode, TreeNode } from './yaml-tree.js';

export class Fields {
  constructor(
    readonly node: MapNode | undefined,
    /** Field path of this mapping, e.g. `functions.fib.health` ('' for the root). */
    readonly path: string,
    readonly errors: string[],
  ) {}

  /** Field path of a key of this mapping. */
  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  private get(key: string): TreeNode | undefined {
    return this.node?.entries.find((entry) => entry.key === key)?.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A nested mapping (absent → a Fields over nothing, so every default applies). */
  child(key: string): Fields {
    const node = this.get(key);
    return new Fields(node?.kind === 'map' ? node : undefined, this.at(key), this.errors);
  }

  /** The entries of a user-keyed mapping whose values are mappings (functions, jobs, processes). */
  children(): Array<[string, Fields]> {
    return (this.node?.entries ?? []).map((entry) => [
      entry.key,
      new Fields(entry.value.kind === 'map' ? entry.value : undefined, this.at(entry.key), this.errors),
    ]);
  }

  optionalText(key: string): string | undefined {
    const node = this.get(key);
    return node?.kind === 'scalar' ? node.value : undefined;
  }

  text(key: string, fallback: string): string {
    return this.optionalText(key) ?? fallback;
  }

  int(key: string, fallback: number): number {
    const node = this.get(key);
    if (node?.kind !== 'scalar') return fallback;
    const text = node.value.trim();
    const value = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
      this.errors.push(parseError(node.pos, `${this.at(key)} must be an integer, got '${node.value}'.`));
      return fallback;
    }
    return value;
  }

  list(key: string): string[] {
    const node = this.get(key);
    if (node?.kind !== 'seq') return [];
    return node.items.map((item) => (item.kind === 'scalar' ? item.value : ''));
  }

  dict(key: string): Record<string, string> {
    const node = this.get(key);
    const result: Record<string, string> = {};
    if (node?.kind !== 'map') return result;
    for (const entry of node.entries) {
      if (entry.value.kind === 'scalar') result[entry.key] = entry.value.value;
    }
    return result;
  }
}
