#!/usr/bin/env node
// Makes sure Debian's `chromium` is installed (the browser tests drive it with playwright-core):
// does nothing when it runs and the emoji font is there, otherwise installs `chromium` and
// `fonts-noto-color-emoji` with apt-get (sudo when not root). Idempotent; never starts a browser.
import { spawnSync } from 'node:child_process';
import { aptInstall } from './apt-install.mjs';
import { existsSync } from 'node:fs';

const binary = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

// The emoji font makes the dashboard's status icons render in screenshots (not needed to pass).
const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
const PACKAGES = ['chromium', 'fonts-noto-color-emoji'];

function installed() {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0 && existsSync(EMOJI_FONT);
}

if (installed()) process.exit(0);
console.log(`${binary} not found: installing chromium and its emoji font with apt-get`);
aptInstall([...PACKAGES]);
if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error(`chromium is still missing: install it (e.g. apt-get install -y chromium) or set CHROMIUM_BIN`);
  process.exit(1);
}
