// Placeholder: `slimfaas local up` is wired in a later step.
import type { LocalManifest } from '../config/manifest/types.js';
export async function runLocalUp(_manifest: LocalManifest, _options: { clean: boolean }): Promise<number> {
  process.stderr.write('slimfaas local: up is not implemented yet\n');
  return 1;
}
