/**
 * HyperbandPruner (Optuna's): Hyperband (Li et al. 2018) as a pruner. Trials
 * are spread over brackets of successive halving that start pruning at
 * different resources (bracket b is ASHA with minEarlyStoppingRate b); a
 * trial's bracket comes from a CRC-32 of the study's name and the trial's
 * number, in proportion to each bracket's budget, and both the pruning and the
 * sampler's independent draws see only the trials of that bracket.
 */
import { InvalidParameterError } from '../../core/errors.js';
import { checkInteger, checkParam, integerIn, oneOf } from '../../core/validate.js';
import type { Pruner, PrunerContext } from '../trial-context.js';
import type { RunningTrial, Trial } from '../trial.js';
import { isUnfinished } from '../trial.js';
import { lastReport } from './pruning-steps.js';
import { pyLog } from './py-float.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** The smallest resource a trial gets (the first rung of the most aggressive bracket). @default 1 */
  readonly minResource?: number | undefined;
  /** The largest resource; `'auto'` takes the last step of the complete trials + 1 once one has completed. @default 'auto' */
  readonly maxResource?: number | 'auto' | undefined;
  /** η: each rung keeps 1/η of the trials. @default 3 */
  readonly reductionFactor?: number | undefined;
  /** Prune at a rung until more than this many trials reached it. @default 0 */
  readonly bootstrapCount?: number | undefined;
}

const OWNER = 'HyperbandPruner';

let crcTable: Int32Array | undefined;

/**
 * The CRC-32 of a string's UTF-8 bytes (zlib's, Python's `binascii.crc32`).
 * @example
 * ```ts
 * crc32('no-name_0'); // the same number as Python's binascii.crc32(b'no-name_0')
 * ```
 */
export function crc32(text: string): number {
  if (crcTable === undefined) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (const byte of new TextEncoder().encode(text)) crc = (crc >>> 8) ^ (crcTable[(crc ^ byte) & 0xff] as number);
  return (crc ^ -1) >>> 0;
}

/**
 * Hyperband pruning.
 * @example
 * ```ts
 * const study = createStudy({ pruner: new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }) });
 * ```
 */
export class HyperbandPruner implements Pruner {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private maxResource: number | 'auto';
  private brackets: { readonly pruner: SuccessiveHalvingPruner; readonly budget: number }[] = [];
  /** With `maxResource: 'auto'`: the trials that finished before the brackets were known (no rung recorded their values). */
  private unranked = new Set<number>();

  constructor(options: HyperbandPrunerOptions = {}) {
    this.minResource = checkInteger(OWNER, 'minResource', options.minResource ?? 1, { min: 1 });
    this.maxResource = checkParam<number | 'auto'>(OWNER, 'maxResource', options.maxResource ?? 'auto', [integerIn({ min: 1 }), oneOf(['auto'])], { kind: 'option' });
    this.reductionFactor = checkInteger(OWNER, 'reductionFactor', options.reductionFactor ?? 3, { min: 2 });
    this.bootstrapCount = checkInteger(OWNER, 'bootstrapCount', options.bootstrapCount ?? 0, { min: 0 });
    if (this.bootstrapCount > 0 && this.maxResource === 'auto') {
      throw new InvalidParameterError(
        `The "bootstrapCount" option of ${OWNER} needs a numeric "maxResource": bootstrapCount > 0 and maxResource 'auto' cannot be combined. Got bootstrapCount ${this.bootstrapCount} instead.`,
        { owner: OWNER, argument: 'bootstrapCount', value: this.bootstrapCount, expected: "0 with maxResource 'auto'" },
      );
    }
  }

  /** The number of brackets, once known: floor(log_η(maxResource / minResource)) + 1. */
  get nBrackets(): number | undefined {
    return this.brackets.length === 0 ? undefined : this.brackets.length;
  }

  /** Each bracket's share of the trials: ceil(nBrackets · η^s / (s + 1)) with s = nBrackets − 1 − b. */
  get trialAllocationBudgets(): readonly number[] {
    return this.brackets.map((b) => b.budget);
  }

  /** The bracket of trial number `id` in the study named `studyName` (0 while the brackets are not known yet). */
  bracketOf(id: number, studyName: string | undefined): number {
    if (this.brackets.length === 0) return 0;
    const total = this.brackets.reduce((s, b) => s + b.budget, 0);
    let n = crc32(`${studyName ?? ''}_${id}`) % total;
    for (let b = 0; b < this.brackets.length; b++) {
      n -= (this.brackets[b] as { budget: number }).budget;
      if (n < 0) return b;
    }
    return this.brackets.length - 1;
  }

  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: PrunerContext): boolean {
    if (!this.ready(trials)) return false;
    const bracket = this.bracketOf(trial.id, context.studyName);
    const same = trials.filter((t) => !this.unranked.has(t.id) && this.bracketOf(t.id, context.studyName) === bracket);
    return (this.brackets[bracket] as { pruner: SuccessiveHalvingPruner }).pruner.shouldPrune(trial, same, context);
  }

  trialsForSampling(trial: Pick<Trial, 'id'>, trials: readonly Trial[], context: PrunerContext): readonly Trial[] {
    if (this.brackets.length === 0) return trials;
    const bracket = this.bracketOf(trial.id, context.studyName);
    return trials.filter((t) => this.bracketOf(t.id, context.studyName) === bracket);
  }

  /** Builds the brackets once the largest resource is known. */
  private ready(trials: readonly Trial[]): boolean {
    if (this.brackets.length > 0) return true;
    if (this.maxResource === 'auto') {
      const steps = trials.filter((t) => t.state === 'complete').map((t) => lastReport(t)?.step).filter((s): s is number => s !== undefined);
      if (steps.length === 0) return false;
      this.maxResource = Math.max(...steps) + 1;
      // Optuna records a rung's value as a trial passes it; these finished while nothing was recorded
      this.unranked = new Set(trials.filter((t) => !isUnfinished(t)).map((t) => t.id));
    }
    const n = Math.floor(pyLog(this.maxResource / this.minResource, this.reductionFactor)) + 1;
    this.brackets = Array.from({ length: n }, (_, b) => {
      const s = n - 1 - b;
      return {
        budget: Math.ceil((n * this.reductionFactor ** s) / (s + 1)),
        pruner: new SuccessiveHalvingPruner({ minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: b, bootstrapCount: this.bootstrapCount }),
      };
    });
    return true;
  }
}
