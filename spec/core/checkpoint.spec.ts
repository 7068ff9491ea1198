import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpoint, deadlineOf, isStopped, raceAbort, setDeadline, yieldToEventLoop } from '../../lib/core/checkpoint.js';
import { AbortError } from '../../lib/core/errors.js';

/** A signal with a deadline that aborts it, as a study's trial signal has. */
function signalWithDeadline(at: number): AbortController {
  const controller = new AbortController();
  setDeadline(controller.signal, at, () => controller.abort(new AbortError('timeout')));
  return controller;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isStopped and deadlines', () => {
  it('is false without a signal, true once the signal aborted', () => {
    expect(isStopped(undefined)).toBe(false);
    const controller = new AbortController();
    expect(isStopped(controller.signal)).toBe(false);
    controller.abort();
    expect(isStopped(controller.signal)).toBe(true);
  });

  it('aborts a signal whose deadline passed the first time it is checked, before any timer runs', () => {
    const controller = signalWithDeadline(Date.now() - 1);
    expect(deadlineOf(controller.signal)).toBeLessThan(Date.now());
    expect(controller.signal.aborted).toBe(false);
    expect(isStopped(controller.signal)).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toEqual(new AbortError('timeout'));
  });

  it('leaves a signal whose deadline is ahead alone', () => {
    const controller = signalWithDeadline(Date.now() + 60_000);
    expect(isStopped(controller.signal)).toBe(false);
    expect(controller.signal.aborted).toBe(false);
    expect(deadlineOf(new AbortController().signal)).toBeUndefined();
  });
});

describe('Checkpoint', () => {
  it('does nothing without a signal', async () => {
    const checkpoint = Checkpoint.of(undefined, 'test');
    expect(checkpoint).toBe(Checkpoint.NONE);
    expect(checkpoint.active).toBe(false);
    for (let i = 0; i < 10; i++) checkpoint.check();
    await checkpoint.checkAndYield();
  });

  it('throws an AbortError naming the owner once the signal aborted', () => {
    const controller = new AbortController();
    const checkpoint = Checkpoint.of(controller.signal, 'Lasso.fit');
    checkpoint.check();
    controller.abort();
    expect(() => checkpoint.check()).toThrow(new AbortError('Lasso.fit was aborted before it finished.'));
  });

  it('reads the clock once every stride calls, and stops at the deadline', () => {
    let clock = 1000;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const controller = signalWithDeadline(1010);
    const checkpoint = Checkpoint.of(controller.signal, 'SVC.fit', { stride: 4 });
    const reads = now.mock.calls.length;
    for (let i = 0; i < 3; i++) checkpoint.check();
    expect(now.mock.calls.length).toBe(reads);
    clock = 1010;
    // the fourth call reads the clock: the deadline has passed, and the signal is aborted too
    expect(() => checkpoint.check()).toThrow(new AbortError('SVC.fit was aborted before it finished.'));
    expect(controller.signal.aborted).toBe(true);
  });

  it('says how far the work got', () => {
    const controller = new AbortController();
    let trees = 0;
    const checkpoint = Checkpoint.of(controller.signal, 'RandomForestClassifier.fit', { progress: () => `after ${trees} of 50 trees` });
    trees = 7;
    controller.abort();
    expect(() => checkpoint.checkNow()).toThrow('RandomForestClassifier.fit was aborted after 7 of 50 trees.');
  });

  it('checkAndYield lets an abort from the event loop land', async () => {
    const controller = new AbortController();
    const checkpoint = Checkpoint.of(controller.signal, 'loop');
    setImmediate(() => controller.abort());
    await expect(checkpoint.checkAndYield()).rejects.toThrow('loop was aborted before it finished.');
  });
});

describe('raceAbort', () => {
  it('settles with the work when the signal does not abort', async () => {
    await expect(raceAbort(Promise.resolve(3), new AbortController().signal)).resolves.toBe(3);
    await expect(raceAbort(Promise.reject(new Error('bad')), undefined)).rejects.toThrow('bad');
  });

  it('abandons work that never settles when the signal aborts', async () => {
    const controller = new AbortController();
    const raced = raceAbort(new Promise<never>(() => undefined), controller.signal, 'gave up');
    setTimeout(() => controller.abort(), 5);
    await expect(raced).rejects.toThrow(new AbortError('gave up'));
    await expect(raceAbort(new Promise<never>(() => undefined), controller.signal)).rejects.toBeInstanceOf(AbortError);
  });
});

describe('yieldToEventLoop', () => {
  it('lets due timers and immediates run', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await yieldToEventLoop();
    expect(ran).toBe(true);
  });
});
