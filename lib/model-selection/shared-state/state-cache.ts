/**
 * The states a search shares across candidates (and the rows of each split),
 * kept within a memory budget: least recently used first out, never one in use.
 *
 * An entry is built once per key; while a fit uses it, it is pinned (with the
 * sub-states it was built on) and never dropped. Entries beyond the budget are
 * dropped, least recently used first, as soon as they are not in use: when an
 * entry is added and when one is released (so an entry larger than the budget
 * serves the fits that asked for it and goes). A sub-state's dependents are
 * dropped with it, so that no state outlives what it was built on. The peak is
 * the most bytes held (cached and in use) after any insertion.
 */
import type { BuiltState, StateBuildContext } from '../../core/shared-state.js';

/** What a cache did, for the search's summary. */
export interface StateCacheStats {
  /** The budget, in bytes. */
  readonly budgetBytes: number;
  /** The most bytes held at once. */
  readonly peakBytes: number;
  /** States (and split rows) built. */
  readonly builds: number;
  /** Requests served by a state already built. */
  readonly hits: number;
  /** Entries dropped to make room. */
  readonly evictions: number;
}

interface Entry {
  readonly key: string;
  value: unknown;
  bytes: number;
  dispose: (() => void) | undefined;
  pins: number;
  lastUse: number;
  /** Kept after its last release, within the budget (false: asked not to be kept). */
  kept: boolean;
  /** Entries built on this one. */
  readonly dependents: Set<Entry>;
  /** Entries this one was built on. */
  readonly dependsOn: Set<Entry>;
  /** True once dropped. */
  dropped: boolean;
}

/** A state (or split rows) in use: its value, and `release` once the fit is done with it. */
export interface Lease<T> {
  readonly value: T;
  /** True when this request built it. */
  readonly built: boolean;
  /** Seconds spent building it (0 when it was there). */
  readonly seconds: number;
  release(): void;
}

/** Options of {@link StateCache.acquire}. */
export interface AcquireOptions<T> {
  /** Whether an entry found serves this request; false rebuilds it. @default true */
  readonly covers?: ((value: T) => boolean) | undefined;
  /** Keep the entry after it is released (within the budget). @default true */
  readonly keep?: boolean | undefined;
  /** Aborted when the search stops (passed to builders). */
  readonly signal?: AbortSignal | undefined;
  /** What the keys of sub-states (`share`) are filed under: the split the state is built on. @default '' */
  readonly scope?: string | undefined;
}

