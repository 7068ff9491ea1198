/**
 * `BaseTuner`: what every tuner shares (Keras Tuner's `BaseTuner`). The oracle
 * decides; the tuner works: it owns the project (trials on disk, resume), runs
 * the study, applies the failure policy (retries, a stop after too many failed
 * trials in a row, fatal errors escape), discovers the search space, and reports
 * results. A subclass implements {@link BaseTuner.runTrial} (train and score one
 * set of hyperparameters) and {@link BaseTuner.discoverBuild}.
 */
import { isStopped, raceAbort } from '../core/checkpoint.js';
import { AbortError, InvalidParameterError, errorMessage } from '../core/errors.js';
import { checkBoolean, checkInteger, checkParam, satisfies } from '../core/validate.js';
import { FailurePolicy, classifyThrown } from '../search/failure-policy.js';
import { StudyMismatchError } from '../search/storage/errors.js';
import type { StudyRecord } from '../search/storage/storage.js';
import type { Objective as StudyObjective, ObjectiveResult, Study, TrialContext } from '../search/study.js';
import { TrialInterrupted } from '../search/study.js';
import type { StudyStorageOptions } from '../search/study-session.js';
import { STUDY_STORAGE_OPTIONS, StudySession, checkStudyStorageOptions } from '../search/study-session.js';
import type { FinishedTrial, RunningTrial, Trial } from '../search/trial.js';
import { isUnfinished } from '../search/trial.js';
import type { Condition } from './hp-types.js';
import type { HyperModel } from './hypermodel.js';
import { HyperParameters } from './hyperparameters.js';
import type { Oracle, OracleState } from './oracle.js';
import { formatTrialId } from './oracle.js';
import { Project } from './project.js';
import { ProjectError, isRecord } from './project-files.js';
import { decodeTunerTrial, encodeHyperparameters, encodeRetries, encodeSpace, encodeTunerOutcome } from './tuner-trial.js';

/**
 * Options every tuner takes besides its oracle's. The storage options
 * (`storage`, `studyName`, `loadIfExists`, `ignoreMismatch`) keep the trials in
 * a study storage instead of the project directory: a tuner run again with the
 * same study resumes it (finished trials are kept, a trial cut off mid-way runs
 * again); the seed and the search space are kept in the study; the checkpoints
 * stay in `directory/projectName` (in memory without a directory).
 */
export interface BaseTunerOptions extends StudyStorageOptions {
  /** Times a trial that threw is run again before it is recorded as failed. @default 0 */
  readonly maxRetriesPerTrial?: number | undefined;
  /** Stop the search (with a {@link FatalError}) after this many failed trials in a row. @default 3 */
  readonly maxConsecutiveFailedTrials?: number | undefined;
  /** Where the project directory goes; `undefined` keeps trials and weights in memory. @default undefined */
  readonly directory?: string | undefined;
  /** The project's folder in `directory`. @default 'untitled_project' */
  readonly projectName?: string | undefined;
  /** Start afresh, removing the project's files, instead of resuming. @default false */
  readonly overwrite?: boolean | undefined;
  /** 0: silent; 1: a line per trial (and the reload notice); 2: also a line per epoch. @default 1 */
  readonly verbose?: number | undefined;
}

/** The option names of {@link BaseTunerOptions}. */
export const BASE_TUNER_OPTIONS = ['maxRetriesPerTrial', 'maxConsecutiveFailedTrials', 'directory', 'projectName', 'overwrite', 'verbose', ...STUDY_STORAGE_OPTIONS] as const;

/** What one trial's work produced. */
export interface TrialResult {
  /** The objective value (averaged over executions). */
  readonly score: number;
  /** Every metric reported, at the best step (averaged over executions). */
  readonly metrics: Readonly<Record<string, number>>;
  /** The epoch (1-based) the score comes from. */
  readonly bestStep?: number | undefined;
  /** More to record with the trial. */
  readonly attrs?: Readonly<Record<string, unknown>> | undefined;
}

/** Options of a search run common to all tuners. */
export interface RunOptions {
  /** Overrides the tuner's `verbose`. */
  readonly verbose?: number | undefined;
  /** Stops the search (running trials are aborted between batches). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Seconds after which no trial starts and the running one is aborted; a
   * trial that does not settle is abandoned then (it may go on in the
   * background unless its fits honour the signal), and the search returns.
   */
  readonly timeout?: number | undefined;
}

const MAX_DISCOVERY_BUILDS = 64;

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
}

function show(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : String(v);
}

