/**
 * Warnings: scikit-learn's `warnings.warn(..., UserWarning)` for TypeScript.
 *
 * By default a warning goes to `process.emitWarning` with its category as the
 * warning type (so `node --no-warnings` silences it and `process.on('warning')`
 * sees it). {@link captureWarnings} collects them instead, for tests and for code
 * that wants to inspect them.
 */

/** The categories of warning tunekit emits (scikit-learn's names). */
export type WarningCategory =
  | 'UserWarning'
  | 'ConvergenceWarning'
  | 'FitFailedWarning'
  | 'UndefinedMetricWarning'
  | 'DataConversionWarning'
  | 'ResourceLeakWarning'
  | 'BackendWarning';

/** One emitted warning. */
export interface TunekitWarning {
  readonly category: WarningCategory;
  readonly message: string;
}

type WarningSink = (warning: TunekitWarning) => void;

const sinks: WarningSink[] = [];

/**
 * Emits a warning to the innermost active {@link captureWarnings} block, or to
 * `process.emitWarning` when none is active.
 */
export function warn(message: string, category: WarningCategory = 'UserWarning'): void {
  const warning: TunekitWarning = Object.freeze({ category, message });
  const sink = sinks[sinks.length - 1];
  if (sink) {
    sink(warning);
    return;
  }
  process.emitWarning(message, { type: category, code: 'TUNEKIT' });
}

/**
 * Runs `fn` and returns its result with every warning tunekit emitted meanwhile
 * (instead of printing them). Nested calls each see the warnings of their own block.
 *
 * @example
 * ```ts
 * const { result, warnings } = await captureWarnings(() => crossValScore(model, X, y));
 * ```
 */
export async function captureWarnings<T>(
  fn: () => T | Promise<T>,
): Promise<{ result: T; warnings: TunekitWarning[] }> {
  const warnings: TunekitWarning[] = [];
  const sink: WarningSink = (w) => warnings.push(w);
  sinks.push(sink);
  try {
    const result = await fn();
    return { result, warnings };
  } finally {
    const at = sinks.lastIndexOf(sink);
    if (at >= 0) sinks.splice(at, 1);
  }
}

/** Synchronous twin of {@link captureWarnings}. */
export function captureWarningsSync<T>(fn: () => T): { result: T; warnings: TunekitWarning[] } {
  const warnings: TunekitWarning[] = [];
  const sink: WarningSink = (w) => warnings.push(w);
  sinks.push(sink);
  try {
    return { result: fn(), warnings };
  } finally {
    const at = sinks.lastIndexOf(sink);
    if (at >= 0) sinks.splice(at, 1);
  }
}
