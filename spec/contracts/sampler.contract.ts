/**
 * The conformance suite every sampler passes.
 *
 * Call {@link checkSampler} at the top level of a spec file with a factory that
 * returns a fresh sampler (seeded, when it draws at random) planning `nTrials`
 * trials, a validity check for its space and an objective over it. It registers a
 * `describe` block of checks, each running real {@link Study} loops:
 *
 * - every proposal is a valid point of the space, and the study ends with
 *   `'exhausted'` after exactly `nTrials` trials (also with 3 trials at once);
 * - the same seed gives the same proposals (and, for random samplers, another
 *   seed gives others);
 * - the direction is honoured: a learning sampler's later proposals are better
 *   for `minimize` than for `maximize`; a non-learning one proposes the same
 *   points whatever the direction;
 * - failed and NaN trials, a study where every trial fails, and a constant
 *   objective never crash the sampler nor make it propose NaN;
 * - `suggest` runs on an empty history, stops once `nTrials` exist, and never
 *   asks to wait while nothing runs.
 */
import { describe, expect, it } from 'vitest';
import { captureWarnings } from '../../lib/core/warnings.js';
import type { Sampler } from '../../lib/search/sampler.js';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import { Study } from '../../lib/search/study.js';
import type { Direction, Trial } from '../../lib/search/trial.js';

/** What the suite needs to know about the sampler under test. */
export interface SamplerContractOptions {
  /** A fresh sampler planning `nTrials` trials, seeded with `seed` when it is random. */
  readonly factory: (seed: number) => Sampler;
  /** The number of trials the sampler plans. */
  readonly nTrials: number;
  /** True when a proposal is a valid point of the sampler's space. */
  readonly isValid: (params: ParamSet) => boolean;
  /** An objective over the space (smaller is better for the direction checks). */
  readonly objective: (params: ParamSet) => number;
  /** Draws at random: other seeds give other proposals. */
  readonly random: boolean;
  /** Learns from results: proposals depend on the values and the direction. */
  readonly learns: boolean;
}

async function run(
  sampler: Sampler,
  objective: (p: ParamSet) => Promise<number>,
  direction: Direction = 'minimize',
  concurrency = 1,
): Promise<{ trials: readonly Trial[]; reason: string }> {
  const study = new Study({ sampler, direction, randomState: 0 });
  // every error is recorded as a failed trial (the contract checks how samplers cope with failures)
  const reason = await captureWarnings(() => study.optimize(async (p) => objective(p), { concurrency, catch: 'all', maxConsecutiveFailures: Infinity }));
  return { trials: study.trials, reason: reason.result };
}

function hasNaN(params: ParamSet): boolean {
  return Object.values(params).some((v) => typeof v === 'number' && Number.isNaN(v));
}

const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** Registers the conformance checks for the sampler built by `options.factory`. */
export function checkSampler(name: string, options: SamplerContractOptions): void {
  const { factory, nTrials, isValid, objective } = options;
  const f = async (p: ParamSet): Promise<number> => objective(p);

  describe(`${name} (sampler contract)`, () => {
    it('proposes valid points and stops after its planned trials', async () => {
      const { trials, reason } = await run(factory(1), f);
      expect(reason).toBe('exhausted');
      expect(trials).toHaveLength(nTrials);
      for (const t of trials) expect(isValid(t.params), JSON.stringify(t.params)).toBe(true);
    });

    it('keeps to the space and the plan with three trials running at once', async () => {
      const { trials, reason } = await run(factory(1), async (p) => {
        await new Promise((r) => setTimeout(r, 1));
        return objective(p);
      }, 'minimize', 3);
      expect(reason).toBe('exhausted');
      expect(trials).toHaveLength(nTrials);
      for (const t of trials) expect(isValid(t.params)).toBe(true);
    });

    it('gives the same proposals for the same seed', async () => {
      const a = (await run(factory(3), f)).trials.map((t) => t.params);
      const b = (await run(factory(3), f)).trials.map((t) => t.params);
      expect(b).toEqual(a);
      if (options.random) {
        const c = (await run(factory(4), f)).trials.map((t) => t.params);
        expect(c).not.toEqual(a);
      }
    });

    it('honours the direction', async () => {
      const min = (await run(factory(5), f, 'minimize')).trials;
      const max = (await run(factory(5), f, 'maximize')).trials;
      if (options.learns) {
        const late = (ts: readonly Trial[]) => meanOf(ts.slice(Math.floor(nTrials / 2)).map((t) => objective(t.params)));
        expect(late(min)).toBeLessThan(late(max));
      } else {
        expect(max.map((t) => t.params)).toEqual(min.map((t) => t.params));
      }
    });

    it('goes on through failed and NaN trials', async () => {
      let i = 0;
      const { trials, reason } = await run(factory(6), async (p) => {
        i++;
        if (i % 3 === 0) throw new Error('fit failed');
        return i % 3 === 1 ? NaN : objective(p);
      });
      expect(reason).toBe('exhausted');
      expect(trials).toHaveLength(nTrials);
      expect(trials.some((t) => t.state === 'failed')).toBe(true);
      for (const t of trials) {
        expect(isValid(t.params)).toBe(true);
        expect(hasNaN(t.params)).toBe(false);
      }
    });

    it('degrades gracefully when every trial fails or every value is the same', async () => {
      const failing = await run(factory(7), async () => Promise.reject(new Error('always')));
      expect(failing.trials).toHaveLength(nTrials);
      expect(failing.trials.every((t) => t.state === 'failed')).toBe(true);
      const constant = await run(factory(7), async () => 1);
      expect(constant.trials).toHaveLength(nTrials);
      for (const t of [...failing.trials, ...constant.trials]) {
        expect(isValid(t.params)).toBe(true);
        expect(hasNaN(t.params)).toBe(false);
      }
    });

    it('runs on an empty history and stops once its trials exist', async () => {
      const sampler = factory(8);
      const first = sampler.suggest([], { direction: 'minimize' });
      expect(first.kind).toBe('run');
      const { trials } = await run(sampler, f);
      expect(sampler.suggest(trials, { direction: 'minimize' }).kind).toBe('stop');
    });
  });
}
