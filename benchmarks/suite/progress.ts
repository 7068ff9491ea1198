/**
 * Progress of the suite on stderr: on a terminal one status line rewritten in
 * place, elsewhere a line every tenth of the runs; a line when a task's runs
 * are all done, with its best median.
 */
import type { SuiteRun } from '../../lib/report/suite-types.js';

/** Reports the suite's progress. */
export class Progress {
  private done_ = 0;
  private readonly started = performance.now();
  private readonly tty = process.stderr.isTTY === true;
  private readonly perTask = new Map<string, number>();
  private lastShown = 0;

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}

  private write(line: string): void {
    if (!this.enabled) return;
    if (this.tty) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(0)} s`;
  }

  /** The first line. */
  start(text: string): void {
    if (this.enabled) process.stderr.write(`${text}\n`);
  }

  /** A run finished. */
  tick(run: SuiteRun): void {
    this.done_++;
    this.perTask.set(run.task, (this.perTask.get(run.task) ?? 0) + 1);
    const pct = Math.floor((100 * this.done_) / Math.max(1, this.total));
    const line = `[${String(this.done_).padStart(String(this.total).length)}/${this.total} ${pct}% ${this.elapsed()}] ${run.task} · ${run.strategy} · seed ${run.seed}: ${run.evaluations.length} evaluations in ${run.seconds.toFixed(1)} s${run.error === undefined ? '' : ` (error: ${run.error})`}`;
    if (this.tty || run.error !== undefined || pct >= this.lastShown + 10 || this.done_ === this.total) {
      this.lastShown = pct - (pct % 10);
      this.write(line);
    }
  }

  /** A one-off message (a peer finished). */
  note(text: string): void {
    if (!this.enabled) return;
    if (this.tty) process.stderr.write(`\r\x1b[K${text}\n`);
    else process.stderr.write(`${text}\n`);
  }

  /** Ends the status line. */
  done(): void {
    if (this.enabled && this.tty) process.stderr.write('\n');
    if (this.enabled) process.stderr.write(`${this.done_} runs in ${this.elapsed()}\n`);
  }
}
