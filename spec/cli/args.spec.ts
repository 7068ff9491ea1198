import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../lib/cli/args.js';
import { UsageError, commandHelp, numberOption, parseCommand } from '../../lib/cli/args.js';

const COMMAND: CliCommand = {
  name: 'tunekit demo',
  usage: ['tunekit demo --storage STORAGE [--json]'],
  description: 'A command for the tests.',
  options: {
    storage: { type: 'string', value: 'STORAGE', help: 'where the study is' },
    'n-jobs': { type: 'string', value: 'N', help: 'parallel fits\n(default 1)' },
    json: { type: 'boolean', short: 'j', help: 'print JSON' },
  },
};

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommand', () => {
  it('reads values (spaced or inline), switches, short aliases and --help', () => {
    const p = parseCommand(COMMAND, ['--storage', 'a.jsonl', '--n-jobs=-1', '-j']);
    expect([...p.values]).toEqual([['storage', 'a.jsonl'], ['n-jobs', '-1'], ['json', true]]);
    expect(p.help).toBe(false);
    expect(parseCommand(COMMAND, ['-h']).help).toBe(true);
    expect(parseCommand(COMMAND, ['--help']).help).toBe(true);
  });

  it('keeps the last of a repeated option', () => {
    expect(parseCommand(COMMAND, ['--storage', 'a', '--storage', 'b']).values.get('storage')).toBe('b');
  });

  it('names an unknown option and the command, and carries the command help', () => {
    const e = usageError(() => parseCommand(COMMAND, ['--storage', 'a', '--frobnicate']));
    expect(e.message).toBe('Unknown option "--frobnicate" of tunekit demo.');
    expect(e.usage).toBe(commandHelp(COMMAND));
    expect(usageError(() => parseCommand(COMMAND, ['-x'])).message).toBe('Unknown option "-x" of tunekit demo.');
    expect(usageError(() => parseCommand(COMMAND, ['--frob=1'])).message).toBe('Unknown option "--frob" of tunekit demo.');
  });

  it('refuses a missing value, including an option where the value should be', () => {
    expect(usageError(() => parseCommand(COMMAND, ['--storage'])).message).toBe('The option --storage of tunekit demo needs a value.');
    expect(usageError(() => parseCommand(COMMAND, ['--storage', '--json'])).message).toBe('The option --storage of tunekit demo needs a value.');
  });

  it('refuses a value given to a switch', () => {
    expect(usageError(() => parseCommand(COMMAND, ['--json=yes'])).message).toBe('The option --json of tunekit demo takes no value. Got "--json=yes".');
  });

  it('refuses positional arguments unless the command takes them', () => {
    expect(usageError(() => parseCommand(COMMAND, ['file.json'])).message).toBe('tunekit demo takes no positional arguments. Got "file.json".');
    const p = parseCommand({ ...COMMAND, positionals: 'a file' }, ['a.json', '--json', '--', '--b.json']);
    expect(p.positionals).toEqual(['a.json', '--b.json']);
  });

  it('names only the option for a command without a name', () => {
    expect(usageError(() => parseCommand({ ...COMMAND, name: '' }, ['--fast'])).message).toBe('Unknown option "--fast".');
  });
});

describe('commandHelp', () => {
  it('lists the synopsis, the description and every option with its value name, aligned', () => {
    expect(commandHelp(COMMAND).split('\n')).toEqual([
      'Usage: tunekit demo --storage STORAGE [--json]',
      '',
      'A command for the tests.',
      '',
      '  --storage STORAGE   where the study is',
      '  --n-jobs N          parallel fits',
      '                      (default 1)',
      '  -j, --json          print JSON',
      '  -h, --help          print this help',
    ]);
  });
});

describe('numberOption', () => {
  it('reads a number and names the option, the command and the value when it is not one', () => {
    const { values } = parseCommand(COMMAND, ['--n-jobs', '4']);
    expect(numberOption('tunekit demo', values, 'n-jobs', 'an integer ≥ 1', (n) => n >= 1)).toBe(4);
    expect(numberOption('tunekit demo', values, 'absent', 'an integer ≥ 1', (n) => n >= 1)).toBeUndefined();
    const bad = parseCommand(COMMAND, ['--n-jobs', 'four']).values;
    expect(() => numberOption('tunekit demo', bad, 'n-jobs', 'an integer ≥ 1', (n) => n >= 1)).toThrow('The option --n-jobs of tunekit demo must be an integer ≥ 1. Got "four".');
  });
});
