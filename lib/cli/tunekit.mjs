#!/usr/bin/env node
// The `tunekit` command (package.json "bin"). In a clone it runs the TypeScript
// source through tsx, so `npx tunekit bench` needs no build; in an installed
// package (no tsx) it runs the compiled dist/cli/main.js.
import { existsSync } from 'node:fs';

const source = new URL('./main.ts', import.meta.url);
const built = new URL('../../dist/cli/main.js', import.meta.url);

let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch {
  tsx = undefined;
}

let cli;
if (tsx !== undefined && existsSync(source)) {
  tsx.register();
  cli = await import(source.href);
} else if (existsSync(built)) {
  cli = await import(built.href);
} else {
  console.error('tunekit: neither tsx (to run lib/cli/main.ts) nor a build (dist/cli/main.js) was found. Run "npm install", or "npm run build".');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
