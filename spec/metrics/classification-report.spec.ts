import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../lib/core/data.js';
import { ValidationError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import type { ClassificationReportOptions } from '../../lib/metrics/classification-report.js';
import { classificationReport, pythonFixed, pythonFloatRepr } from '../../lib/metrics/classification-report.js';

interface ReportCase {
  readonly name: string;
  readonly yTrue: Label[];
  readonly yPred: Label[];
  readonly options: ClassificationReportOptions;
  readonly text: string;
  readonly dict: Record<string, unknown>;
  readonly warnings: string[];
}

const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/classification-report/classification-report.json', import.meta.url), 'utf8')) as { cases: ReportCase[] }
).cases;

describe('classificationReport parity with scikit-learn 1.2', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('prints the same text, byte for byte', async () => {
        const { result, warnings } = await captureWarnings(() => classificationReport(c.yTrue, c.yPred, c.options));
        expect(result).toBe(c.text);
        expect(warnings.map((w) => `${w.category}: ${w.message.replace('`zeroDivision`', '`zero_division`')}`)).toEqual(c.warnings);
      });

      it('gives the same object, keys in the same order', async () => {
        const { result } = await captureWarnings(() => classificationReport(c.yTrue, c.yPred, { ...c.options, outputDict: true }));
        expect(Object.keys(result)).toEqual(Object.keys(c.dict));
        expect(result).toEqual(c.dict);
      });
    });
  }
});

describe('classificationReport', () => {
  it('types the object form', () => {
    const report = classificationReport([0, 1, 1], [0, 1, 0], { outputDict: true });
    expect(report['macro avg'].precision).toBeCloseTo(0.75, 12);
    expect(report.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('refuses target names that do not match the classes found', () => {
    expect(() => classificationReport([0, 1, 2], [0, 1, 1], { targetNames: ['a', 'b'] })).toThrow(ValidationError);
    expect(() => classificationReport([0, 1, 2], [0, 1, 1], { targetNames: ['a', 'b'] })).toThrow(
      'The "targetNames" argument of classificationReport must be an array of 3 names (one per class found). Got ["a", "b"] instead. Try specifying the labels option.',
    );
  });

  it('refuses unknown options and bad digits', () => {
    expect(() => classificationReport([0, 1], [0, 1], { digit: 3 } as never)).toThrow(/Unknown option "digit"/);
    expect(() => classificationReport([0, 1], [0, 1], { digits: -1 })).toThrow(/"digits" option/);
  });
});

describe('Python number formatting', () => {
  it('rounds exact ties half to even, as Python does', () => {
    expect(pythonFixed(0.125, 2)).toBe('0.12');
    expect(pythonFixed(0.375, 2)).toBe('0.38');
    expect(pythonFixed(0.625, 2)).toBe('0.62');
    expect(pythonFixed(0.5, 0)).toBe('0');
    expect(pythonFixed(1.5, 0)).toBe('2');
    expect(pythonFixed(2.675, 2)).toBe('2.67'); // 2.675 is below the tie in binary
    expect(pythonFixed(1 / 3, 4)).toBe('0.3333');
  });

  it('prints floats as Python repr does', () => {
    expect(pythonFloatRepr(20)).toBe('20.0');
    expect(pythonFloatRepr(4.75)).toBe('4.75');
    expect(pythonFloatRepr(1e16)).toBe('1e+16');
    expect(pythonFloatRepr(1e-5)).toBe('1e-05');
    expect(pythonFloatRepr(0.0001)).toBe('0.0001');
    expect(pythonFloatRepr(123456789012345680)).toBe('1.2345678901234568e+17');
  });
});