/**
 * The base of every tuner.
 * @example
 * ```ts
 * // a tuner of plain functions: the "model" is a number, its score the model itself
 * class Quadratic extends HyperModel<number> {
 *   build(hp: HyperParameters): number {
 *     return (hp.float('x', { min: -5, max: 5 }) - 1) ** 2;
 *   }
 * }
 * class FunctionTuner extends BaseTuner<number> {
 *   constructor(hypermodel: HyperModel<number>) {
 *     super('FunctionTuner', new RandomSearchOracle({ objective: { name: 'value', direction: 'min' }, maxTrials: 20 }), hypermodel, {});
 *   }
 *   protected async runTrial(hp: HyperParameters): Promise<TrialResult> {
 *     const value = await this.hypermodel.build(hp);
 *     return { score: value, metrics: { value } };
 *   }
 *   protected async discoverBuild(hp: HyperParameters): Promise<void> { await this.hypermodel.build(hp); }
 *   search(): Promise<void> { return this.runSearch({}); }
 * }
 * await new FunctionTuner(new Quadratic()).search();
 * ```
 */
export abstract class BaseTuner<M> {
  readonly oracle: Oracle;
  readonly hypermodel: HyperModel<M>;
  readonly project: Project;
  readonly maxRetriesPerTrial: number;
  readonly maxConsecutiveFailedTrials: number;
  protected readonly owner: string;
  protected verbose: number;
  private spaceReady: boolean;
  private studyValue: Study;
  /** The study storage options, when the trials live in a storage. */
  private readonly storageOptions: StudyStorageOptions | undefined;

  protected constructor(owner: string, oracle: Oracle, hypermodel: HyperModel<M>, options: BaseTunerOptions) {
    this.owner = owner;
    this.oracle = oracle;
    this.hypermodel = hypermodel;
    this.maxRetriesPerTrial = checkInteger(owner, 'maxRetriesPerTrial', options.maxRetriesPerTrial ?? 0, { min: 0 });
    this.maxConsecutiveFailedTrials = checkInteger(owner, 'maxConsecutiveFailedTrials', options.maxConsecutiveFailedTrials ?? 3, { min: 1 });
    this.verbose = checkInteger(owner, 'verbose', options.verbose ?? 1, { min: 0, max: 2 });
    const isName = satisfies('a non-empty string', (v) => v === undefined || (typeof v === 'string' && v.length > 0));
    const directory = checkParam<string | undefined>(owner, 'directory', options.directory, isName, { kind: 'option' });
    const projectName = checkParam<string | undefined>(owner, 'projectName', options.projectName, isName, { kind: 'option' });
    const overwrite = checkBoolean(owner, 'overwrite', options.overwrite ?? false);
    checkStudyStorageOptions(owner, options);
    if (options.storage !== undefined) {
      if (overwrite) {
        throw new InvalidParameterError(
          `The "overwrite" option of ${owner} cannot start a study in a storage afresh: a storage never deletes a study. Choose a new studyName instead. Got overwrite true with studyName "${String(options.studyName)}".`,
          { owner, argument: 'overwrite', value: true, expected: 'false with a storage' },
        );
      }
      this.storageOptions = { storage: options.storage, studyName: options.studyName, loadIfExists: options.loadIfExists, ignoreMismatch: options.ignoreMismatch };
      // the trials live in the storage, opened by the first search; the directory keeps the checkpoints
      this.project = Project.forCheckpoints({ directory, projectName });
      this.spaceReady = false;
    } else if ((this.project = Project.open({ directory, projectName, overwrite, direction: oracle.objective.studyDirection })).reload !== undefined) {
      this.checkReloaded(this.project.reload.oracle, oracle.seedWasGiven);
      this.log(1, `Reloading Tuner from ${this.project.path}`);
      for (const id of this.project.reload.cutOff) this.log(1, `Trial ${formatTrialId(id)} was cut off before it finished; it will run again.`);
      this.spaceReady = true;
    } else {
      this.spaceReady = false;
      this.saveOracle();
    }
    this.studyValue = StudySession.local(this.project, oracle.seed).study({ sampler: oracle, direction: oracle.objective.studyDirection, randomState: oracle.seed });
    oracle.attach(() => this.trialList());
  }

  /** The study the trials run in (in a storage: the one the last search opened). */
  protected get study(): Study {
    return this.studyValue;
  }

  /** The trials so far: the project's, or the storage study's as last read. */
  private trialList(): readonly Trial[] {
    return this.storageOptions === undefined ? this.project.list() : this.studyValue.trials;
  }

