// `slimfaas local validate`: prints the one-line summary of a valid manifest (platform.md §2.4.1).
import type { LocalManifest } from '../config/manifest/types.js';

export function validationSummary(manifest: LocalManifest, fileCount: number): string {
  return (
    `Configuration from ${fileCount} YAML file(s) is valid (${manifest.functions.length} function(s), ` +
    `${manifest.jobs.length} job(s), ${manifest.processes.length} auxiliary process(es), ${manifest.cluster.nodes} node(s)).`
  );
}

export function runLocalValidate(manifest: LocalManifest, fileCount: number): number {
  process.stdout.write(validationSummary(manifest, fileCount) + '\n');
  return 0;
}
