import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError, WarningError } from '../../lib/core/errors.js';
import { captureWarnings, filterWarnings, resetWarnings, warn, warningCounts } from '../../lib/core/warnings.js';
import type * as WarningsModule from '../../lib/core/warnings.js';

/** Calls `warn` from one place in the source, however often. */
function warnFromPlaceA(message: string): void {
  warn(message, 'ConvergenceWarning');
}
function warnFromPlaceB(message: string): void {
  warn(message, 'ConvergenceWarning');
}

describe('warnings shown as Python shows them', () => {
  let printed: string[];
  beforeEach(() => {
    resetWarnings();
    printed = [];
    vi.spyOn(process, 'emitWarning').mockImplementation(((message: string) => {
      printed.push(message);
    }) as typeof process.emitWarning);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    resetWarnings();
  });

  it('prints a warning once per category and place by default, and counts the rest', () => {
    for (let i = 0; i < 128; i++) warnFromPlaceA(`fit ${i} did not converge`);
    warnFromPlaceB('another place');
    warn('another category at place A', 'UserWarning');
    expect(printed).toEqual(['fit 0 did not converge', 'another place', 'another category at place A']);
    expect(warningCounts().get('ConvergenceWarning')).toBe(129);
  });

  it("'once' prints each message once wherever it comes from", () => {
    filterWarnings('once', 'ConvergenceWarning');
    warnFromPlaceA('same');
    warnFromPlaceB('same');
    warnFromPlaceA('different');
    expect(printed).toEqual(['same', 'different']);
  });

  it("'always' prints every warning", () => {
    filterWarnings('always');
    for (let i = 0; i < 3; i++) warnFromPlaceA('again');
    expect(printed).toHaveLength(3);
  });

  it("'ignore' drops a category: not printed, not captured, not counted", async () => {
    filterWarnings('ignore', 'ConvergenceWarning');
    const { warnings } = await captureWarnings(() => {
      warnFromPlaceA('quiet');
      warn('loud', 'UserWarning');
    });
    expect(warnings.map((w) => w.message)).toEqual(['loud']);
    expect(warningCounts().get('ConvergenceWarning')).toBeUndefined();
    expect(printed).toEqual([]);
  });

  it("'error' raises a WarningError that carries the category", () => {
    filterWarnings('error', 'ConvergenceWarning');
    expect(() => warnFromPlaceA('no convergence')).toThrow(WarningError);
    try {
      warnFromPlaceA('no convergence');
    } catch (error) {
      expect((error as WarningError).category).toBe('ConvergenceWarning');
      expect((error as WarningError).message).toBe('no convergence');
    }
    expect(() => warn('fine', 'UserWarning')).not.toThrow();
  });

  it('lets the newest filter for a category win', () => {
    filterWarnings('ignore');
    filterWarnings('always', 'UserWarning');
    warn('shown', 'UserWarning');
    warnFromPlaceA('hidden');
    expect(printed).toEqual(['shown']);
  });

  it('captures every warning of a block, repeated ones included', async () => {
    const { warnings } = await captureWarnings(() => {
      for (let i = 0; i < 3; i++) warnFromPlaceA('again');
    });
    expect(warnings).toHaveLength(3);
    expect(printed).toEqual([]);
  });

  it('rejects an unknown action or category naming the value', () => {
    expect(() => filterWarnings('silent' as never)).toThrow(ValidationError);
    expect(() => filterWarnings('silent' as never)).toThrow(
      `The "action" argument of filterWarnings must be one of 'default', 'once', 'always', 'ignore', 'error'. Got "silent" instead.`,
    );
    expect(() => filterWarnings('ignore', 'DeprecationWarning' as never)).toThrow(/"category" argument of filterWarnings .* Got "DeprecationWarning" instead/);
  });
});

describe('the TUNEKIT_WARNINGS environment variable', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  async function freshWarnings(value: string): Promise<typeof WarningsModule> {
    vi.stubEnv('TUNEKIT_WARNINGS', value);
    vi.resetModules();
    return import('../../lib/core/warnings.js');
  }

  it('sets filters for scripts: action or action:Category, comma-separated', async () => {
    const w = await freshWarnings('error:ConvergenceWarning,ignore');
    const printed: string[] = [];
    vi.spyOn(process, 'emitWarning').mockImplementation(((m: string) => void printed.push(m)) as typeof process.emitWarning);
    expect(() => w.warn('boom', 'ConvergenceWarning')).toThrow('boom');
    w.warn('quiet', 'UserWarning');
    expect(printed).toEqual([]);
  });

  it('names the variable and the value when it cannot be read', async () => {
    const w = await freshWarnings('loud');
    expect(() => w.warn('x')).toThrow(/"TUNEKIT_WARNINGS" argument of the environment must be a comma-separated list .* Got "loud" instead/);
  });
});
