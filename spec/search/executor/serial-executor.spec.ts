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
  it('returns to the event loop before each task, so timers run between synchronous tasks', async () => {
    const log: string[] = [];
    const ex = new SerialExecutor(async (n: number) => {
      const until = Date.now() + 5;
      while (Date.now() < until); // synchronous work that never awaits
      log.push(`task ${n}`);
      return n;
    });
    setTimeout(() => log.push('timer'), 0);
    await Promise.all([ex.run(0), ex.run(1), ex.run(2)]);
    expect(log).toContain('timer');
    expect(log.indexOf('timer')).toBeLessThan(log.indexOf('task 2'));
  });
  it('abandons a task that never settles once its signal aborts: later tasks and close do not wait for it', async () => {
    const ex = new SerialExecutor(async (n: number) => (n === 0 ? new Promise<number>(() => undefined) : n));
    const c = new AbortController();
    const hanging = ex.run(0, c.signal);
    const next = ex.run(1);
    setTimeout(() => c.abort(), 5);
    await expect(next).resolves.toBe(1);
    await ex.close();
    // the abandoned task itself never settles; its caller races it with the signal (runSplit)
    let settled = false;
    void hanging.then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
  });
  it('does not start a task whose signal passed its deadline', async () => {
    const { setDeadline } = await import('../../../lib/core/checkpoint.js');
    const c = new AbortController();
    setDeadline(c.signal, Date.now() - 1, () => c.abort());
    let ran = false;
    const ex = new SerialExecutor(async () => (ran = true));
    await expect(ex.run(0, c.signal)).rejects.toThrow('The task was aborted before it started.');
    expect(ran).toBe(false);
    expect(c.signal.aborted).toBe(true);
  });
});
