/**
 * The classification report (scikit-learn's `classification_report`): precision,
 * recall, F1 and support per class and averaged, as scikit-learn's text, byte for
 * byte, or as an object with the same keys as scikit-learn's dict.
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { checkKnownKeys, checkParam, integerIn, invalidArgument, nullValue, oneOf, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { SampleWeight } from './_checks.js';
import { checkClassificationTargets, checkLabelsOption } from './_checks.js';
import type { AveragedScores, PerLabelScores, ZeroDivision } from './precision-recall.js';
import { precisionRecallFscoreSupport } from './precision-recall.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /**
   * The labels to report on, in this order (labels absent from the data score per
   * `zeroDivision`); null: the sorted labels of yTrue and yPred.
   * @default null
   */
  readonly labels?: readonly Label[] | null | undefined;
  /** A display name per label (same order as `labels`); null prints the labels. @default null */
  readonly targetNames?: readonly string[] | null | undefined;
  /** One weight per sample; null means unweighted (the supports are then sums of weights). @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Digits after the decimal point in the text (the object keeps full precision). @default 2 */
  readonly digits?: number | undefined;
  /** Return the object form instead of the text. @default false */
  readonly outputDict?: boolean | undefined;
  /** The value of an undefined precision or recall: 0 with a warning ('warn'), 0 or 1. @default 'warn' */
  readonly zeroDivision?: ZeroDivision | undefined;
}

/** One row of the report. */
export interface ClassificationReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  /** The number of true samples (their summed weight with `sampleWeight`). */
  readonly support: number;
}

/**
 * The object form: a row per label (keyed by its target name or label), then
 * `accuracy` (a number) when every label is reported, else a `micro avg` row,
 * then `macro avg` and `weighted avg` rows. Key order is scikit-learn's.
 */
export interface ClassificationReportDict {
  readonly 'macro avg': ClassificationReportRow;
  readonly 'weighted avg': ClassificationReportRow;
  readonly 'micro avg'?: ClassificationReportRow;
  readonly accuracy?: number;
  readonly [label: string]: ClassificationReportRow | number | undefined;
}

const OWNER = 'classificationReport';
const KEYS = ['labels', 'targetNames', 'sampleWeight', 'digits', 'outputDict', 'zeroDivision'];
const HEADERS = ['precision', 'recall', 'f1-score', 'support'];
const LONGEST_HEADING = 'weighted avg';

/** The length of a string in code points, as Python counts it. */
function codePoints(text: string): number {
  return [...text].length;
}

/** Python's `format(text, '>{width}')`: right-aligned by code points. */
function alignRight(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - codePoints(text))) + text;
}

/**
 * Python's `format(x, '.{digits}f')`: the exact binary value rounded half to
 * even (JavaScript's `toFixed` rounds exact ties up).
 */
export function pythonFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const rounded = x.toFixed(digits);
  // the exact decimal expansion decides whether x lay exactly half-way
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const point = exact.indexOf('.');
  const rest = point < 0 ? '' : exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  const kept = point < 0 ? exact : exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept.replace('.', '').slice(-1));
  if (lastDigit % 2 === 1) return rounded; // toFixed rounded up, to the even digit
  return (x < 0 ? '-' : '') + kept; // the even digit is the truncation
}

/** Python's `repr` of a float: the shortest round-trip digits, `.0` for integers, exponents outside [1e-4, 1e16). */
export function pythonFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(x);
  return text.includes('.') ? text : `${text}.0`;
}

/** How scikit-learn prints a label ("%s" of a numpy scalar). */
function labelText(label: Label): string {
  return typeof label === 'number' && !Number.isInteger(label) ? pythonFloatRepr(label) : String(label);
}

/**
 * A text report of the main classification metrics, exactly as scikit-learn 1.2
 * prints it, or (with `outputDict: true`) the same numbers as an object.
 *
 * @throws {ValidationError} for inconsistent targets, or target names that do not
 *   match the labels found (when `labels` is not given).
 * @example
 * ```ts
 * console.log(classificationReport([0, 1, 2, 2, 0], [0, 0, 2, 2, 0], { targetNames: ['a', 'b', 'c'] }));
 * //               precision    recall  f1-score   support
 * //
 * //            a       0.67      1.00      0.80         2
 * //            b       0.00      0.00      0.00         1
 * //  ...
 * const report = classificationReport(yTrue, yPred, { outputDict: true });
 * report['macro avg'].precision;
 * ```
 */
