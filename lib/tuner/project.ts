/**
 * A tuner's project: its trials and their checkpoints, kept in a directory so
 * that a search interrupted at any point resumes where it stopped (or in memory
 * when no directory is given).
 *
 * The project is the tuner's study storage (a {@link StudyStorage} of one
 * process): the study creates trials in it and each finished trial is written
 * at once, with its best checkpoint, by write-then-rename — `trial.json` last,
 * so its presence means the trial and its weights are complete. A trial cut off
 * mid-way (or interrupted by the caller) leaves no `trial.json`; on reload its
 * leftovers are removed and the oracle proposes it again. Anything unexpected
 * (an unreadable file, a file that is not ours) stops the reload with a
 * {@link ProjectError} that names the file: nothing is dropped silently.
 *
 * With `storage` and `studyName` a tuner keeps its trials in that storage
 * instead, and its project keeps only the checkpoints ({@link Project.forCheckpoints}).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isInterruptedTrial } from '../search/failure-policy.js';
import { TrialClaimLostError, UpdateFinishedTrialError } from '../search/storage/errors.js';
import type { EnqueueOptions, ReapedTrial, StalePolicy, StudyRecord, StudyStorage, TrialInit, WorkerInfo, WorkerRecord } from '../search/storage/storage.js';
import { deathOf, stalePolicyOf, staleTrialMessage } from '../search/storage/study-workers.js';
import type { Direction, FinishedTrial, RunningTrial, Trial, TrialOutcome, WaitingTrial } from '../search/trial.js';
import { freezeTrial } from '../search/trial.js';
import {
  CHECKPOINT_FILE,
  FORMAT_VERSION,
  ORACLE_FILE,
  PROJECT_FORMAT,
  ProjectError,
  TRIAL_FILE,
  TRIAL_FORMAT,
  WEIGHTS_FILE,
  foreignEntries,
  fromJson,
  isRecord,
  isTempOf,
  parseTrial,
  projectHint,
  readJsonFile,
  toJson,
  trialDirId,
  trialDirName,
  writeAtomic,
  writeAtomicSync,
} from './project-files.js';
import { decodeTunerTrial } from './tuner-trial.js';

/** Saved weights: the tfjs weight specs and their bytes (and the topology, when it serializes). */
export interface SavedWeights {
  readonly weightSpecs: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  readonly weightData: ArrayBuffer;
  readonly modelTopology?: unknown;
  /** Which epoch (1-based) and backend the weights come from. */
  readonly info?: Readonly<Record<string, unknown>> | undefined;
}

/** Where a project lives. */
export interface ProjectOptions {
  /** The parent directory; `undefined` keeps everything in memory. */
  readonly directory?: string | undefined;
  /** The project's folder in `directory`. @default 'untitled_project' */
  readonly projectName?: string | undefined;
  /** Remove an existing project first. @default false */
  readonly overwrite?: boolean | undefined;
  /** The direction of the study the project keeps (its record's `directions`). @default 'maximize' */
  readonly direction?: Direction | undefined;
}

/** What the reload found. */
export interface ReloadReport {
  /** The parsed `oracle.json`. */
  readonly oracle: Readonly<Record<string, unknown>>;
  /** Trials that were cut off (no `trial.json`) and whose leftovers were removed. */
  readonly cutOff: readonly number[];
}

const KNOWN_TRIAL_FILES = new Set([TRIAL_FILE, CHECKPOINT_FILE, WEIGHTS_FILE]);

/**
 * The trials and checkpoints of one tuner.
 * @example
 * ```ts
 * const project = Project.open({ directory: 'runs', projectName: 'mnist' });
 * project.reloaded; // true when runs/mnist held a project
 * ```
 */
export class Project implements StudyStorage {
  /** The project directory, or undefined in memory. */
  readonly path: string | undefined;
  /** What was reloaded from the directory, or undefined for a new project. */
  readonly reload: ReloadReport | undefined;
  private readonly trials = new Map<number, Trial>();
  private readonly memoryCheckpoints = new Map<number, SavedWeights>();
  private nextId = 0;
  private snapshot: readonly Trial[] | undefined;

  /** True when the directory keeps only checkpoints (the trials live in a study storage). */
  readonly checkpointsOnly: boolean;
  /** The project as a study record: named after its folder, with no fingerprint (`oracle.json` is checked instead). */
  readonly study: StudyRecord;
  /** The heartbeat and grace period of the project's study workers (this process's study loops). */
  readonly stalePolicy: StalePolicy = stalePolicyOf('Project', {});
  private readonly workers = new Map<string, WorkerRecord>();

