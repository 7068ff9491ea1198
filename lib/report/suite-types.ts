/**
 * The results file of the strategy benchmark suite (`results.json`): what ran,
 * on what machine, and every evaluation of every run. The suite writes it; the
 * suite report and `tunekit report` read it.
 */
import { InvalidParameterError } from '../core/errors.js';
import type { Direction } from '../search/trial.js';

/** The schema tag of a suite results file. */
export const SUITE_SCHEMA = 'tunekit-suite/1';

/** A task of the suite: a function or a tuning problem. */
export interface SuiteTask {
  readonly name: string;
  /** What a reader sees (`Branin (2-D)`). */
  readonly label: string;
  readonly kind: 'synthetic' | 'ml';
  readonly direction: Direction;
  /** The objective's name and unit (`f(x)`, `CV accuracy`). */
  readonly metric: string;
  /** The known optimum (synthetic functions), for simple regret. */
  readonly optimum?: number | undefined;
  /** Full-fidelity evaluations each strategy may spend. */
  readonly budget: number;
  /** What a fidelity is for multi-fidelity strategies (`training rows`, `epochs`), when the task has one. */
  readonly resource?: string | undefined;
  /** A short description of the space and the evaluation. */
  readonly description: string;
}

/** A strategy as listed in the results. */
export interface SuiteStrategy {
  readonly name: string;
  readonly label: string;
  /** True for another library's implementation (Optuna), run by a peer script. */
  readonly peer: boolean;
}

/** One evaluation of a run. */
export interface SuiteEvaluation {
  /** The objective value (NaN for a failure). */
  readonly value: number;
  /** The resource spent as a fraction of a full evaluation (1 for full fidelity). */
  readonly cost: number;
  /** Seconds from the run's start to the end of this evaluation. */
  readonly elapsed: number;
  /** Seconds the strategy spent proposing this evaluation. */
  readonly overhead: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** Per-epoch metrics of an iteratively trained model (Keras history), when recorded. */
  readonly history?: Readonly<Record<string, readonly number[]>> | undefined;
}

/** One run: a strategy on a task with a seed. */
export interface SuiteRun {
  readonly task: string;
  readonly strategy: string;
  readonly seed: number;
  readonly evaluations: readonly SuiteEvaluation[];
  /** Wall seconds of the whole run. */
  readonly seconds: number;
  /** The error that ended the run early, if any. */
  readonly error?: string | undefined;
}

/** A strategy that could not run on a task, and why. */
export interface SuiteSkip {
  readonly strategy: string;
  /** The task, or undefined when the strategy was skipped everywhere. */
  readonly task?: string | undefined;
  readonly reason: string;
}

/** The whole results file. */
export interface SuiteResults {
  readonly schema: typeof SUITE_SCHEMA;
  readonly meta: {
    readonly preset: string;
    readonly date: string;
    /** Seconds the suite took. */
    readonly seconds: number;
    readonly command: string;
    readonly seeds: readonly number[];
    readonly versions: Readonly<Record<string, string>>;
    /** The TensorFlow.js backend of the Keras task (or 'not loaded'). */
    readonly backend: string;
    readonly cores: number;
    readonly cpuModel: string;
    readonly loadAverage: readonly number[];
    readonly jobs: number;
  };
  readonly tasks: readonly SuiteTask[];
  readonly strategies: readonly SuiteStrategy[];
  readonly skipped: readonly SuiteSkip[];
  readonly runs: readonly SuiteRun[];
}

/**
 * True when `value` looks like a suite results file (checks the schema tag and
 * the top-level arrays).
 * @example
 * ```ts
 * isSuiteResults(JSON.parse(readFileSync('results.json', 'utf8'))); // true
 * ```
 */
export function isSuiteResults(value: unknown): value is SuiteResults {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.schema === SUITE_SCHEMA && Array.isArray(v.tasks) && Array.isArray(v.strategies) && Array.isArray(v.runs);
}

/**
 * Parses suite results JSON text, restoring NaN values (written as null).
 * @throws {InvalidParameterError} when the text is not a suite results file.
 * @example
 * ```ts
 * const results = parseSuiteResults(readFileSync('benchmarks/results/suite.json', 'utf8'));
 * ```
 */
export function parseSuiteResults(text: string): SuiteResults {
  const parsed: unknown = JSON.parse(text, (key, v: unknown) => (v === null && key === 'value' ? NaN : v));
  if (!isSuiteResults(parsed)) {
    throw new InvalidParameterError(`The text is not a tunekit suite results file (expected "schema": "${SUITE_SCHEMA}").`, {
      owner: 'parseSuiteResults',
      argument: 'text',
      value: text.slice(0, 80),
      expected: `a JSON object with "schema": "${SUITE_SCHEMA}"`,
    });
  }
  return parsed;
}
