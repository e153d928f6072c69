#!/usr/bin/env node
// Entry point of the `slimfaas` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`slimfaas: ${err?.stack ?? err}\n`); process.exitCode = 1; },
);