  private constructor(path: string | undefined, reload: ReloadReport | undefined, trials: readonly Trial[], options: { checkpointsOnly?: boolean; direction?: Direction | undefined } = {}) {
    this.path = path;
    this.checkpointsOnly = options.checkpointsOnly ?? false;
    this.study = Object.freeze({ name: path ?? '', directions: [options.direction ?? 'maximize'], fingerprint: {}, settings: {}, createdAt: Date.now() });
    this.reload = reload;
    for (const t of trials) this.trials.set(t.id, t);
    this.nextId = trials.reduce((m, t) => Math.max(m, t.id + 1), 0);
  }

  /** True when an existing project was reloaded. */
  get reloaded(): boolean {
    return this.reload !== undefined;
  }

  /**
   * Opens (creating, reloading or overwriting) the project. Synchronous, like
   * Keras Tuner's constructor: the trials are known right away.
   * @throws {ProjectError} for a path that is not a directory, foreign or corrupt files.
   */
  static open(options: ProjectOptions): Project {
    const own = { direction: options.direction };
    if (options.directory === undefined) return new Project(undefined, undefined, [], own);
    const path = join(options.directory, options.projectName ?? 'untitled_project');
    if (existsSync(path) && !statSync(path).isDirectory()) {
      throw new ProjectError(`The tuner project ${path} exists and is not a directory. Choose another directory or projectName.`);
    }
    mkdirSync(path, { recursive: true });
    const entries = readdirSync(path);
    const foreign = foreignEntries(path, entries);
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 5).map((f) => `"${f}"`).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
      throw new ProjectError(
        `The tuner project ${path} holds files that are not part of a tunekit tuner project (${shown}); nothing was changed. ` +
          `Move them away, or choose another directory or projectName${options.overwrite ? ' (overwrite: true only removes a project\'s own files)' : ''}.`,
      );
    }
    if (options.overwrite) {
      rmSync(path, { recursive: true, force: true });
      mkdirSync(path, { recursive: true });
      return new Project(path, undefined, [], own);
    }
    for (const e of entries) if (isTempOf(e, new Set([ORACLE_FILE]))) rmSync(join(path, e), { force: true });
    const trialDirs = entries.filter((e) => trialDirId(e) !== undefined);
    if (!entries.includes(ORACLE_FILE)) {
      if (trialDirs.length > 0) {
        throw new ProjectError(`The tuner project ${path} has trial directories but no ${ORACLE_FILE}, so its search cannot be resumed. ${projectHint(path)}`);
      }
      return new Project(path, undefined, [], own);
    }
    const oracle = readJsonFile(join(path, ORACLE_FILE), path);
    if (!isRecord(oracle) || oracle.format !== PROJECT_FORMAT || oracle.version !== FORMAT_VERSION) {
      throw new ProjectError(`${join(path, ORACLE_FILE)} is not a tunekit tuner project file (format "${PROJECT_FORMAT}", version ${FORMAT_VERSION}). ${projectHint(path)}`);
    }
    const trials: Trial[] = [];
    const cutOff: number[] = [];
    for (const dir of trialDirs.sort()) {
      const id = trialDirId(dir) as number;
      const full = join(path, dir);
      const files = readdirSync(full);
      for (const f of files) if (!KNOWN_TRIAL_FILES.has(f)) rmSync(join(full, f), { force: true }); // temporary files of interrupted writes
      if (!files.includes(TRIAL_FILE)) {
        rmSync(full, { recursive: true, force: true });
        cutOff.push(id);
        continue;
      }
      const trial = parseTrial(readJsonFile(join(full, TRIAL_FILE), path), join(full, TRIAL_FILE), id, path);
      if (decodeTunerTrial(trial).checkpoint && !(files.includes(CHECKPOINT_FILE) && files.includes(WEIGHTS_FILE))) {
        throw new ProjectError(`Trial ${id} of ${path} records a checkpoint, but ${join(full, CHECKPOINT_FILE)} or ${WEIGHTS_FILE} is missing. ${projectHint(path)}`);
      }
      trials.push(trial);
    }
    return new Project(path, { oracle, cutOff }, trials, own);
  }

  /**
   * A project that keeps only the trials' checkpoints, for a tuner whose trials
   * live in a study storage (`storage` and `studyName`): `directory/projectName`
   * when a directory is given, else memory. Nothing there is read, removed or
   * checked: a re-run trial overwrites its own checkpoint.
   * @example
   * ```ts
   * const checkpoints = Project.forCheckpoints({ directory: 'runs', projectName: 'mnist' });
   * ```
   */
  static forCheckpoints(options: Pick<ProjectOptions, 'directory' | 'projectName'>): Project {
    if (options.directory === undefined) return new Project(undefined, undefined, [], { checkpointsOnly: true });
    const path = join(options.directory, options.projectName ?? 'untitled_project');
    if (existsSync(path) && !statSync(path).isDirectory()) {
      throw new ProjectError(`The tuner project ${path} exists and is not a directory. Choose another directory or projectName.`);
    }
    mkdirSync(path, { recursive: true });
    return new Project(path, undefined, [], { checkpointsOnly: true });
  }

  /** The trials, in id order (synchronous: the project keeps them in memory). */
  list(): readonly Trial[] {
    this.snapshot ??= Object.freeze([...this.trials.values()].sort((a, b) => a.id - b.id));
    return this.snapshot;
  }

  /** Writes `oracle.json` (atomically). */
  writeOracle(content: Readonly<Record<string, unknown>>): void {
    if (this.path === undefined || this.checkpointsOnly) return;
    writeAtomicSync(join(this.path, ORACLE_FILE), toJson({ format: PROJECT_FORMAT, version: FORMAT_VERSION, ...content }));
  }

  // --- the trials (the study storage contract) -------------------------------------

  /** Where the project is (its directory, or memory). */
  get location(): string {
    return this.path ?? 'memory';
  }

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    return this.put({ ...this.newTrial(init), state: 'running' });
  }

  private newTrial(init: TrialInit): Omit<WaitingTrial, 'state'> {
    return { id: this.nextId++, params: init.params, budget: init.budget, meta: Object.freeze({ ...(init.meta ?? {}) }), intermediate: [], attrs: {}, startedAt: Date.now() };
  }

  private put<T extends Trial>(trial: T): T {
    this.trials.set(trial.id, trial);
    this.snapshot = undefined;
    return trial;
  }

  private running(id: number, action: string): RunningTrial {
    const trial = this.trials.get(id);
    if (trial === undefined) throw new ProjectError(`Cannot ${action}: no trial with id ${id}.`);
    if (trial.state === 'waiting') throw new TrialClaimLostError(`Cannot ${action}: trial ${id} waits in the queue (it was taken from its worker).`);
    if (trial.state !== 'running') throw new UpdateFinishedTrialError(`Cannot ${action}: trial ${id} is already ${trial.state}.`);
    return trial;
  }

  async reportIntermediate(id: number, step: number, value: number): Promise<void> {
    const trial = this.running(id, 'report an intermediate value');
    this.trials.set(id, { ...trial, intermediate: [...trial.intermediate, { step, value }] });
    this.snapshot = undefined;
  }

  async setTrialAttrs(id: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    const trial = this.running(id, 'set attributes');
    this.trials.set(id, { ...trial, attrs: { ...trial.attrs, ...attrs } });
    this.snapshot = undefined;
  }

  /** Finishes a trial and writes it (the trial is recorded only once its file is written). */
  async finishTrial(id: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    const trial = this.running(id, `mark the trial ${outcome.state}`);
    const base = { ...trial, attrs: { ...trial.attrs, ...(outcome.attrs ?? {}) }, finishedAt: Date.now() };
    let finished: FinishedTrial;
    switch (outcome.state) {
      case 'complete':
        finished = { ...base, state: 'complete', values: [...outcome.values] };
        break;
      case 'pruned':
        finished = { ...base, state: 'pruned', lastValue: trial.intermediate[trial.intermediate.length - 1]?.value };
        break;
      case 'failed':
        finished = { ...base, state: 'failed', error: outcome.error };
        break;
    }
    // a trial stopped by the caller (signal, timeout) was cut off, not failed: it is not written, so a resumed search runs it again
    const cutOff = isInterruptedTrial(finished);
    if (this.path !== undefined) {
      const dir = join(this.path, trialDirName(id));
      if (cutOff) await rm(dir, { recursive: true, force: true });
      else {
        await mkdir(dir, { recursive: true });
        await writeAtomic(join(dir, TRIAL_FILE), toJson({ format: TRIAL_FORMAT, version: FORMAT_VERSION, ...finished }));
      }
    }
    this.trials.set(id, freezeTrial(finished));
    this.snapshot = undefined;
    return finished;
  }

  async getTrials(): Promise<readonly Trial[]> {
    return this.list();
  }

  // --- the queue and the study workers (one process: they are this process's study loops) ---

  async enqueueTrials(inits: readonly TrialInit[], options: EnqueueOptions = {}): Promise<readonly WaitingTrial[] | undefined> {
    if (options.expectedCount !== undefined && options.expectedCount !== this.trials.size) return undefined;
    return inits.map((init) => this.put({ ...this.newTrial(init), state: 'waiting' }));
  }

  async claimTrial(worker: string): Promise<RunningTrial | undefined> {
    const waiting = this.list().find((t): t is WaitingTrial => t.state === 'waiting');
    if (waiting === undefined) return undefined;
    return this.put({ ...waiting, state: 'running', worker, startedAt: Date.now() });
  }

  async registerWorker(info: WorkerInfo): Promise<void> {
    const now = Date.now();
    this.workers.set(info.id, { ...info, startedAt: this.workers.get(info.id)?.startedAt ?? now, lastSeen: now });
  }

  async heartbeat(worker: string): Promise<void> {
    const w = this.workers.get(worker);
    if (w !== undefined) this.workers.set(worker, { ...w, lastSeen: Date.now() });
  }

  async unregisterWorker(worker: string): Promise<void> {
    const w = this.workers.get(worker);
    if (w !== undefined) this.workers.set(worker, { ...w, exitedAt: Date.now() });
  }

  async getWorkers(): Promise<readonly WorkerRecord[]> {
    return [...this.workers.values()];
  }

  /** Re-queues (or fails) the running trials of study workers that left or stopped heart-beating. */
  async reapStaleTrials(policy: Partial<StalePolicy> = {}): Promise<readonly ReapedTrial[]> {
    const p = { ...this.stalePolicy, ...policy };
    const reaped: ReapedTrial[] = [];
    for (const t of this.list()) {
      const w = t.state === 'running' && t.worker !== undefined ? this.workers.get(t.worker) : undefined;
      const why = w === undefined ? undefined : deathOf(w, Date.now(), p.graceMs);
      if (t.state !== 'running' || w === undefined || why === undefined) continue;
      const requeues = typeof t.attrs.requeued === 'number' ? t.attrs.requeued : 0;
      if (p.requeue && requeues < p.maxRequeues) {
        const { worker: _w, ...rest } = t;
        this.put({ ...rest, state: 'waiting', intermediate: [], attrs: { ...t.attrs, requeued: requeues + 1 } });
      } else await this.finishTrial(t.id, { state: 'failed', error: staleTrialMessage(w.id, why) });
      reaped.push({ trialId: t.id, worker: w.id, action: p.requeue && requeues < p.maxRequeues ? 'requeued' : 'failed' });
    }
    return reaped;
  }

  // --- checkpoints ------------------------------------------------------------------

  /** Saves a running trial's best weights (before its `trial.json`). */
  async saveCheckpoint(id: number, saved: SavedWeights): Promise<void> {
    if (this.path === undefined) {
      this.memoryCheckpoints.set(id, saved);
      return;
    }
    const dir = join(this.path, trialDirName(id));
    await mkdir(dir, { recursive: true });
    await writeAtomic(join(dir, WEIGHTS_FILE), new Uint8Array(saved.weightData));
    const manifest = {
      format: 'layers-model',
      generatedBy: 'tunekit',
      convertedBy: null,
      ...(saved.modelTopology !== undefined ? { modelTopology: saved.modelTopology } : {}),
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
      tunekit: { trial: id, ...(saved.info ?? {}) },
    };
    await writeAtomic(join(dir, CHECKPOINT_FILE), toJson(manifest));
  }

  /**
   * The saved weights of a trial.
   * @throws {ProjectError} when the trial has none or its files are unreadable.
   */
  async loadCheckpoint(id: number): Promise<SavedWeights> {
    if (this.path === undefined) {
      const saved = this.memoryCheckpoints.get(id);
      if (saved === undefined) throw new ProjectError(`Trial ${id} has no saved weights.`);
      return saved;
    }
    const dir = join(this.path, trialDirName(id));
    const manifestPath = join(dir, CHECKPOINT_FILE);
    let manifest: unknown;
    let bytes: Buffer;
    try {
      manifest = fromJson(await readFile(manifestPath, 'utf8'));
      bytes = await readFile(join(dir, WEIGHTS_FILE));
    } catch (error) {
      throw new ProjectError(`Cannot read the checkpoint of trial ${id} in ${dir}: ${(error as Error).message}. ${projectHint(this.path)}`);
    }
    const specs = isRecord(manifest) && Array.isArray(manifest.weightsManifest) ? (manifest.weightsManifest[0] as { weights?: unknown } | undefined)?.weights : undefined;
    if (!Array.isArray(specs)) throw new ProjectError(`${manifestPath} is not a weights manifest (no weightsManifest[0].weights). ${projectHint(this.path)}`);
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return { weightSpecs: specs as SavedWeights['weightSpecs'], weightData, modelTopology: (manifest as { modelTopology?: unknown }).modelTopology };
  }
}
