/**
 * The objective of a tuner: the metric a trial is scored by and whether lower or
 * higher is better (Keras Tuner's `Objective`). A name alone is enough for the
 * metrics Keras logs: `val_loss` is minimized, `val_accuracy` maximized.
 */
import type { Direction as StudyDirection } from '../search/trial.js';
import { checkKnownKeys, formatValue, invalidParameter } from '../core/validate.js';

/** Whether the objective is minimized or maximized. */
export type ObjectiveDirection = 'min' | 'max';

/** An objective given in full. */
export interface ObjectiveOptions {
  /** The metric's name, as the model reports it (`val_accuracy`, `val_loss`, `score`). */
  readonly name: string;
  /** `'min'` or `'max'` (`'minimize'`/`'maximize'` are accepted too). */
  readonly direction: ObjectiveDirection | StudyDirection;
}

/** What the `objective` option accepts: a metric name (its direction inferred) or `{ name, direction }`. */
export type ObjectiveSpec = string | ObjectiveOptions;

const LOWER_IS_BETTER = /loss|error|crossentropy|hinge|logcosh|poisson|divergence|^(mse|mae|mape|msle|kld|rmse)$/i;
const HIGHER_IS_BETTER = /acc|auc|precision|recall|f1|r2|score|iou/i;

/**
 * The direction of a Keras-style metric name, or `undefined` when it cannot be told.
 * @example
 * ```ts
 * inferDirection('val_loss'); // 'min'
 * inferDirection('val_accuracy'); // 'max'
 * ```
 */
export function inferDirection(name: string): ObjectiveDirection | undefined {
  const base = name.startsWith('val_') ? name.slice(4) : name;
  if (LOWER_IS_BETTER.test(base)) return 'min';
  if (HIGHER_IS_BETTER.test(base)) return 'max';
  return undefined;
}

/**
 * A metric name and a direction.
 * @example
 * ```ts
 * const objective = TunerObjective.from('val_accuracy', 'RandomSearch');
 * objective.direction; // 'max'
 * String(objective); // 'Objective(name="val_accuracy", direction="max")'
 * ```
 */
export class TunerObjective {
  readonly name: string;
  readonly direction: ObjectiveDirection;

  constructor(name: string, direction: ObjectiveDirection) {
    this.name = name;
    this.direction = direction;
    Object.freeze(this);
  }

  /**
   * Reads the `objective` option of `owner`.
   * @param infer how an unknown direction is found: Keras metric names by default; SklearnTuner's scorers are all maximized.
   * @throws {InvalidParameterError} for an empty name, a bad direction or a name whose direction cannot be inferred.
   */
  static from(spec: unknown, owner: string, infer: (name: string) => ObjectiveDirection | undefined = inferDirection): TunerObjective {
    if (typeof spec === 'string') {
      if (spec.length === 0) throw invalidParameter(owner, 'objective', 'a metric name or { name, direction }', spec, { kind: 'option' });
      const direction = infer(spec);
      if (direction === undefined) {
        throw invalidParameter(owner, 'objective', 'a metric name whose direction can be inferred (a loss or an accuracy), or { name, direction }', spec, {
          kind: 'option',
          hint: `Write objective: { name: ${JSON.stringify(spec)}, direction: 'min' } (or 'max').`,
        });
      }
      return new TunerObjective(spec, direction);
    }
    if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
      checkKnownKeys(`${owner} objective`, spec, ['name', 'direction'], 'option');
      const { name, direction } = spec as { name?: unknown; direction?: unknown };
      if (typeof name !== 'string' || name.length === 0) throw invalidParameter(owner, 'objective.name', 'a non-empty metric name', name, { kind: 'option' });
      const d = direction === 'minimize' ? 'min' : direction === 'maximize' ? 'max' : direction;
      if (d !== 'min' && d !== 'max') throw invalidParameter(owner, 'objective.direction', 'one of "min", "max"', direction, { kind: 'option' });
      return new TunerObjective(name, d);
    }
    throw invalidParameter(owner, 'objective', 'a metric name or { name, direction }', spec, { kind: 'option' });
  }

  /** The study's direction. */
  get studyDirection(): StudyDirection {
    return this.direction === 'max' ? 'maximize' : 'minimize';
  }

  /** True when `a` is strictly better than `b` (NaN is never better). */
  better(a: number, b: number): boolean {
    if (Number.isNaN(a)) return false;
    if (Number.isNaN(b)) return true;
    return this.direction === 'max' ? a > b : a < b;
  }

  /** The same objective as plain data. */
  toJSON(): ObjectiveOptions {
    return { name: this.name, direction: this.direction };
  }

  toString(): string {
    return `Objective(name=${formatValue(this.name)}, direction="${this.direction}")`;
  }
}
