/** Command-line options of the standalone kube-sim (`--port`, `--kubeconfig`, `--state-dir`, `--namespace`, `--token`, `--ip-block`). */
import type { KubeSimOptions } from './kube-sim.js';

const USAGE = 'usage: kube-sim [--port <port>] [--kubeconfig <file>] [--state-dir <dir>] [--namespace <ns>] [--token <token>] [--ip-block <0-255>]';

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, got "${value}"\n${USAGE}`);
  return n;
}

export function parseMainArgs(argv: string[]): KubeSimOptions {
  const options: KubeSimOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = integer(flag, value(), 0, 65535);
        break;
      case '--kubeconfig':
        options.kubeconfigPath = value();
        break;
      case '--state-dir':
        options.stateDir = value();
        break;
      case '--namespace':
        options.namespace = value();
        break;
      case '--token':
        options.token = value();
        break;
      case '--ip-block':
        options.ipBlock = integer(flag, value(), 0, 255);
        break;
      case '-h':
      case '--help':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option "${arg}"\n${USAGE}`);
    }
  }
  return options;
}
