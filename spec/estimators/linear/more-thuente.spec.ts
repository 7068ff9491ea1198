import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MoreThuente } from '../../../lib/estimators/linear/more-thuente.js';
import { maxScaledError } from './fixtures.js';

interface LineSearchTrace {
  readonly function: string;
  readonly step0: number;
  readonly stpmax: number;
  readonly ftol: number;
  readonly gtol: number;
  readonly xtol: number;
  /** The steps MINPACK-2's dcsrch asked to evaluate, in order. */
  readonly steps: number[];
  readonly final: number;
  readonly task: string;
}

const traces = (
  JSON.parse(readFileSync(new URL('../../fixtures/linear/solvers.json', import.meta.url), 'utf8')) as { lineSearches: LineSearchTrace[] }
).lineSearches;

/** The functions of spec/fixtures/linear/generate.py (solvers), with their slopes. */
const functions: Record<string, (a: number) => { f: number; g: number }> = {
  quadratic: (a) => ({ f: (a - 1.3) ** 2, g: 2 * (a - 1.3) }),
  far: (a) => ({ f: (a - 150) ** 2, g: 2 * (a - 150) }),
  quartic: (a) => ({ f: (a - 0.3) ** 2 * (1 + 10 * (a - 0.3) ** 2), g: 2 * (a - 0.3) * (1 + 10 * (a - 0.3) ** 2) + 20 * (a - 0.3) ** 3 }),
  logistic: (a) => ({ f: Math.log1p(Math.exp(2 - 3 * a)) + 0.05 * a * a, g: -3 / (1 + Math.exp(3 * a - 2)) + 0.1 * a }),
  wavy: (a) => ({ f: -3 * a + 0.3 * Math.sin(8 * a), g: -3 + 2.4 * Math.cos(8 * a) }),
  hyperbola: (a) => ({ f: Math.sqrt(1 + (a - 5) ** 2), g: (a - 5) / Math.sqrt(1 + (a - 5) ** 2) }),
};

const MINPACK_TASKS: Record<string, string> = {
  converged: 'CONVERGENCE',
  'ROUNDING ERRORS PREVENT PROGRESS': 'WARNING: ROUNDING ERRORS PREVENT PROGRESS',
  'XTOL TEST SATISFIED': 'WARNING: XTOL TEST SATISFIED',
  'STP = STPMAX': 'WARNING: STP = STPMAX',
  'STP = STPMIN': 'WARNING: STP = STPMIN',
};

describe('MoreThuente against MINPACK-2 dcsrch (scipy)', () => {
  for (const t of traces) {
    it(`takes dcsrch's steps on ${t.function} from ${t.step0} (stpmax ${t.stpmax}, gtol ${t.gtol}): ${t.task}`, () => {
      const phi = functions[t.function]!;
      const search = new MoreThuente({ ftol: t.ftol, gtol: t.gtol, xtol: t.xtol, stpmin: 0, stpmax: t.stpmax });
      const start = phi(0);
      let task = search.start(start.f, start.g, t.step0);
      const steps: number[] = [];
      while (task.kind === 'evaluate' && steps.length < 40) {
        steps.push(task.step);
        const { f, g } = phi(task.step);
        task = search.next(f, g);
      }
      expect(steps.length).toBe(t.steps.length);
      expect(maxScaledError(steps, t.steps)).toBeLessThan(1e-10);
      expect(maxScaledError([task.step], [t.final])).toBeLessThan(1e-10);
      expect(MINPACK_TASKS[task.kind === 'warning' ? task.reason : task.kind]).toBe(t.task);
    });
  }

  it('rejects a first step beyond stpmax and an ascent direction', () => {
    const search = new MoreThuente({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 0.5 });
    expect(() => search.start(1, -1, 1)).toThrow('MoreThuente.start needs stpmin <= step <= stpmax and a negative slope; got step 1, slope -1');
    expect(() => search.start(1, 0, 0.25)).toThrow(RangeError);
  });
});