  /**
   * Opens the session of a search: the project (the trials in the directory or
   * in memory), or the study in the storage, created or resumed. An existing
   * study gives back its seed and search space (grown by its trials); a new one
   * is created after the space is discovered.
   */
  private async openSession(): Promise<StudySession> {
    if (this.storageOptions === undefined) return StudySession.local(this.project, this.oracle.seed);
    const session = await StudySession.open(this.owner, this.storageOptions, {
      mode: 'create',
      seed: this.oracle.seed,
      spec: async (_seed, isNew) => {
        if (isNew) await this.ensureSpace();
        return {
          name: this.storageOptions?.studyName as string,
          directions: [this.oracle.objective.studyDirection],
          fingerprint: { tuner: this.owner, objective: `${this.oracle.objective.name} (${this.oracle.objective.direction})` },
          settings: { seed: this.oracle.seed, space: this.oracle.hyperparameters.getConfig().space, tuner: this.owner },
        };
      },
    });
    try {
      await this.resumeFrom(session);
      return session;
    } catch (error) {
      await session.close().catch(() => undefined);
      throw error;
    }
  }

  /** Checks a stored study's seed and space, and takes them (and the trials so far) over. */
  private async resumeFrom(session: StudySession): Promise<void> {
    const record = session.storage.study;
    const { seed, space } = record.settings;
    if (this.oracle.seedWasGiven && seed !== this.oracle.seed) {
      throw new StudyMismatchError(
        `The study "${record.name}" in ${session.storage.location} was searched with seed ${String(seed)}; this tuner has seed ${this.oracle.seed}. ` +
          'Resume it with the same seed (or none), or choose another study name.',
        ['seed'],
      );
    }
    if (typeof seed !== 'number' || !Array.isArray(space)) throw new StudyMismatchError(`The study "${record.name}" in ${session.storage.location} was not made by a tuner (it keeps no seed and search space). Choose another study name.`, ['settings']);
    this.studyValue = session.study({ sampler: this.oracle, direction: this.oracle.objective.studyDirection, randomState: seed });
    const trials = await this.studyValue.refresh();
    this.restoreFromStudy(record, trials);
    if (trials.length > 0) this.log(1, `Resuming the study "${record.name}" from ${session.storage.location} (${trials.filter((t) => !isUnfinished(t)).length} finished trials)`);
  }

  /** Takes the seed and the search space of a stored study, and the space its trials grew. */
  private restoreFromStudy(record: StudyRecord, trials: readonly Trial[]): void {
    const state = this.oracle.getState();
    this.oracle.restore({ ...state, seed: record.settings.seed as number, hyperparameters: record.settings.space as OracleState['hyperparameters'] });
    for (const t of trials) {
      const grown = decodeTunerTrial(t).space;
      if (grown !== undefined) this.oracle.updateSpace(HyperParameters.fromConfig({ space: grown, values: {} }));
    }
    this.spaceReady = true;
  }

  /** Trains and scores one set of hyperparameters (the tuner's work for one trial). */
  protected abstract runTrial(hp: HyperParameters, trial: TrialContext, options: RunOptions): Promise<TrialResult>;

  /** Builds once with `hp` to discover the search space, and frees what it built. */
  protected abstract discoverBuild(hp: HyperParameters): Promise<void>;

  /** Trials still to run before `maxTrials`. */
  get remainingTrials(): number {
    return Math.max(0, this.oracle.maxTrials - this.trialList().length);
  }

  /** The search space, discovering it first (one build per conditional branch) when no search ran yet. */
  async searchSpaceSummary(): Promise<string> {
    await this.ensureSpace();
    return this.oracle.hyperparameters.searchSpaceSummary();
  }

  /** The hyperparameters of the best `n` complete trials, best first. */
  getBestHyperparameters(n = 1): HyperParameters[] {
    checkInteger(`${this.owner}.getBestHyperparameters`, 'n', n, { min: 1 }, 'argument');
    return this.oracle.getBestTrials(n).map((t) => t.hyperparameters);
  }

