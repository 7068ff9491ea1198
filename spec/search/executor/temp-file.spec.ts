import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { writeOnce } from '../../../lib/search/executor/temp-file.js';

describe('writeOnce (the pools\' entry files)', () => {
  it('writes a file once under its name, leaves nothing named after the process, and reuses it', () => {
    const name = `tunekit-spec-${Date.now()}-${Math.random().toString(16).slice(2)}.mjs`;
    try {
      const path = writeOnce(name, 'export default 1;\n');
      expect(path.endsWith(name)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('export default 1;\n');
      // a second call (another process, the same text) finds it and writes nothing
      expect(writeOnce(name, 'export default 1;\n')).toBe(path);
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith(name))).toEqual([name]);
    } finally {
      rmSync(`${tmpdir()}/${name}`, { force: true });
    }
    expect(existsSync(`${tmpdir()}/${name}`)).toBe(false);
  });
});
