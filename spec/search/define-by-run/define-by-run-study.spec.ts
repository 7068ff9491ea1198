import { describe, expect, it } from 'vitest';
import { TrialPruned, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { createStudy } from '../../../lib/search/define-by-run/create-study.js';
import { decodeDynamicTrial } from '../../../lib/search/define-by-run/trial-record.js';
import { GPSampler } from '../../../lib/search/samplers/gp/gp-sampler.js';
import { GridSampler, RandomSampler } from '../../../lib/search/samplers/list-sampler.js';
import { TPESampler } from '../../../lib/search/samplers/tpe/tpe-sampler.js';
import type { Pruner } from '../../../lib/search/study.js';
import type { ActiveTrial } from '../../../lib/search/define-by-run/active-trial.js';

/** A conditional objective: a classifier, then that classifier's own parameters. */
function conditional(trial: ActiveTrial): number {
  const kind = trial.suggestCategorical('classifier', ['svc', 'rf']);
  if (kind === 'svc') {
    const c = trial.suggestFloat('svc_c', 1e-3, 1e3, { log: true });
    return Math.abs(Math.log10(c) - 1);
  }
  const depth = trial.suggestInt('rf_max_depth', 2, 32, { log: true });
  return 0.5 + Math.abs(depth - 8) / 8;
}

describe('a define-by-run study (Optuna quick-start shape)', () => {
  it('optimizes an objective that asks for its parameters, and reports the best', async () => {
    const study = createStudy({ sampler: new TPESampler({ randomState: 10 }) });
    await study.optimize((trial) => {
      const x = trial.suggestFloat('x', -10, 10);
      return (x - 2) ** 2;
    }, { nTrials: 60 });
    expect(study.trials).toHaveLength(60);
    expect(study.bestValue).toBeLessThan(0.05);
    expect(Math.abs((study.bestParams.x as number) - 2)).toBeLessThan(0.25);
    expect(study.bestTrial?.state).toBe('complete');
    expect(study.direction).toBe('minimize');
  });

  it('runs conditional spaces with every sampler: parameters exist only in their branch', async () => {
    for (const sampler of [new TPESampler({ randomState: 0, nStartupTrials: 5 }), new RandomSampler({ randomState: 0 }), new GPSampler({ randomState: 0, nInitialPoints: 4 })]) {
      const study = createStudy({ sampler });
      await study.optimize(conditional, { nTrials: 16 });
      for (const t of study.trials) {
        const keys = Object.keys(t.params).sort();
        expect(keys).toEqual(t.params.classifier === 'svc' ? ['classifier', 'svc_c'] : ['classifier', 'rf_max_depth']);
        expect(Object.keys(decodeDynamicTrial(t).distributions).sort()).toEqual(keys);
      }
      expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
    }
  });

  it('gives a grid sampler’s values to the objective, and says which parameter the grid lacks', async () => {
    const study = createStudy({ sampler: new GridSampler({ x: [1, 2, 3] }) });
    await study.optimize((trial) => trial.suggestInt('x', 0, 5), {});
    expect(study.trials.map((t) => t.params.x)).toEqual([1, 2, 3]);
    const bad = createStudy({ sampler: new GridSampler({ x: [1] }) });
    await captureWarnings(() => expect(bad.optimize((trial) => trial.suggestInt('x', 0, 5) + trial.suggestFloat('y', 0, 1))).rejects.toThrow(
      'The sampler of this study (GridSampler) fixes whole parameter sets and gave trial 0 no value for "y"; its space must hold every parameter the objective asks for (it has ["x"]).',
    ));
  });

  it('draws the same values for the same seeds, whatever order the objective asks in', async () => {
    const run = async (order: 'xy' | 'yx') => {
      const study = createStudy({ sampler: new TPESampler({ randomState: 4, nStartupTrials: 3 }) });
      await study.optimize((trial) => {
        let x: number;
        let y: number;
        if (order === 'xy') {
          x = trial.suggestFloat('x', 0, 1);
          y = trial.suggestFloat('y', 0, 1);
        } else {
          y = trial.suggestFloat('y', 0, 1);
          x = trial.suggestFloat('x', 0, 1);
        }
        return x + y;
      }, { nTrials: 6 });
      expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
      return study.trials.map((t) => t.params);
    };
    expect(await run('yx')).toEqual(await run('xy'));
  });
});

describe('relative search spaces', () => {
  it('TPE draws each group of parameters that appear together jointly; GP the parameters every trial has', async () => {
    const tpe = new TPESampler({ randomState: 0, nStartupTrials: 4 });
    const study = createStudy({ sampler: tpe });
    await study.optimize(conditional, { nTrials: 12 });
    const trial = { id: 99, state: 'running', params: {}, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 } as const;
    const svcSeen = study.trials.some((t) => t.params.classifier === 'svc');
    const rfSeen = study.trials.some((t) => t.params.classifier === 'rf');
    expect(Object.keys(tpe.inferRelativeSearchSpace(study.trials)).sort()).toEqual(['classifier', ...(rfSeen ? ['rf_max_depth'] : []), ...(svcSeen ? ['svc_c'] : [])].sort());
    const relative = tpe.sampleRelative(study.trials, tpe.inferRelativeSearchSpace(study.trials), { direction: 'minimize', trial });
    expect(Object.keys(relative).sort()).toEqual(Object.keys(tpe.inferRelativeSearchSpace(study.trials)).sort());
    const gp = new GPSampler({ randomState: 0 });
    expect(Object.keys(gp.inferRelativeSearchSpace(study.trials))).toEqual(svcSeen && rfSeen ? ['classifier'] : svcSeen ? ['classifier', 'svc_c'] : ['classifier', 'rf_max_depth']);
    expect(Object.keys(gp.sampleRelative(study.trials, gp.inferRelativeSearchSpace(study.trials), { direction: 'minimize', trial }))).toEqual(Object.keys(gp.inferRelativeSearchSpace(study.trials)));
  });
});

describe('a define-by-run study in a storage', () => {
  it('keeps the suggested parameters, distributions and user attributes: a study opened again shows them', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { JournalStorage } = await import('../../../lib/search/storage/journal-storage.js');
    const path = join(mkdtempSync(join(tmpdir(), 'tk-dbr-')), 'study.jsonl');
    const backend = new JournalStorage(path, { fsync: false });
    const first = createStudy({ sampler: new TPESampler({ randomState: 0 }), storage: await backend.createStudy({ name: 'dbr', directions: ['minimize'] }) });
    await first.optimize(async (trial) => {
      await trial.setUserAttr('note', 'x');
      return conditional(trial);
    }, { nTrials: 6 });
    await backend.close();
    const again = new JournalStorage(path, { fsync: false });
    const reopened = createStudy({ sampler: new TPESampler({ randomState: 0 }), storage: await again.loadStudy('dbr') });
    await reopened.optimize(conditional, { nTrials: 2 });
    expect(reopened.trials).toHaveLength(8);
    expect(reopened.trials.slice(0, 6).map((t) => t.params)).toEqual(first.trials.map((t) => t.params));
    expect(decodeDynamicTrial(reopened.trials[0]!).userAttrs).toEqual({ note: 'x' });
    await again.close();
  });
});

