import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { HyperParameters } from '../../lib/tuner/hyperparameters.js';

/** The seeds' network: num_layers 1–5 and units_i conditional on it. */
function network(hp: HyperParameters): number[] {
  const layers = hp.int('num_layers', { min: 1, max: 5 });
  const units: number[] = [];
  for (let i = 0; i < 5; i++) {
    hp.conditionalScope('num_layers', [1, 2, 3, 4, 5].filter((n) => n > i), () => {
      units.push(hp.int(`units_${i}`, { min: 32, max: 512, step: 32 }));
    });
  }
  hp.choice('optimizer', ['adam', 'sgd', 'rmsprop']);
  hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' });
  expect(units).toHaveLength(layers);
  return units;
}

describe('HyperParameters: define-by-run', () => {
  it('registers each hyperparameter on first use and returns its default outside a search', () => {
    const hp = new HyperParameters();
    expect(hp.int('units', { min: 32, max: 512, step: 32, default: 64 })).toBe(64);
    expect(hp.float('dropout', { min: 0, max: 0.5 })).toBe(0);
    expect(hp.choice('act', ['relu', 'tanh'])).toBe('relu');
    expect(hp.boolean('bn')).toBe(false);
    expect(hp.fixed('classes', 10)).toBe(10);
    expect(hp.values).toEqual({ units: 64, dropout: 0, act: 'relu', bn: false, classes: 10 });
    expect(hp.space.map((d) => d.type)).toEqual(['int', 'float', 'choice', 'boolean', 'fixed']);
  });

  it('returns the same value when asked again', () => {
    const hp = new HyperParameters();
    hp.int('units', { min: 32, max: 512, step: 32 });
    expect(hp.int('units', { min: 32, max: 512, step: 32 })).toBe(32);
    expect(hp.get('units')).toBe(32);
    expect(hp.size).toBe(1);
  });

  it('grows as a build function asks: a trial with new values meets new hyperparameters', () => {
    const space = new HyperParameters();
    network(space);
    expect(space.space.map((d) => d.name)).toEqual(['num_layers', 'units_0', 'optimizer', 'lr']);
    const trial = space.forTrial({ num_layers: 3, units_0: 64 }, {}, (def) => def.default);
    network(trial);
    expect(space.merge(trial)).toEqual(['units_1', 'units_2']);
    expect(space.space.map((d) => d.name)).toEqual(['num_layers', 'units_0', 'optimizer', 'lr', 'units_1', 'units_2']);
  });

  it('asks the new-entry hook for a hyperparameter the trial has no value for', () => {
    const hp = new HyperParameters().forTrial({ a: 3 }, {}, (def) => (def.name === 'b' ? 7 : def.default));
    expect(hp.int('a', { min: 0, max: 9 })).toBe(3);
    expect(hp.int('b', { min: 0, max: 9 })).toBe(7);
  });

  it('keeps the tuner\'s reserved values apart from the space', () => {
    const hp = new HyperParameters().forTrial({ a: 1 }, { 'tuner/epochs': 9 });
    expect(hp.get('tuner/epochs')).toBe(9);
    expect(hp.values).toEqual({ a: 1, 'tuner/epochs': 9 });
    expect(hp.activeValues).toEqual({ a: 1 });
    expect(() => hp.int('tuner/epochs', { min: 1, max: 3 })).toThrow(
      'The "name" argument of hp.int must be a non-empty string not starting with "tuner/" (kept for the tuner\'s values). Got "tuner/epochs" instead.',
    );
  });
});

