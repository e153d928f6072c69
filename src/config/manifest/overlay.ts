// Merges normalized manifest trees left to right (platform.md §2.4.3): mappings recursively, scalars and
// sequences replaced, and a null value removes the inherited key; the result contains no null node.
import type { MapEntry, MapNode } from './yaml-tree.js';

export function mergeTrees(base: MapNode, overlay: MapNode): MapNode {
  const entries: MapEntry[] = [...base.entries];
  for (const entry of overlay.entries) {
    const index = entries.findIndex((existing) => existing.key === entry.key);
    const inherited = index >= 0 ? entries[index]!.value : undefined;
    if (entry.value.kind === 'null') {
      if (index >= 0) entries.splice(index, 1);
      continue;
    }
    let value = entry.value;
    if (value.kind === 'map') {
      value = mergeTrees(inherited?.kind === 'map' ? inherited : { ...value, entries: [] }, value);
    }
    const merged: MapEntry = { key: entry.key, keyPos: entry.keyPos, value };
    if (index >= 0) entries[index] = merged;
    else entries.push(merged);
  }
  return { ...overlay, entries };
}
