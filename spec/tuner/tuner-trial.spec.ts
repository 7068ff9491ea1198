/**
 * The tuner trial codec: what a tuner's trial keeps in its attributes.
 */
import { describe, expect, it } from 'vitest';
import { decodeTunerTrial, encodeHyperparameters, encodeKerasTrial, encodeRetries, encodeSklearnTrial, encodeSpace, encodeTunerOutcome } from '../../lib/tuner/tuner-trial.js';

describe('the tuner trial codec', () => {
  it('reads back what the tuners write', () => {
    const attrs = {
      ...encodeHyperparameters({ units: 64 }),
      ...encodeSpace([]),
      ...encodeTunerOutcome({ metrics: { val_loss: 0.3 }, bestStep: 4, errors: ['Error: once'], extra: encodeKerasTrial({ backend: 'cpu', executions: [{ score: 0.3, best_step: 4, history: { val_loss: [0.5, 0.3] } }] }) }),
    };
    expect(attrs).toMatchObject({ hyperparameters: { units: 64 }, metrics: { val_loss: 0.3 }, best_step: 4, retries: 1, errors: ['Error: once'], checkpoint: true, backend: 'cpu' });
    expect(decodeTunerTrial({ attrs })).toEqual({
      hyperparameters: { units: 64 },
      space: [],
      metrics: { val_loss: 0.3 },
      bestStep: 4,
      retries: 1,
      errors: ['Error: once'],
      checkpoint: true,
      backend: 'cpu',
      executions: [{ score: 0.3, best_step: 4, history: { val_loss: [0.5, 0.3] } }],
    });
  });

  it('writes no retries for a trial that ran once, and keeps a failed trial’s retries apart from its errors', () => {
    expect(encodeTunerOutcome({ metrics: {}, errors: [] })).toEqual({ metrics: {} });
    expect(encodeRetries(1, ['E: a', 'E: b'])).toEqual({ retries: 1, errors: ['E: a', 'E: b'] });
    expect(encodeSklearnTrial({ splitScores: { score: [1, 2] }, fitTime: [0.1, 0.2] })).toEqual({ split_scores: { score: [1, 2] }, fit_time: [0.1, 0.2] });
  });

  it('decodes a trial that recorded nothing to empty defaults', () => {
    expect(decodeTunerTrial({ attrs: {} })).toEqual({ hyperparameters: undefined, space: undefined, metrics: {}, bestStep: undefined, retries: 0, errors: [], checkpoint: false, backend: undefined, executions: undefined });
  });
});