describe('HyperParameters: conditional scopes', () => {
  it('runs a scope only when the parent takes one of the values; inactive hyperparameters are absent', () => {
    const hp = new HyperParameters().forTrial({ num_layers: 2, units_0: 96, units_1: 128 }, {}, (def) => def.default);
    expect(network(hp)).toEqual([96, 128]);
    expect(hp.values).toEqual({ num_layers: 2, units_0: 96, units_1: 128, optimizer: 'adam', lr: 1e-4 });
    expect(hp.isActive('units_2')).toBe(false);
  });

  it('registers a conditional hyperparameter given parentName even when inactive, returning undefined', () => {
    const hp = new HyperParameters();
    hp.choice('model', ['mlp', 'cnn']);
    const filters = hp.int('filters', { min: 8, max: 64, parentName: 'model', parentValues: ['cnn'] });
    expect(filters).toBeUndefined();
    expect(hp.getHyperParameter('filters')?.conditions).toEqual([[{ name: 'model', values: ['cnn'] }]]);
    expect('filters' in hp.values).toBe(false);
    expect(() => hp.get('filters')).toThrow('The hyperparameter "filters" is inactive for these values: it exists only when model in ["cnn"].');
    expectTypeOf(filters).toEqualTypeOf<number | undefined>();
    expectTypeOf(hp.int('x', { min: 0, max: 1 })).toEqualTypeOf<number>();
  });

  it('nests scopes, and the same name under two conditions is one hyperparameter active under either', () => {
    const build = (hp: HyperParameters): void => {
      const kind = hp.choice('kind', ['a', 'b', 'c']);
      hp.conditionalScope('kind', ['a'], () => hp.int('size', { min: 1, max: 4 }));
      hp.conditionalScope('kind', ['b'], () => {
        hp.boolean('deep');
        hp.conditionalScope('deep', true, () => hp.int('size', { min: 1, max: 4 }));
      });
      void kind;
    };
    const space = new HyperParameters();
    for (const values of [{ kind: 'a' }, { kind: 'b', deep: true }, { kind: 'c' }]) {
      const hp = space.forTrial(values, {}, (d) => d.default);
      build(hp);
      space.merge(hp);
    }
    expect(space.getHyperParameter('size')?.conditions).toEqual([
      [{ name: 'kind', values: ['a'] }],
      [{ name: 'kind', values: ['b'] }, { name: 'deep', values: [true] }],
    ]);
    expect(space.getHyperParameter('size')?.isActive({ kind: 'b', deep: false })).toBe(false);
    expect(space.getHyperParameter('size')?.isActive({ kind: 'b', deep: true })).toBe(true);
  });

  it('keeps the scope open across an async build', async () => {
    const hp = new HyperParameters();
    hp.boolean('wide', { default: true });
    await hp.conditionalScope('wide', true, async () => {
      await new Promise((r) => setTimeout(r, 1));
      hp.int('width', { min: 1, max: 8 });
    });
    hp.int('depth', { min: 1, max: 3 });
    expect(hp.getHyperParameter('width')?.conditions).toEqual([[{ name: 'wide', values: [true] }]]);
    expect(hp.getHyperParameter('depth')?.conditions).toEqual([[]]);
  });

  it('records the scopes skipped, so a tuner can discover their hyperparameters', () => {
    const hp = new HyperParameters();
    network(hp);
    expect(hp.inactiveScopes.map((s) => s[0]?.values)).toEqual([[2, 3, 4, 5], [3, 4, 5], [4, 5], [5]]);
  });

  it('refuses a parent that is not defined yet', () => {
    const hp = new HyperParameters();
    hp.int('num_layers', { min: 1, max: 3 });
    expect(() => hp.conditionalScope('num_layer', [2], () => undefined)).toThrow(
      'The "parentName" argument of HyperParameters.conditionalScope must be the name of a hyperparameter defined before it ("num_layers"). Got "num_layer" instead. Did you mean "num_layers"?',
    );
  });
});

describe('HyperParameters: misuse', () => {
  it('refuses a name reused with a different type', () => {
    const hp = new HyperParameters();
    hp.int('units', { min: 32, max: 512 });
    let error: unknown;
    try {
      hp.float('units', { min: 0, max: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe(
      'The "name" argument of hp.float must be a name not used by another type of hyperparameter. Got "units" instead. "units" is already an int hyperparameter (hp.int): choose another name, or ask for it with hp.int.',
    );
  });

  it('names the known hyperparameters for an unknown one', () => {
    const hp = new HyperParameters();
    hp.int('units', { min: 1, max: 2 });
    expect(() => hp.get('unit')).toThrow('There is no hyperparameter named "unit". Known: "units". Did you mean "units"?');
  });

  it('refuses new hyperparameters when new entries are not allowed', () => {
    const hp = new HyperParameters().forTrial({}, {}, undefined, false);
    expect(() => hp.int('x', { min: 0, max: 1 })).toThrow(
      'The hyperparameter "x" is not in the search space, and the tuner was created with allowNewEntries: false. Add it to the "hyperparameters" option, or set allowNewEntries: true.',
    );
  });
});

describe('HyperParameters: summaries and configs', () => {
  it('prints the search space', () => {
    const hp = new HyperParameters();
    network(hp);
    expect(hp.searchSpaceSummary()).toBe(
      [
        'Search space summary',
        'Default search space size: 4',
        'num_layers: Int {min: 1, max: 5, step: 1, sampling: linear, default: 1}',
        'units_0: Int {min: 32, max: 512, step: 32, sampling: linear, default: 32} when num_layers in [1, 2, 3, 4, 5]',
        'optimizer: Choice {values: ["adam", "sgd", "rmsprop"], ordered: false, default: "adam"}',
        'lr: Float {min: 0.0001, max: 0.01, sampling: log, default: 0.0001}',
      ].join('\n'),
    );
  });

  it('survives getConfig/fromConfig with its values', () => {
    const hp = new HyperParameters().forTrial({ num_layers: 2, units_0: 64, units_1: 96 }, { 'tuner/epochs': 3 }, (d) => d.default);
    network(hp);
    const back = HyperParameters.fromConfig(JSON.parse(JSON.stringify(hp.getConfig())));
    expect(back.values).toEqual(hp.values);
    expect(back.getConfig()).toEqual(hp.getConfig());
  });
});
