// The `slimfaas` command line: dispatches `slimfaas local validate|up`, `slimfaas serve` and `slimfaas promql eval`, mapping failures to exit codes
// (0 success, 2 manifest/validation/usage error, 1 unexpected error; platform.md §2.4.1).
import { ManifestError } from '../config/manifest/errors.js';
import { loadManifest } from '../config/manifest/load.js';
import { parseLocalArgs, USAGE } from './local-args.js';
import { runLocalUp } from './local-up.js';
import { runLocalValidate } from './local-validate.js';
import { runPromqlEval } from './promql-eval.js';
import { runServe, ServeUsageError } from './serve.js';

const PREFIX = 'slimfaas local: ';

export async function main(argv: string[]): Promise<number> {
  if (argv[0]?.toLowerCase() === 'promql') return runPromqlEval(argv.slice(1));
  if (argv[0]?.toLowerCase() === 'serve') return runServeCommand(argv.slice(1));
  if (argv.length === 0) {
    process.stderr.write(`${PREFIX}${USAGE}\n`);
    return 2;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || (argv[0] === 'local' && (argv[1] === '--help' || argv[1] === '-h'))) {
    process.stdout.write(`${USAGE}\n       slimfaas promql eval '<expr>' --series <file.json> [--at <RFC 3339 | unix seconds>] [--text]\n       slimfaas serve [--port <port>] [--host <address>]\n`);
    return 0;
  }
  try {
    if (argv[0]?.toLowerCase() !== 'local') throw new ManifestError(USAGE);
    const command = parseLocalArgs(argv.slice(1));
    const manifest = loadManifest({ files: command.files, envFiles: command.envFiles, env: process.env, cwd: process.cwd() });
    for (const warning of manifest.warnings) process.stderr.write(`${warning}\n`);
    if (command.verb === 'validate') return runLocalValidate(manifest, command.files.length);
    return await runLocalUp(manifest, { clean: command.clean });
  } catch (error) {
    if (error instanceof ManifestError) {
      for (const message of error.messages) process.stderr.write(`${PREFIX}${message}\n`);
      return 2;
    }
    process.stderr.write(`${PREFIX}${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

async function runServeCommand(args: string[]): Promise<number> {
  try {
    return await runServe(args);
  } catch (error) {
    const usage = error instanceof ServeUsageError || /^Invalid configuration /.test((error as Error)?.message ?? '');
    process.stderr.write(`slimfaas serve: ${(error as Error)?.message ?? String(error)}\n`);
    return usage ? 2 : 1;
  }
}
