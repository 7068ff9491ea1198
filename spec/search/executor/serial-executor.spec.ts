import { describe, expect, it } from 'vitest';
import { AbortError } from '../../../lib/core/errors.js';
import { SerialExecutor } from '../../../lib/search/executor/serial-executor.js';

describe('SerialExecutor', () => {
  it('runs tasks one at a time in submission order', async () => {
    const log: string[] = [];
    const ex = new SerialExecutor(async (n: number) => {
      log.push(`start ${n}`);
      await new Promise((r) => setTimeout(r, 3 - n));
      log.push(`end ${n}`);
      return n * 2;
    });
    expect(await Promise.all([ex.run(0), ex.run(1), ex.run(2)])).toEqual([0, 2, 4]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });
  it('keeps going after a task fails', async () => {
    const ex = new SerialExecutor(async (n: number) => {
      if (n === 0) throw new Error('bad');
      return n;
    });
    const [a, b] = await Promise.allSettled([ex.run(0), ex.run(1)]);
    expect(a.status).toBe('rejected');
    expect(b).toEqual({ status: 'fulfilled', value: 1 });
  });
  it('skips tasks whose signal aborted before they started, and refuses work once closed', async () => {
    const ex = new SerialExecutor(async (n: number) => n);
    const c = new AbortController();
    c.abort();
    await expect(ex.run(1, c.signal)).rejects.toBeInstanceOf(AbortError);
    await ex.close();
    await expect(ex.run(1)).rejects.toThrow('The executor is closed.');
  });
});
