/**
 * The kubeconfig that points kubectl and client libraries at a kube-sim: plain HTTP, optional static token.
 * `insecure-skip-tls-verify` is set because @kubernetes/client-node refuses `http://` servers without it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export function kubeconfigText(server: string, namespace: string, token: string | undefined): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kube-sim', cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name: 'kube-sim', context: { cluster: 'kube-sim', user: 'kube-sim', namespace } }],
    'current-context': 'kube-sim',
    preferences: {},
    users: [{ name: 'kube-sim', user: token ? { token } : {} }],
  });
}

export function writeKubeconfig(path: string, server: string, namespace: string, token: string | undefined): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigText(server, namespace, token), { mode: 0o600 });
}