  /** The best `n` trials in words: values, score and metrics. */
  resultsSummary(n = 10): string {
    checkInteger(`${this.owner}.resultsSummary`, 'n', n, { min: 1 }, 'argument');
    const trials = this.oracle.trials;
    const best = this.oracle.getBestTrials(n);
    const counts = ['complete', 'failed', 'pruned'].map((s) => [s, trials.filter((t) => t.status === s).length] as const).filter(([, c]) => c > 0);
    const lines = [
      'Results summary',
      `Results in ${this.project.path ?? '(memory)'}`,
      `Trials: ${trials.length}${counts.length > 0 ? ` (${counts.map(([s, c]) => `${c} ${s}`).join(', ')})` : ''}`,
      `Showing ${best.length} best trial${best.length === 1 ? '' : 's'}`,
      String(this.oracle.objective),
    ];
    for (const t of best) {
      lines.push('', `Trial ${t.trialId} summary`, 'Hyperparameters:');
      for (const [k, v] of Object.entries(t.hyperparameters.values)) lines.push(`${k}: ${show(v)}`);
      lines.push(`Score: ${show(t.score)}${t.bestStep !== undefined ? ` (epoch ${t.bestStep})` : ''}`);
      const others = Object.entries(t.metrics).filter(([k]) => k !== this.oracle.objective.name);
      if (others.length > 0) lines.push(`Metrics: ${others.map(([k, v]) => `${k} ${show(v)}`).join(', ')}`);
    }
    return lines.join('\n');
  }

  /** Runs trials until the oracle stops (`maxTrials`, exhausted space), then returns. */
  protected async runSearch(options: RunOptions): Promise<void> {
    const verbose = options.verbose === undefined ? this.verbose : checkInteger(`${this.owner}.search`, 'verbose', options.verbose, { min: 0, max: 2 });
    const session = await this.openSession();
    try {
      await this.ensureSpace();
      await this.optimize(options, verbose);
    } finally {
      await session.close();
    }
  }

  private async optimize(options: RunOptions, verbose: number): Promise<void> {
    const started = Date.now();
    // the study's failure policy, with the tuner's message; a resumed search continues the count
    const failurePolicy = new FailurePolicy({
      maxConsecutiveFailures: this.maxConsecutiveFailedTrials,
      message: (count, lastError) =>
        `${count} trials failed in a row (maxConsecutiveFailedTrials=${this.maxConsecutiveFailedTrials}), so ${this.owner} stopped the search. ` +
        `The last error: ${lastError}. Fix the build or fit function (every trial's error is in tuner.oracle.trials), or raise maxConsecutiveFailedTrials.`,
    }).resume(this.trialList());
    const objective: StudyObjective = (params, ctx) => this.runTrialWithRetries(params, ctx, { ...options, verbose });
    await this.study.optimize(objective, {
      signal: options.signal,
      timeout: options.timeout,
      failurePolicy,
      catch: 'all',
      onTrialStart: (trial: RunningTrial) => {
        if (verbose >= 1) console.log(`\nSearch: Running Trial #${trial.id + 1}${Number.isFinite(this.oracle.maxTrials) ? ` of ${this.oracle.maxTrials}` : ''}  ${Object.entries(trial.params).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`);
      },
      onTrialEnd: (trial: FinishedTrial) => {
        if (verbose >= 1) this.printTrialEnd(trial, started);
      },
    });
  }