export function classificationReport(yTrue: Vector, yPred: Vector, options: ClassificationReportOptions & { readonly outputDict: true }): ClassificationReportDict;
export function classificationReport(yTrue: Vector, yPred: Vector, options?: ClassificationReportOptions & { readonly outputDict?: false | undefined }): string;
export function classificationReport(yTrue: Vector, yPred: Vector, options?: ClassificationReportOptions): string | ClassificationReportDict;
export function classificationReport(yTrue: Vector, yPred: Vector, options: ClassificationReportOptions = {}): string | ClassificationReportDict {
  checkKnownKeys(OWNER, options, KEYS, 'option');
  const digits = checkParam<number>(OWNER, 'digits', options.digits ?? 2, integerIn({ min: 0, max: 70 }), { kind: 'option' });
  const outputDict = checkParam<boolean>(OWNER, 'outputDict', options.outputDict ?? false, oneOf([true, false]), { kind: 'option' });
  const targetNamesOption = checkParam<readonly string[] | null>(
    OWNER,
    'targetNames',
    options.targetNames ?? null,
    [nullValue, satisfies('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))],
    { kind: 'option' },
  );
  const { present } = checkClassificationTargets(OWNER, yTrue, yPred);
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  const labels = labelsGiven ? checkLabelsOption(OWNER, options.labels, yTrue) : present;
  const microIsAccuracy = !labelsGiven || sameSet(labels, present);
  if (targetNamesOption !== null && labels.length !== targetNamesOption.length) {
    if (labelsGiven) {
      warn(`labels size, ${labels.length}, does not match size of target_names, ${targetNamesOption.length}`, 'UserWarning');
    } else {
      throw invalidArgument(OWNER, 'targetNames', `an array of ${labels.length} names (one per class found)`, targetNamesOption, {
        hint: 'Try specifying the labels option.',
      });
    }
  }
  const names = targetNamesOption ?? labels.map(labelText);
  const shared = { labels, sampleWeight: options.sampleWeight ?? null, zeroDivision: options.zeroDivision ?? 'warn' } as const;
  const perLabel = precisionRecallFscoreSupport(yTrue, yPred, { ...shared, average: null }) as PerLabelScores;
  const rowCount = Math.min(names.length, labels.length);
  const rows: [string, ClassificationReportRow][] = [];
  for (let i = 0; i < rowCount; i++) {
    rows.push([
      names[i] as string,
      { precision: perLabel.precision[i]!, recall: perLabel.recall[i]!, 'f1-score': perLabel.fScore[i]!, support: perLabel.support[i]! },
    ]);
  }
  let totalSupport = 0;
  for (const s of perLabel.support) totalSupport += s;
  const averages: [string, ClassificationReportRow][] = (['micro', 'macro', 'weighted'] as const).map((average) => {
    const a = precisionRecallFscoreSupport(yTrue, yPred, { ...shared, average }) as AveragedScores;
    const heading = average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`;
    return [heading, { precision: a.precision, recall: a.recall, 'f1-score': a.fScore, support: totalSupport }];
  });
  if (outputDict) {
    const out: Record<string, ClassificationReportRow | number> = {};
    for (const [name, row] of rows) out[name] = row;
    for (const [heading, row] of averages) out[heading] = heading === 'accuracy' ? row.precision : row;
    return out as unknown as ClassificationReportDict;
  }
  const weighted = options.sampleWeight !== undefined && options.sampleWeight !== null;
  const supportText = (s: number): string => (weighted ? pythonFloatRepr(s) : String(s));
  const width = Math.max(...names.map(codePoints), LONGEST_HEADING.length, digits);
  const number = (v: number): string => ` ${alignRight(pythonFixed(v, digits), 9)}`;
  let report = `${alignRight('', width)} ${HEADERS.map((h) => ` ${alignRight(h, 9)}`).join('')}\n\n`;
  const line = (heading: string, row: ClassificationReportRow): string =>
    `${alignRight(heading, width)} ${number(row.precision)}${number(row.recall)}${number(row['f1-score'])} ${alignRight(supportText(row.support), 9)}\n`;
  for (const [name, row] of rows) report += line(name, row);
  report += '\n';
  for (const [heading, row] of averages) {
    if (heading === 'accuracy') {
      report += `${alignRight(heading, width)} ${' '.repeat(20)}${number(row['f1-score'])} ${alignRight(supportText(row.support), 9)}\n`;
    } else {
      report += line(heading, row);
    }
  }
  return report;
}

function sameSet(a: readonly Label[], b: readonly Label[]): boolean {
  const sa = uniqueLabels(a as Vector);
  const sb = uniqueLabels(b as Vector);
  return sa.length === sb.length && sa.every((v, i) => v === sb[i]);
}
