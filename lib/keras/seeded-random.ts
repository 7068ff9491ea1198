/**
 * Seeding TensorFlow.js's own randomness.
 *
 * TensorFlow.js draws the seed of every random op it is not given a seed for
 * (weight initializers, dropout masks) from `Math.random`. TensorFlow.js has no
 * global seed, and a build function written by a user rarely passes `seed` to each
 * initializer (a seeded Dropout even repeats the same mask on every batch). So,
 * while a wrapper builds or trains a model, `Math.random` answers from the
 * wrapper's seeded {@link Rng} — but only inside that fit's asynchronous context
 * (an `AsyncLocalStorage`): other code, and other fits running at the same time,
 * keep their own stream. Outside any fit, `Math.random` is the original function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Rng } from '../core/rng.js';

const context = new AsyncLocalStorage<Rng>();
let users = 0;
let original: () => number = Math.random;

function routedRandom(): number {
  const rng = context.getStore();
  return rng === undefined ? original() : rng.random();
}

function install(): void {
  if (users++ === 0 && Math.random !== routedRandom) {
    original = Math.random;
    Math.random = routedRandom;
  }
}

function uninstall(): void {
  if (--users === 0 && Math.random === routedRandom) Math.random = original;
}

/** Runs the synchronous `fn` with `Math.random` drawing from `rng`. */
export function withSeededRandomSync<T>(rng: Rng, fn: () => T): T {
  install();
  try {
    return context.run(rng, fn);
  } finally {
    uninstall();
  }
}

/**
 * Runs `fn` with `Math.random` drawing from `rng` for every call made within its
 * asynchronous context (awaits, timers and callbacks it starts), and only there.
 */
export async function withSeededRandom<T>(rng: Rng, fn: () => Promise<T>): Promise<T> {
  install();
  try {
    return await context.run(rng, fn);
  } finally {
    uninstall();
  }
}
