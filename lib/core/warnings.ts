/**
 * Warnings: scikit-learn's `warnings.warn(..., UserWarning)` for TypeScript, shown the
 * way Python shows them.
 *
 * By default a warning is printed once per (category, place): the first time code at a
 * given place in a file emits a warning of a given category, it goes to
 * `process.emitWarning` with its category as the warning type (so `node --no-warnings`
 * silences it and `process.on('warning')` sees it); later ones from the same place are
 * counted, not printed, as Python's default filter does. {@link filterWarnings} changes
 * that per category (`'ignore'`, `'once'`, `'always'`, `'error'`), as does the
 * `TUNEKIT_WARNINGS` environment variable for scripts (`TUNEKIT_WARNINGS=ignore`,
 * `TUNEKIT_WARNINGS=error:ConvergenceWarning,always:UserWarning`).
 * {@link captureWarnings} collects them instead of printing them, for tests and for
 * code that wants to inspect them.
 */
import { WarningError } from './errors.js';
import { invalidArgument } from './validate.js';

/** The categories of warning tunekit emits (scikit-learn's names). */
export type WarningCategory =
  | 'UserWarning'
  | 'ConvergenceWarning'
  | 'FitFailedWarning'
  | 'UndefinedMetricWarning'
  | 'DataConversionWarning'
  | 'ResourceLeakWarning'
  | 'BackendWarning';

const CATEGORIES: readonly WarningCategory[] = [
  'UserWarning',
  'ConvergenceWarning',
  'FitFailedWarning',
  'UndefinedMetricWarning',
  'DataConversionWarning',
  'ResourceLeakWarning',
  'BackendWarning',
];

/** One emitted warning. */
export interface TunekitWarning {
  readonly category: WarningCategory;
  readonly message: string;
}

/**
 * What happens to a warning, as in Python's `warnings` filters:
 * - `'default'`: printed the first time for each (category, place), then only counted;
 * - `'once'`: printed the first time for each (category, message), wherever it comes from;
 * - `'always'`: printed every time;
 * - `'ignore'`: dropped (not printed, not captured, not counted);
 * - `'error'`: thrown as a {@link WarningError}.
 */
export type WarningAction = 'default' | 'once' | 'always' | 'ignore' | 'error';

const ACTIONS: readonly WarningAction[] = ['default', 'once', 'always', 'ignore', 'error'];

interface Filter {
  readonly action: WarningAction;
  readonly category: WarningCategory | undefined;
}

type WarningSink = (warning: TunekitWarning) => void;

const sinks: WarningSink[] = [];
/** User filters, newest first (the first that matches decides). */
let filters: Filter[] = [];
/** Keys already printed under 'default' and 'once'. */
const shown = new Set<string>();
/** Warnings emitted (printed or not, ignored excluded) per category since the last reset. */
let counts = new Map<WarningCategory, number>();
let environmentRead = false;

/**
 * Adds a warnings filter (newest first, as Python's `warnings.simplefilter` does).
 * Without a category it applies to every category.
 *
 * @example
 * ```ts
 * filterWarnings('ignore', 'ConvergenceWarning'); // quiet a search of under-iterated fits
 * filterWarnings('error');                         // every warning becomes a WarningError
 * ```
 */
export function filterWarnings(action: WarningAction, category?: WarningCategory): void {
  if (!ACTIONS.includes(action)) throw invalidArgument('filterWarnings', 'action', `one of ${ACTIONS.map((a) => `'${a}'`).join(', ')}`, action);
  if (category !== undefined && !CATEGORIES.includes(category)) {
    throw invalidArgument('filterWarnings', 'category', `one of ${CATEGORIES.map((c) => `'${c}'`).join(', ')} or undefined`, category);
  }
  readEnvironment();
  filters = [{ action, category }, ...filters.filter((f) => f.category !== category || category === undefined)];
}

/**
 * Removes every filter set by {@link filterWarnings} (and the environment variable's),
 * forgets which warnings were printed and clears the counts (Python's `resetwarnings`).
 */
export function resetWarnings(): void {
  filters = [];
  shown.clear();
  counts = new Map();
  environmentRead = true;
}

/** How many warnings of each category were emitted (printed or counted) since the last reset. */
export function warningCounts(): ReadonlyMap<WarningCategory, number> {
  return counts;
}

/** The counts by category now, to compare with later ({@link warningsSince}). */
export function warningSnapshot(): ReadonlyMap<WarningCategory, number> {
  return new Map(counts);
}

/**
 * The warnings emitted (printed or counted, not ignored) since `snapshot`, by
 * category; undefined when there were none.
 */
export function warningsSince(snapshot: ReadonlyMap<WarningCategory, number>): Partial<Record<WarningCategory, number>> | undefined {
  let out: Partial<Record<WarningCategory, number>> | undefined;
  for (const [category, n] of counts) {
    const added = n - (snapshot.get(category) ?? 0);
    if (added > 0) (out ??= {})[category] = added;
  }
  return out;
}

/** Reads `TUNEKIT_WARNINGS` once: `action` or `action:Category`, comma-separated, first wins. */
function readEnvironment(): void {
  if (environmentRead) return;
  environmentRead = true;
  const text = typeof process !== 'undefined' ? process.env.TUNEKIT_WARNINGS : undefined;
  if (text === undefined || text.trim() === '') return;
  const parsed: Filter[] = [];
  for (const item of text.split(',')) {
    const [action, category] = item.trim().split(':') as [string, string | undefined];
    if (!ACTIONS.includes(action as WarningAction) || (category !== undefined && !CATEGORIES.includes(category as WarningCategory))) {
      throw invalidArgument(
        'the environment',
        'TUNEKIT_WARNINGS',
        `a comma-separated list of action or action:Category (actions ${ACTIONS.join(', ')}; categories ${CATEGORIES.join(', ')})`,
        text,
      );
    }
    parsed.push({ action: action as WarningAction, category: category as WarningCategory | undefined });
  }
  filters = [...filters, ...parsed];
}

function actionFor(category: WarningCategory): WarningAction {
  readEnvironment();
  for (const f of filters) if (f.category === undefined || f.category === category) return f.action;
  return 'default';
}

/** Where `warn` was called from: the first stack frame outside this file. */
function callSite(): string {
  const stack = new Error().stack?.split('\n') ?? [];
  for (let i = 1; i < stack.length; i++) {
    const line = stack[i] as string;
    if (!line.includes('warnings.ts') && !line.includes('warnings.js')) return line.trim();
  }
  return '';
}

/**
 * Emits a warning: to the innermost active {@link captureWarnings} block, or printed
 * with `process.emitWarning` as the filters say (by default once per category and place).
 */
export function warn(message: string, category: WarningCategory = 'UserWarning'): void {
  const action = actionFor(category);
  if (action === 'ignore') return;
  if (action === 'error') throw new WarningError(message, category);
  counts.set(category, (counts.get(category) ?? 0) + 1);
  const warning: TunekitWarning = Object.freeze({ category, message });
  const sink = sinks[sinks.length - 1];
  if (sink) {
    sink(warning);
    return;
  }
  if (action !== 'always') {
    const key = action === 'once' ? `${category}\u0000${message}` : `${category}\u0000${callSite()}`;
    if (shown.has(key)) return;
    shown.add(key);
  }
  process.emitWarning(message, { type: category, code: 'TUNEKIT' });
}

/**
 * Runs `fn` and returns its result with every warning tunekit emitted meanwhile
 * (instead of printing them; 'ignore' and 'error' filters still apply). Nested calls
 * each see the warnings of their own block.
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
