/**
 * Progress output of a search, driven by its events: `verbose: 1` prints the plan
 * and a progress bar on a TTY (plain lines otherwise), `2` a line per candidate,
 * `3` a line per split.
 */
import { formatValue } from '../core/validate.js';
import type { ProgressDisplay, ProgressSink } from '../search/progress-display.js';
import { progressDisplay, stderrSink } from '../search/progress-display.js';
import type { SearchEvent } from './search-events.js';

export type { ProgressSink } from '../search/progress-display.js';

function fmt(x: number): string {
  return Number.isNaN(x) ? 'nan' : x.toFixed(4);
}

/**
 * Consumes search events and prints progress at the given verbosity. Returns the
 * event handler; call it with every event, in order.
 */
export function progressPrinter(owner: string, verbose: number, sink: ProgressSink = stderrSink): (event: SearchEvent) => void {
  if (verbose <= 0) return () => undefined;
  let display: ProgressDisplay | undefined;
  let nSplits = 1;
  let fits = 0;
  let planned: number | undefined;
  const useBar = sink.isTTY && verbose === 1;
  return (event) => {
    switch (event.type) {
      case 'start': {
        nSplits = event.nSplits;
        planned = event.nCandidates === undefined ? undefined : event.nCandidates * event.nSplits;
        const total = planned === undefined ? '' : `, totalling ${planned} fits`;
        const cands = event.nCandidates === undefined ? 'each candidate' : `each of ${event.nCandidates} candidates`;
        sink.write(`${owner}: Fitting ${nSplits} folds for ${cands}${total}\n`);
        if (verbose === 1) display = progressDisplay(sink, { total: planned, unit: 'fits', owner, bar: useBar });
        break;
      }
      case 'split-end': {
        fits++;
        display?.update(fits);
        if (verbose >= 3) {
          const r = event.result;
          const scores = Object.entries(r.testScores)
            .map(([m, v]) => `${m}=${fmt(v)}`)
            .join(' ');
          sink.write(`[CV ${r.split + 1}/${nSplits}] candidate ${r.candidate} ${formatValue(event.params)}; ${r.status}; ${scores}; fit ${r.fitTime.toFixed(3)}s\n`);
        }
        break;
      }
      case 'candidate-end':
        if (verbose >= 2) {
          const scores = Object.entries(event.meanScores)
            .map(([m, v]) => `mean_test_${m}=${fmt(v)}`)
            .join(' ');
          sink.write(`[candidate ${event.candidate}] ${formatValue(event.params)}; ${scores}; ${event.seconds.toFixed(3)}s\n`);
        }
        break;
      case 'new-best':
        if (display?.hasBar) display.update(fits, fmt(event.score));
        break;
      case 'failure':
        if (verbose >= 2) sink.write(`[candidate ${event.candidate} split ${event.split}] failed: ${event.error}\n`);
        break;
      case 'refit':
        if (verbose >= 2) sink.write(`${owner}: refit on the whole data with ${formatValue(event.params)} in ${event.seconds.toFixed(3)}s\n`);
        break;
      case 'done':
        display?.stop();
        sink.write(
          `${owner}: done (${event.reason}) after ${event.nCandidates} candidates; best score ${event.bestScore === undefined ? '-' : fmt(event.bestScore)}\n`,
        );
        break;
      case 'candidate-start':
        break;
    }
  };
}
