// Child access on lezer syntax nodes that skips comments (lezer keeps `# ...` LineComment nodes in the tree).
import type { SyntaxNode } from '@lezer/common';

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

export function firstChild(node: SyntaxNode): SyntaxNode | undefined {
  return children(node)[0];
}
