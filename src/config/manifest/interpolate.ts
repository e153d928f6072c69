// Substitutes `${NAME}` in every scalar of the merged tree (platform.md §2.4.3) and records the substituted
// values as secrets; an undefined variable is an error naming it.
import type { MapNode, TreeNode } from './yaml-tree.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface InterpolationResult {
  tree: MapNode;
  secrets: string[];
  errors: string[];
}

/** `lookup` returns the process environment value first, then the env files' value. */
export function interpolateTree(tree: MapNode, lookup: (name: string) => string | undefined): InterpolationResult {
  const secrets = new Set<string>();
  const errors: string[] = [];
  const visit = (node: TreeNode, path: string): TreeNode => {
    switch (node.kind) {
      case 'scalar': {
        const value = node.value.replace(VARIABLE, (match, name: string) => {
          const found = lookup(name);
          if (found === undefined) {
            errors.push(`Environment variable '${name}' referenced by the effective local configuration is not defined (${path}).`);
            return match;
          }
          secrets.add(found);
          return found;
        });
        return { ...node, value };
      }
      case 'seq':
        return { ...node, items: node.items.map((item, index) => visit(item, `${path}[${index}]`)) };
      case 'map':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: visit(e.value, path ? `${path}.${e.key}` : e.key) })) };
      default:
        return node;
    }
  };
  return { tree: visit(tree, '') as MapNode, secrets: [...secrets], errors: [...new Set(errors)] };
}
