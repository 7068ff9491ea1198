import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the compiled wasm kernels', () => {
  it('are up to date with wasm/assembly (npm run build:wasm rebuilds them)', () => {
    // exits with 1 and names the stale modules when a source changed after the last build
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