describe('ActiveTrial', () => {
  it('returns the first value when a name is asked for again, and refuses another kind of distribution', async () => {
    const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }) });
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    expect(trial.suggestFloat('x', 0, 1)).toBe(x);
    expect(() => trial.suggestCategorical('x', ['a'])).toThrow(ValidationError);
    expect(trial.suggestInt('n', 3, 3)).toBe(3); // a single value needs no draw
    expect(trial.suggestFloat('f', 2, 2)).toBe(2);
    expect(trial.params).toEqual({ x, n: 3, f: 2 });
  });

  it('checks its arguments with the standard messages', async () => {
    const trial = await createStudy({ sampler: new RandomSampler({ randomState: 0 }) }).ask();
    expect(() => trial.suggestFloat('x', 1, 0)).toThrow('The "high" argument of ActiveTrial.suggestFloat must be a number >= low (1). Got 0 instead.');
    expect(() => trial.suggestFloat('x', 0, 1, { log: true })).toThrow('The "low" argument of ActiveTrial.suggestFloat must be a number > 0 with log: true. Got 0 instead.');
    expect(() => trial.suggestFloat('x', 1, 10, { log: true, step: 1 })).toThrow(
      'The "step" option of ActiveTrial.suggestFloat must be undefined with log: true (a log range has no step). Got 1 instead.',
    );
    expect(() => trial.suggestInt('n', 0.5, 3)).toThrow('The "low" argument of ActiveTrial.suggestInt must be an int. Got 0.5 instead.');
    expect(() => trial.suggestCategorical('c', [])).toThrow('The "choices" argument of ActiveTrial.suggestCategorical must be a non-empty array. Got [] instead.');
    expect(() => trial.report(1, -1)).toThrow('The "step" argument of ActiveTrial.report must be an int in the range [0, inf). Got -1 instead.');
  });

  it('steps integers and reals', async () => {
    const study = createStudy({ sampler: new RandomSampler({ randomState: 1 }) });
    await study.optimize((trial) => trial.suggestInt('n', 0, 10, { step: 4 }) + trial.suggestFloat('r', 0, 1, { step: 0.25 }), { nTrials: 20 });
    for (const t of study.trials) {
      expect([0, 4, 8]).toContain(t.params.n);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(t.params.r);
    }
  });

  it('reports in Optuna’s order (value, step), keeps the first value of a step, and prunes through the study’s pruner', async () => {
    const seen: number[][] = [];
    const pruner: Pruner = {
      shouldPrune: (t) => {
        seen.push(t.intermediate.map((iv) => iv.value));
        return t.intermediate.length >= 2;
      },
    };
    const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }), pruner });
    const { warnings } = await captureWarnings(() =>
      study.optimize(async (trial) => {
        for (let step = 0; step < 5; step++) {
          await trial.report(10 + step, step);
          if (step === 1) await trial.report(99, 1);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return 0;
      }, { nTrials: 1 }),
    );
    expect(seen).toEqual([[10], [10, 11]]);
    expect(study.trials[0]?.state).toBe('pruned');
    expect(study.trials[0]?.intermediate.map((iv) => [iv.step, iv.value])).toEqual([[0, 10], [1, 11]]);
    expect(warnings[0]?.message).toBe('ActiveTrial.report: step 1 of trial 0 was already reported; the value 99 is ignored.');
  });

  it('records user attributes for the trials table', async () => {
    const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }) });
    await study.optimize(async (trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      await trial.setUserAttr('double', 2 * x);
      return x;
    }, { nTrials: 2 });
    const table = study.trialsTable();
    expect(table.columns).toEqual(['number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_x', 'user_attrs_double', 'state']);
    expect(table.rows.map((r) => (r.user_attrs_double as number) / (r.params_x as number))).toEqual([2, 2]);
    expect(table.rows.map((r) => r.state)).toEqual(['COMPLETE', 'COMPLETE']);
    const csv = table.toCSV().split('\n');
    expect(csv[0]).toBe('number,value,datetime_start,datetime_complete,duration,params_x,user_attrs_double,state');
    expect(csv[1]).toMatch(/^0,0\.\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\dT[\d:.]+Z,[\d.]+,0\.\d+,[\d.]+,COMPLETE$/);
  });
});

