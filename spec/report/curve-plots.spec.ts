import { describe, expect, it } from 'vitest';
import { epochCurvesPlot, isLogSpread, learningCurvePlot, validationCurvePlot } from '../../lib/report/plots/curve-plots.js';

describe('learningCurvePlot', () => {
  it('draws the mean and ± one standard deviation over splits of each size', () => {
    const result = { trainSizesAbs: [10, 20], trainScores: [[1, 0.8], [0.9, 0.9]], testScores: [[0.5, 0.7], [0.8, 0.8]], fitTimes: [], scoreTimes: [] };
    const plot = learningCurvePlot(result);
    expect(plot.data[0]).toEqual({ x: 10, set: 'training', mean: 0.9, std: expect.closeTo(0.1, 12), lo: expect.closeTo(0.8, 12), hi: expect.closeTo(1, 12) });
    expect(plot.data.filter((d) => d.set === 'validation').map((d) => d.mean)).toEqual([0.6, 0.8]);
  });
});

describe('validationCurvePlot', () => {
  it('draws one point per parameter value and set, on a log axis for a wide positive range', () => {
    const range = [0.01, 1, 100];
    const plot = validationCurvePlot({ trainScores: [[1], [1], [1]], testScores: [[0.5], [0.9], [0.7]] }, 'C', range);
    expect(plot.data.filter((d) => d.set === 'validation').map((d) => [d.x, d.mean])).toEqual([
      [0.01, 0.5],
      [1, 0.9],
      [100, 0.7],
    ]);
    expect(JSON.stringify(plot.spec)).toContain('"type":"log"');
  });

  it('uses an ordinal axis for values that are not numbers', () => {
    const plot = validationCurvePlot({ trainScores: [[1], [1]], testScores: [[0.5], [0.6]] }, 'kernel', ['rbf', 'linear']);
    expect(plot.data.map((d) => d.x)).toEqual(['rbf', 'rbf', 'linear', 'linear']);
  });
});

describe('epochCurvesPlot', () => {
  it('has one row per trial, metric and epoch, training metrics before validation ones', () => {
    const plot = epochCurvesPlot([
      { id: '#0', score: 0.9, history: { val_accuracy: [0.5, 0.9], loss: [1, 0.5] } },
      { id: '#1', score: 0.7, history: { val_accuracy: [0.7] } },
    ]);
    expect(plot.data).toEqual([
      { trial: '#0', group: '', score: 0.9, metric: 'loss', epoch: 1, value: 1 },
      { trial: '#0', group: '', score: 0.9, metric: 'loss', epoch: 2, value: 0.5 },
      { trial: '#0', group: '', score: 0.9, metric: 'val_accuracy', epoch: 1, value: 0.5 },
      { trial: '#0', group: '', score: 0.9, metric: 'val_accuracy', epoch: 2, value: 0.9 },
      { trial: '#1', group: '', score: 0.7, metric: 'val_accuracy', epoch: 1, value: 0.7 },
    ]);
  });
});

describe('isLogSpread', () => {
  it('is true for positive values spanning more than two decades', () => {
    expect(isLogSpread([0.001, 1, 10])).toBe(true);
    expect(isLogSpread([1, 50])).toBe(false);
    expect(isLogSpread([0, 1000])).toBe(false);
  });
});
