import { describe, expect, it } from 'vitest';
import type { BuiltState } from '../../../lib/core/shared-state.js';
import { StateCache } from '../../../lib/model-selection/shared-state/state-cache.js';

/** A builder of `bytes` that records its builds and disposals. */
function tracked(log: string[]) {
  return (name: string, bytes: number) =>
    async (): Promise<BuiltState<string>> => {
      log.push(`build ${name}`);
      return { value: name, bytes, dispose: () => log.push(`dispose ${name}`) };
    };
}

describe('StateCache', () => {
  it('builds an entry once and serves it again', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(100);
    const a = await cache.acquire('a', make('a', 10));
    a.release();
    const again = await cache.acquire('a', make('a', 10));
    again.release();
    expect(a.built).toBe(true);
    expect(again.built).toBe(false);
    expect(again.seconds).toBe(0);
    expect(log).toEqual(['build a']);
    expect(cache.stats()).toEqual({ budgetBytes: 100, peakBytes: 10, builds: 1, hits: 1, evictions: 0 });
  });

  it('builds an entry asked for twice at once only once', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(100);
    const [x, y] = await Promise.all([cache.acquire('a', make('a', 10)), cache.acquire('a', make('a', 10))]);
    expect(x.value).toBe('a');
    expect(y.value).toBe('a');
    expect(log).toEqual(['build a']);
  });

  it('drops the least recently used entries beyond the budget, never one in use', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(25);
    (await cache.acquire('a', make('a', 10))).release();
    (await cache.acquire('b', make('b', 10))).release();
    (await cache.acquire('a', make('a', 10))).release(); // a is now the most recent
    const inUse = await cache.acquire('c', make('c', 10)); // 30 > 25: b goes
    expect(log).toEqual(['build a', 'build b', 'build c', 'dispose b']);
    const d = await cache.acquire('d', make('d', 10)); // a goes; c is in use
    expect(log.slice(4)).toEqual(['build d', 'dispose a']);
    expect(cache.heldBytes).toBe(20);
    inUse.release();
    d.release();
    expect(cache.stats().evictions).toBe(2);
    expect(cache.stats().peakBytes).toBe(20);
  });

  it('uses an entry larger than the budget and drops it when released', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(25);
    const big = await cache.acquire('big', make('big', 40));
    expect(big.value).toBe('big');
    expect(cache.stats().peakBytes).toBe(40);
    big.release();
    expect(log).toEqual(['build big', 'dispose big']);
    expect(cache.heldBytes).toBe(0);
  });

  it('drops an entry asked not to be kept as soon as it is released', async () => {
    const log: string[] = [];
    const cache = new StateCache(100);
    const once = await cache.acquire('a', tracked(log)('a', 10), { keep: false });
    once.release();
    once.release(); // a second release changes nothing
    expect(log).toEqual(['build a', 'dispose a']);
    expect(cache.heldBytes).toBe(0);
  });

  it('rebuilds an entry that does not cover a request, the old one kept until released', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(100);
    const small = await cache.acquire('k', make('k5', 5));
    const large = await cache.acquire('k', make('k20', 20), { covers: (v) => v === 'k20' });
    expect(large.value).toBe('k20');
    expect(log).toEqual(['build k5', 'build k20']);
    small.release();
    expect(log).toEqual(['build k5', 'build k20', 'dispose k5']);
    large.release();
    expect((await cache.acquire('k', make('k20', 20), { covers: (v) => v === 'k20' })).built).toBe(false);
  });

  it('files sub-states under the scope, pins them with their dependents and drops the dependents with them', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(35);
    const outer = (name: string) => async (ctx: Parameters<Parameters<StateCache['acquire']>[1]>[0]) => {
      const prefix = await ctx.share('prefix', make('prefix', 10));
      return { value: `${name} on ${prefix}`, bytes: 10, dispose: () => log.push(`dispose ${name}`) };
    };
    const a = await cache.acquire('a', outer('a'), { scope: 's0' });
    const b = await cache.acquire('b', outer('b'), { scope: 's0' });
    expect(a.value).toBe('a on prefix');
    expect(log).toEqual(['build prefix']); // built once for both
    const other = await cache.acquire('c', outer('c'), { scope: 's1' }); // another split: its own prefix
    expect(log).toEqual(['build prefix', 'build prefix']);
    // 50 bytes held in a 35-byte budget, but everything is in use
    expect(cache.heldBytes).toBe(50);
    expect(cache.stats().peakBytes).toBe(50);
    a.release(); // a goes at once (the prefix is still in use by b)
    expect(log.slice(2)).toEqual(['dispose a']);
    b.release(); // then the prefix of s0, the least recently used, and b with it
    expect(log.slice(3)).toEqual(['dispose b', 'dispose prefix']);
    other.release(); // 20 bytes: within the budget
    expect(cache.heldBytes).toBe(20);
    expect((await cache.acquire('c', outer('c'), { scope: 's1' })).built).toBe(false);
  });

  it('does not keep a state whose build failed', async () => {
    const cache = new StateCache(100);
    await expect(cache.acquire('a', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const log: string[] = [];
    expect((await cache.acquire('a', tracked(log)('a', 1))).built).toBe(true);
  });

  it('clear drops every entry not in use', async () => {
    const log: string[] = [];
    const make = tracked(log);
    const cache = new StateCache(100);
    (await cache.acquire('a', make('a', 1))).release();
    const held = await cache.acquire('b', make('b', 1));
    cache.clear();
    expect(log).toEqual(['build a', 'build b', 'dispose a']);
    held.release();
  });
});
