/** The pools' generated entry files in the temp dir (internal: not exported by the barrel). */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes `text` to `name` in the temp dir unless it is there already: written under a
 * name of this process first and renamed, so that a process never reads a file another
 * one is still writing. The name must change with the text (a hash of it).
 */
export function writeOnce(name: string, text: string): string {
  const path = join(tmpdir(), name);
  if (existsSync(path)) return path;
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
  return path;
}
