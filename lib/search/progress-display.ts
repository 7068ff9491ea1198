/**
 * The progress display every long loop shares (the searches' `verbose`,
 * `Study.optimize` and the `minimize` functions): a bar with the best value so
 * far on a terminal, plain lines otherwise (a log, CI), all on stderr unless a
 * sink is given.
 */
import cliProgress from 'cli-progress';

/** Where progress goes; the default writes to stderr. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** stderr, as a {@link ProgressSink}. */
export const stderrSink: ProgressSink = {
  write: (text) => process.stderr.write(text),
  get isTTY() {
    return process.stderr.isTTY === true;
  },
};

/** A progress display of `total` steps of some `unit` ('fits', 'trials', 'calls'). */
export interface ProgressDisplay {
  /** Shows that `done` steps are done, with the best value so far (`'-'` before there is one). */
  update(done: number, best?: string | undefined): void;
  /** True when a bar is drawn. */
  readonly hasBar: boolean;
  /** Writes a line (displays without a bar only: a bar would overwrite it). */
  line(text: string): void;
  /** Ends the bar. */
  stop(): void;
}

/** Options of {@link progressDisplay}. */
export interface ProgressDisplayOptions {
  /** The number of steps, when known (no bar without it). */
  readonly total: number | undefined;
  /** What a step is, in the bar and the lines. */
  readonly unit: string;
  /** Draw a bar (on a terminal); otherwise a plain line every tenth of the total. @default sink.isTTY */
  readonly bar?: boolean | undefined;
  /** Who is working, at the start of the plain lines. */
  readonly owner: string;
}

/**
 * A bar on a terminal (when the total is known), plain "owner: 30/100 trials
 * done" lines every tenth of the way otherwise.
 * @example
 * ```ts
 * const display = progressDisplay(stderrSink, { total: 100, unit: 'trials', owner: 'Study.optimize' });
 * display.update(1, '0.4231');
 * display.stop();
 * ```
 */
export function progressDisplay(sink: ProgressSink, options: ProgressDisplayOptions): ProgressDisplay {
  const { total, unit, owner } = options;
  const finite = total !== undefined && Number.isFinite(total);
  const useBar = (options.bar ?? sink.isTTY) && finite;
  let bar: cliProgress.SingleBar | undefined;
  if (useBar) {
    bar = new cliProgress.SingleBar(
      { format: `{bar} {value}/{total} ${unit} | {percentage}% | ETA {eta_formatted} | best {best}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total as number, 0, { best: '-' });
  }
  let lastBest = '-';
  return {
    hasBar: bar !== undefined,
    update(done, best) {
      if (best !== undefined) lastBest = best;
      if (bar !== undefined) {
        bar.update(done, { best: lastBest });
        return;
      }
      if (finite && (done % Math.max(1, Math.round((total as number) / 10)) === 0 || done === total)) {
        sink.write(`${owner}: ${done}/${total} ${unit} done${lastBest === '-' ? '' : `; best ${lastBest}`}\n`);
      }
    },
    line(text) {
      // a line under a live bar would be overwritten: lines are for displays without one
      if (bar === undefined) sink.write(`${text}\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** A value as progress shows it: four decimals, `nan` for NaN. */
export function formatProgressValue(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(4) : x.toFixed(4);
}
