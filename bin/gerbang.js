#!/usr/bin/env node
// The `gerbang` command: runs the compiled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('gerbang is not built yet: run `npm install` (or `npm run build`) in the gerbang folder first.');
  process.exit(1);
}
await import(entry);