  /** One trial: the oracle's values, the tuner's work, retries, and the record of what the build function asked for. */
  private async runTrialWithRetries(params: Readonly<Record<string, unknown>>, ctx: TrialContext, options: RunOptions): Promise<ObjectiveResult> {
    const errors: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const hp = this.oracle.trialHyperParameters({ id: ctx.trialId, params, meta: ctx.meta });
      let result: TrialResult;
      try {
        // a trial that does not settle is abandoned when the search stops (timeout, signal): the search returns
        result = await raceAbort(this.runTrial(hp, ctx, options), ctx.signal, `${this.owner}: trial ${formatTrialId(ctx.trialId)} was abandoned when the search stopped.`);
      } catch (error) {
        await this.recordSpace(hp, ctx);
        // stopped by the caller: the study records it as interrupted (left for re-queueing in a shared study; not kept by a project), so the next run runs it again
        if (isStopped(ctx.signal)) throw new TrialInterrupted(`${this.owner}: the search was stopped during trial ${formatTrialId(ctx.trialId)}; it runs again on resume.`);
        // only an ordinary failure is retried
        if (classifyThrown(error, false) !== 'failed' || error instanceof AbortError || error instanceof ProjectError) throw error;
        errors.push(errorMessage(error));
        if (attempt >= this.maxRetriesPerTrial) {
          if (attempt > 0) await ctx.setAttrs(encodeRetries(attempt, errors));
          throw error;
        }
        if ((options.verbose ?? this.verbose) >= 1) console.log(`Trial ${formatTrialId(ctx.trialId)} failed (${errorMessage(error)}); retrying (${attempt + 1}/${this.maxRetriesPerTrial}).`);
        continue;
      }
      await this.recordSpace(hp, ctx);
      return { values: [result.score], attrs: encodeTunerOutcome({ metrics: result.metrics, bestStep: result.bestStep, errors, extra: result.attrs }) };
    }
  }

  /** Records the trial's final values and grows the oracle's space with what the build function defined. */
  private async recordSpace(hp: HyperParameters, ctx: TrialContext): Promise<void> {
    if (this.oracle.updateSpace(hp).length > 0) {
      this.saveOracle();
      // in a storage, the trial keeps the space it grew: a resumed tuner merges it back in trial order
      if (this.storageOptions !== undefined) await ctx.setAttrs(encodeSpace(this.oracle.hyperparameters.getConfig().space));
    }
    await ctx.setAttrs(encodeHyperparameters(hp.activeValues));
  }

  /**
   * Discovers the search space before the first trial: builds with the
   * defaults, then once more for each conditional scope not seen active yet.
   */
  private async ensureSpace(): Promise<void> {
    if (this.spaceReady) return;
    const explored = new Set<string>();
    let values: Record<string, unknown> = {};
    for (let builds = 0; builds < MAX_DISCOVERY_BUILDS; builds++) {
      const hp = this.oracle.hyperparameters.forTrial(values, {}, (def) => def.default, this.oracle.allowNewEntries);
      await this.discoverBuild(hp);
      this.oracle.updateSpace(hp);
      const pending: readonly Condition[] | undefined = hp.inactiveScopes.find((s) => !explored.has(JSON.stringify(s)));
      if (pending === undefined) break;
      explored.add(JSON.stringify(pending));
      values = { ...hp.activeValues };
      for (const c of pending) values[c.name] = c.values[0];
    }
    this.spaceReady = true;
    this.saveOracle();
  }

  private log(level: number, line: string): void {
    if (this.verbose >= level) console.log(line);
  }

  /** Writes `oracle.json`. */
  protected saveOracle(): void {
    this.project.writeOracle({ tuner: this.owner, oracle: this.oracle.getState(), updatedAt: new Date().toISOString() });
  }

  private checkReloaded(saved: Readonly<Record<string, unknown>>, seedGiven: boolean): void {
    const path = this.project.path as string;
    const state = saved.oracle;
    if (!isRecord(state) || !isRecord(state.objective) || typeof state.seed !== 'number' || !Array.isArray(state.hyperparameters)) {
      throw new ProjectError(`${path}/oracle.json lacks the oracle's state (objective, seed, hyperparameters). Move the directory away, or pass overwrite: true to start afresh.`);
    }
    const fix = 'Choose another projectName, or pass overwrite: true to start afresh.';
    if (saved.tuner !== this.owner) throw new ProjectError(`${path} holds a ${String(saved.tuner)} search; this tuner is a ${this.owner}. ${fix}`);
    const objective = state.objective as { name?: unknown; direction?: unknown };
    if (objective.name !== this.oracle.objective.name || objective.direction !== this.oracle.objective.direction) {
      throw new ProjectError(`${path} was searched for Objective(name="${String(objective.name)}", direction="${String(objective.direction)}"); this tuner's objective is ${this.oracle.objective}. ${fix}`);
    }
    if (seedGiven && state.seed !== this.oracle.seed) throw new ProjectError(`${path} was searched with seed ${state.seed}; this tuner has seed ${this.oracle.seed}. ${fix}`);
    try {
      this.oracle.restore(state as unknown as OracleState);
    } catch (error) {
      throw new ProjectError(`${path}/oracle.json holds a search space that cannot be read (${errorMessage(error)}). Move the directory away, or pass overwrite: true to start afresh.`);
    }
  }

  private printTrialEnd(trial: FinishedTrial, started: number): void {
    const took = seconds((trial.finishedAt ?? Date.now()) - trial.startedAt);
    const name = this.oracle.objective.name;
    if (trial.state === 'failed') console.log(`Trial ${formatTrialId(trial.id)} failed [${took}]: ${trial.error}`);
    else if (trial.state === 'pruned') console.log(`Trial ${formatTrialId(trial.id)} pruned [${took}]`);
    else console.log(`Trial ${formatTrialId(trial.id)} complete [${took}]: ${name} ${show(trial.values[0])}`);
    const best = this.oracle.getBestTrials(1)[0];
    if (best !== undefined) console.log(`Best ${name} so far: ${show(best.score)} (trial ${best.trialId}); elapsed ${seconds(Date.now() - started)}`);
  }
}
