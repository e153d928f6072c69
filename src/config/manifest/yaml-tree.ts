// Reads one YAML manifest file into a plain positioned tree: one document, a mapping at the root, nulls recognised.
import { readFileSync, existsSync } from 'node:fs';
import { LineCounter, parseAllDocuments, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { ManifestError, type Position } from './errors.js';

export type TreeNode = NullNode | ScalarNode | SeqNode | MapNode;
export interface NullNode { kind: 'null'; pos: Position }
export interface ScalarNode { kind: 'scalar'; value: string; pos: Position }
export interface SeqNode { kind: 'seq'; items: TreeNode[]; pos: Position }
export interface MapNode { kind: 'map'; entries: MapEntry[]; pos: Position }
export interface MapEntry { key: string; keyPos: Position; value: TreeNode }

const NULL_TAG = 'tag:yaml.org,2002:null';

export function readYamlFile(file: string): MapNode {
  if (!existsSync(file)) throw new ManifestError(`Local manifest '${file}' does not exist.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ManifestError(`Unable to read local manifest '${file}'.`);
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): MapNode {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  const at = (offset: number): Position => ({ file, ...lines.linePos(offset) });
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const pos = at(error.pos[0]);
      throw new ManifestError(
        `Unable to parse local manifest '${file}' at line ${pos.line}, column ${pos.col}: ${error.message.replace(/\.?$/, '.')}`,
      );
    }
  }
  if (list.length !== 1) throw new ManifestError(`Local manifest '${file}' must contain exactly one YAML document.`);
  const doc = list[0]!;
  const root = doc.contents ? convert(doc.contents, doc, at) : undefined;
  if (root?.kind !== 'map') throw new ManifestError(`Local manifest '${file}' must contain a YAML mapping at its root.`);
  return root;
}

function convert(node: Node, doc: Document, at: (offset: number) => Position, depth = 0): TreeNode {
  if (depth > 100) throw new ManifestError(`Local manifest '${at(0).file}' is nested too deeply.`);
  const pos = at(node.range?.[0] ?? 0);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new ManifestError(`Local manifest '${pos.file}' has an unresolved alias at line ${pos.line}.`);
    return convert(target, doc, at, depth + 1);
  }
  if (isScalar(node)) {
    const value = node.value == null ? '' : String(node.value);
    const plain = node.type === 'PLAIN' || node.type === undefined;
    const isNull = node.tag === NULL_TAG || (plain && (value === '' || value === '~' || value.toLowerCase() === 'null'));
    return isNull ? { kind: 'null', pos } : { kind: 'scalar', value, pos };
  }
  if (isSeq(node)) {
    return { kind: 'seq', pos, items: node.items.map((item) => convert(item as Node, doc, at, depth + 1)) };
  }
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyPos = key?.range ? at(key.range[0]) : pos;
      if (!isScalar(key) || key.value == null) {
        throw new ManifestError(
          `Local manifest '${pos.file}' contains a non-scalar mapping key at line ${keyPos.line}, column ${keyPos.col}.`,
        );
      }
      const value = pair.value ? convert(pair.value as Node, doc, at, depth + 1) : { kind: 'null' as const, pos: keyPos };
      entries.push({ key: String(key.value), keyPos, value });
    }
    return { kind: 'map', pos, entries };
  }
  throw new ManifestError(`Local manifest '${pos.file}' contains an unsupported YAML node at line ${pos.line}.`);
}
