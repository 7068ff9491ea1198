/**
 * What the voting and stacking ensembles share (scikit-learn's
 * `_BaseHeterogeneousEnsemble`): a list of named estimators (any of which may be
 * `'drop'`), the parameter plumbing for `name__param` keys, fitting clones of the
 * members, and putting their outputs side by side.
 */
import { performance } from 'node:perf_hooks';
import type { MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { DenseMatrix } from '../../core/data.js';
import { InvalidParameterError } from '../../core/errors.js';
import type { AnyEstimator, FitOptions } from '../../core/estimator.js';
import { clone, isClassifier, isEstimator, isRegressor } from '../../core/estimator.js';
import type { Constraint } from '../../core/validate.js';
import { checkParam, formatValue, invalidArgument, invalidParameter, satisfies } from '../../core/validate.js';
import { compositeGetParams, compositeSetParams, validateItemNames } from '../composition.js';

/** A member of an ensemble: an estimator, or `'drop'` to leave it out. */
export type EnsembleMember = AnyEstimator | 'drop';

/** One member of an ensemble: its name and its estimator. */
export type EnsembleEntry = readonly [name: string, estimator: EnsembleMember];

/** The members of an ensemble. */
export type EnsembleEntries = readonly EnsembleEntry[];

/** The `estimators` constraint: a non-empty array of `[name, estimator | 'drop']` pairs. */
export const ENTRIES_CONSTRAINT: Constraint = satisfies(
  'a non-empty array of [name, estimator] pairs (an estimator may be "drop")',
  (v) =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0].length > 0 && (e[1] === 'drop' || isEstimator(e[1]))),
);

/** What kind of members an ensemble takes (null: any estimator). */
export type MemberKind = 'classifier' | 'regressor' | null;

/** Checks the members (scikit-learn's `_validate_estimators`): names, one not dropped, the right kind. */
export function validateEntries(owner: string, entries: EnsembleEntries, ownKeys: readonly string[], kind: MemberKind): void {
  validateItemNames(owner, 'estimators', '[name, estimator] pairs', entries, ownKeys);
  if (entries.every(([, est]) => est === 'drop')) {
    throw invalidParameter(owner, 'estimators', 'an array of [name, estimator] pairs with at least one estimator that is not "drop"', entries, {
      hint: 'All estimators are dropped.',
    });
  }
  if (kind === null) return;
  const test = kind === 'classifier' ? isClassifier : isRegressor;
  for (const [name, est] of entries) {
    if (est === 'drop' || test(est)) continue;
    throw invalidParameter(owner, 'estimators', `an array of [name, estimator] pairs whose estimators are ${kind}s (or "drop")`, entries, {
      hint: `The estimator "${name}" (an instance of ${est.constructor.name}) should be a ${kind}.`,
    });
  }
}

/** `getParams` of an ensemble: its own params, then (deep) each member by name and its params as `name__param`. */
export function ensembleGetParams(own: Record<string, unknown>, entries: EnsembleEntries, deep: boolean): Record<string, unknown> {
  return compositeGetParams(own, entries, deep);
}

/** What {@link ensembleSetParams} needs. */
export interface EnsembleSetParamsContext {
  readonly owner: string;
  readonly ownKeys: readonly string[];
  /** Own params holding an estimator (`finalEstimator`): their `key__param` go to the own params. */
  readonly ownEstimatorKeys?: readonly string[];
  readonly current: EnsembleEntries;
  readonly given: Record<string, unknown>;
  readonly kind: MemberKind;
  validNames(): string[];
  checkOwn(key: string, value: unknown): void;
}

/**
 * `setParams` of an ensemble: the whole list, members replaced by name (`'drop'`
 * leaves one out), `name__param` routed to the members, and own params (with
 * `finalEstimator__param` kept for the own params' setParams). Returns what the
 * own params' setParams must apply.
 */
export function ensembleSetParams(context: EnsembleSetParamsContext): Record<string, unknown> {
  const { owner, ownKeys, given, kind } = context;
  const estimatorKeys = context.ownEstimatorKeys ?? [];
  const ownNested: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const head = key.includes('__') ? key.slice(0, key.indexOf('__')) : undefined;
    if (head !== undefined && estimatorKeys.includes(head)) ownNested[key] = value;
    else rest[key] = value;
  }
  const { own, items } = compositeSetParams({
    owner,
    listKey: 'estimators',
    ownKeys,
    current: context.current,
    given: rest,
    validNames: context.validNames,
    validate: (list) => {
      checkParam(owner, 'estimators', list, ENTRIES_CONSTRAINT);
      validateEntries(owner, list as EnsembleEntries, ownKeys, kind);
    },
    checkOwn: context.checkOwn,
  });
  return { ...own, ...ownNested, ...(items !== context.current ? { estimators: items } : {}) };
}

