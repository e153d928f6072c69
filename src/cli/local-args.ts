// Parses the arguments of `slimfaas local <verb> …` (platform.md §2.4.1); anything else is a usage error.
import { ManifestError } from '../config/manifest/errors.js';

export const DEFAULT_MANIFEST_FILE = 'slimfaas.local.yaml';

export const USAGE =
  'usage: slimfaas local validate [-f file]... [--env-file file]...\n' +
  '       slimfaas local up [-f file]... [--env-file file]... [--clean]';

export interface LocalCommand {
  verb: 'validate' | 'up';
  /** YAML files in merge order (`slimfaas.local.yaml` when no `-f` is given). */
  files: string[];
  envFiles: string[];
  clean: boolean;
}

/** `args` are the arguments after `local`; throws a ManifestError holding USAGE. */
export function parseLocalArgs(args: readonly string[]): LocalCommand {
  const verb = args[0]?.toLowerCase();
  if (verb !== 'validate' && verb !== 'up') throw new ManifestError(USAGE);
  const command: LocalCommand = { verb, files: [], envFiles: [], clean: false };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-f' || arg === '--file' || arg === '--env-file') {
      const value = args[++i];
      if (value === undefined || value.trim() === '') throw new ManifestError(USAGE);
      (arg === '--env-file' ? command.envFiles : command.files).push(value);
    } else if (arg === '--clean' && verb === 'up') {
      command.clean = true;
    } else {
      throw new ManifestError(USAGE);
    }
  }
  if (command.files.length === 0) command.files.push(DEFAULT_MANIFEST_FILE);
  return command;
}