/** States and split rows within a memory budget (see the file comment). */
export class StateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();
  private clock = 0;
  private held = 0;
  private peak = 0;
  private builds = 0;
  private hits = 0;
  private evictions = 0;

  constructor(readonly budgetBytes: number) {}

  /** What the cache did so far. */
  stats(): StateCacheStats {
    return { budgetBytes: this.budgetBytes, peakBytes: this.peak, builds: this.builds, hits: this.hits, evictions: this.evictions };
  }

  /** Bytes held now. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * The entry under `key`, built by `build` when missing (or not covering this
   * request), pinned until the lease is released.
   */
  async acquire<T>(key: string, build: (context: StateBuildContext) => Promise<BuiltState<T>>, options: AcquireOptions<T> = {}): Promise<Lease<T>> {
    for (;;) {
      const pending = this.building.get(key);
      if (pending !== undefined) {
        await pending.catch(() => undefined);
        continue;
      }
      const found = this.entries.get(key);
      if (found !== undefined && (options.covers === undefined || options.covers(found.value as T))) {
        this.hits++;
        this.pin(found);
        return this.lease(found, false, 0);
      }
      if (found !== undefined) this.detach(found);
      const started = performance.now();
      const making = this.make(key, build, options);
      this.building.set(key, making);
      try {
        const entry = await making;
        return this.lease(entry, true, (performance.now() - started) / 1000);
      } finally {
        this.building.delete(key);
      }
    }
  }

  /** Drops every entry not in use (and frees what they hold). */
  clear(): void {
    for (const entry of [...this.entries.values()]) if (entry.pins === 0) this.drop(entry);
  }

  private async make<T>(key: string, build: (context: StateBuildContext) => Promise<BuiltState<T>>, options: AcquireOptions<T>): Promise<Entry> {
    const subs: { readonly key: string; readonly lease: Lease<unknown> }[] = [];
    const context: StateBuildContext = {
      budgetBytes: this.budgetBytes,
      signal: options.signal,
      share: async <S>(subKey: string, subBuild: () => Promise<BuiltState<S>>): Promise<S> => {
        const key = `${options.scope ?? ''}|${subKey}`;
        const lease = await this.acquire<S>(key, subBuild, { signal: options.signal, scope: options.scope });
        subs.push({ key, lease: lease as Lease<unknown> });
        return lease.value;
      },
    };
    try {
      const built = await build(context);
      this.builds++;
      const entry: Entry = {
        key, value: built.value, bytes: Math.max(0, built.bytes), dispose: built.dispose ? () => built.dispose?.() : undefined,
        pins: 1, lastUse: ++this.clock, kept: options.keep ?? true, dependents: new Set(), dependsOn: new Set(), dropped: false,
      };
      for (const sub of subs) {
        const subEntry = this.entries.get(sub.key);
        if (subEntry === undefined || subEntry.value !== sub.lease.value) continue;
        // pinning an entry pins what it was built on
        entry.dependsOn.add(subEntry);
        subEntry.dependents.add(entry);
        subEntry.pins++;
      }
      this.insert(entry);
      return entry;
    } finally {
      for (const sub of subs) sub.lease.release();
    }
  }

  private insert(entry: Entry): void {
    this.entries.set(entry.key, entry);
    this.held += entry.bytes;
    this.makeRoom();
    this.peak = Math.max(this.peak, this.held);
  }

  /** Drops unpinned entries, least recently used first, until the held bytes fit the budget. */
  private makeRoom(): void {
    if (this.held <= this.budgetBytes) return;
    const candidates = [...this.entries.values()].filter((e) => e.pins === 0).sort((a, b) => a.lastUse - b.lastUse);
    for (const entry of candidates) {
      if (this.held <= this.budgetBytes) return;
      if (entry.dropped || entry.pins > 0) continue;
      this.drop(entry);
      this.evictions++;
    }
  }

  private pin(entry: Entry): void {
    entry.pins++;
    entry.lastUse = ++this.clock;
    for (const sub of entry.dependsOn) this.pin(sub);
  }

  private unpin(entry: Entry): void {
    entry.pins--;
    for (const sub of entry.dependsOn) this.unpin(sub);
    if (entry.pins > 0 || entry.dropped) return;
    if (!entry.kept) this.drop(entry);
    else this.makeRoom(); // over the budget while it was in use: now it may go
  }

  private lease<T>(entry: Entry, built: boolean, seconds: number): Lease<T> {
    let released = false;
    const lease: Lease<T> = {
      value: entry.value as T,
      built,
      seconds,
      release: () => {
        if (released) return;
        released = true;
        this.unpin(entry);
      },
    };
    return lease;
  }

  /** Takes an entry out of the cache: dropped now, or when the fits using it release it. */
  private detach(entry: Entry): void {
    if (entry.pins === 0) this.drop(entry);
    else {
      entry.kept = false;
      this.entries.delete(entry.key);
    }
  }

  /** Removes an entry and everything built on it, and frees what they hold. */
  private drop(entry: Entry): void {
    if (entry.dropped) return;
    entry.dropped = true;
    for (const dependent of [...entry.dependents]) this.drop(dependent);
    for (const sub of entry.dependsOn) sub.dependents.delete(entry);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    this.held -= entry.bytes;
    entry.value = undefined;
    entry.dispose?.();
  }
}