/** scikit-learn's `_print_elapsed_time` line: `[Voting] ....... (1 of 3) Processing lr, total=   0.0s`. */
function elapsedMessage(source: string, message: string, seconds: number): string {
  const start = `[${source}] `;
  const time = seconds > 60 ? `${(seconds / 60).toFixed(1).padStart(4)}min` : ` ${seconds.toFixed(1).padStart(5)}s`;
  const end = ` ${message}, total=${time}`;
  return `${start}${'.'.repeat(Math.max(0, 70 - start.length - end.length))}${end}`;
}

/** The members that are not dropped, with their names and positions. */
export function activeMembers(entries: EnsembleEntries): { name: string; estimator: AnyEstimator }[] {
  return entries.filter(([, est]) => est !== 'drop').map(([name, estimator]) => ({ name, estimator: estimator as AnyEstimator }));
}

/** Fits a clone of every member that is not dropped, in order (printing the time of each when `verbose`). */
export async function fitMembers(
  source: string,
  entries: EnsembleEntries,
  X: MatrixLike,
  y: TargetLike,
  options: FitOptions,
  verbose: boolean,
): Promise<AnyEstimator[]> {
  const active = activeMembers(entries);
  const fitted: AnyEstimator[] = [];
  for (const [index, { name, estimator }] of active.entries()) {
    const started = performance.now();
    const copy = clone(estimator);
    await copy.fit(X, y, { signal: options.signal, groups: options.groups });
    fitted.push(copy);
    if (verbose) console.log(elapsedMessage(source, `(${index + 1} of ${active.length}) Processing ${name}`, (performance.now() - started) / 1000));
  }
  return fitted;
}

/** Each name with its fitted member, or `'drop'` (scikit-learn's `named_estimators_`). */
export function namedMembers(entries: EnsembleEntries, fitted: readonly AnyEstimator[]): Record<string, EnsembleMember> {
  const out: Record<string, EnsembleMember> = {};
  let next = 0;
  for (const [name, est] of entries) out[name] = est === 'drop' ? 'drop' : (fitted[next++] as AnyEstimator);
  return out;
}

/** Calls `method` of a fitted member; a clear error when it has none. */
export async function callMember(owner: string, name: string, member: AnyEstimator, method: string, X: MatrixLike): Promise<unknown> {
  const fn = (member as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') {
    throw new InvalidParameterError(`The estimator "${name}" (an instance of ${member.constructor.name}) does not implement ${method} (needed by ${owner}).`, {
      owner,
      argument: 'estimators',
      value: name,
      expected: `an estimator with ${method}`,
    });
  }
  return (fn as (X: MatrixLike) => Promise<unknown>).call(member, X);
}

/** A member's output as rows of numbers: a 1-D output becomes one column. */
export function outputRows(owner: string, name: string, output: unknown, n: number): number[][] {
  const rows: number[][] = [];
  const list = output as ArrayLike<unknown> | undefined;
  if (list === undefined || list === null || typeof list.length !== 'number' || list.length !== n) {
    throw invalidArgument(owner, 'estimators', `estimators whose outputs have one entry per sample (${n})`, output, {
      shown: `the output of "${name}": ${formatValue(output)}`,
    });
  }
  for (let i = 0; i < n; i++) {
    const v = list[i];
    rows.push(typeof v === 'number' ? [v] : Array.from(v as ArrayLike<number>));
  }
  return rows;
}

/** Puts blocks of rows side by side (all with `n` rows). */
export function sideBySide(blocks: readonly (readonly (readonly number[])[])[], n: number): DenseMatrix {
  const width = blocks.reduce((w, b) => w + (b[0]?.length ?? 0), 0);
  const out = DenseMatrix.zeros(n, width);
  let offset = 0;
  for (const block of blocks) {
    const w = block[0]?.length ?? 0;
    for (let i = 0; i < n; i++) out.values.set(block[i] as readonly number[], i * width + offset);
    offset += w;
  }
  return out;
}

/** Integer codes as numbers (what members are fitted on). */
export function codesAsTarget(codes: Int32Array): Vector {
  return Array.from(codes);
}