describe('Study.ask and Study.tell', () => {
  it('run a trial outside optimize and record how it ended', async () => {
    const study = createStudy({ sampler: new TPESampler({ randomState: 0 }) });
    for (let i = 0; i < 12; i++) {
      const trial = await study.ask();
      const x = trial.suggestFloat('x', -10, 10);
      if (i === 3) await study.tell(trial, 'pruned');
      else if (i === 4) await study.tell(trial.number, 'failed');
      else await study.tell(trial, (x - 2) ** 2);
    }
    expect(study.trials.map((t) => t.state).slice(2, 6)).toEqual(['complete', 'pruned', 'failed', 'complete']);
    expect(study.bestParams.x).toBe(study.bestTrial?.params.x);
  });

  it('draws fixed distributions at ask time, fails NaN values, and refuses a second tell', async () => {
    const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }) });
    const trial = await study.ask({ x: new (await import('../../../lib/search/space/dimensions.js')).Real(0, 1) });
    expect(Object.keys(trial.params)).toEqual(['x']);
    const told = await study.tell(trial, NaN);
    expect(told.state).toBe('failed');
    expect(told.state === 'failed' && told.error).toBe('The objective returned NaN, which is not a finite number.');
    await expect(study.tell(trial, 1)).rejects.toThrow('Study.tell: trial 0 is already failed; only a running trial can be told.');
    await expect(study.tell(7, 1)).rejects.toThrow('Study.tell: trial 7 is not in this study; only a running trial can be told.');
  });

  it('prints Optuna’s line per trial with verbose', async () => {
    const lines: string[] = [];
    const { studyProgress } = await import('../../../lib/search/study-progress.js');
    const progress = studyProgress(2, 3, { isTTY: false, write: (t) => lines.push(t.trimEnd()) });
    const study = createStudy({ sampler: new GridSampler({ x: [3, 1, 2] }) });
    await study.optimize((trial) => trial.suggestInt('x', 0, 5), { onTrialEnd: progress.wrap(undefined, study as never) });
    expect(lines).toEqual([
      'Trial 0 finished with value: 3 and parameters: { x: 3 }. Best is trial 0 with value: 3.',
      'Trial 1 finished with value: 1 and parameters: { x: 1 }. Best is trial 1 with value: 1.',
      'Trial 2 finished with value: 2 and parameters: { x: 2 }. Best is trial 1 with value: 1.',
    ]);
  });

  it('bestValue says why there is none', () => {
    const study = createStudy();
    expect(study.bestTrial).toBeUndefined();
    expect(() => study.bestValue).toThrow('Study.bestValue: no trial has completed yet (it has no trials).');
  });

  it('fails a trial whose objective returns nothing, with a warning naming the trial', async () => {
    const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }) });
    const { warnings } = await captureWarnings(() => study.optimize((() => undefined) as never, { nTrials: 1 }));
    expect(study.trials[0]?.state).toBe('failed');
    expect(warnings[0]?.message).toBe(
      'Trial 0 failed: TypeError: The objective returned undefined (did it forget to return?); a define-by-run objective returns a number (or an array of numbers).',
    );
  });
});
