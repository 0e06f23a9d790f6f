// The light command table in front of the CLI: it names every command with its real summary, and
// only the command argv names is loaded (`--version` and `--help` load none).
import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, requestedCommand } from '../../src/cli/command-table.js';
import type { CliIo } from '../../src/cli/index.js';
import { runTidings } from '../helpers/cli.js';

const io: CliIo = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, stdin: new PassThrough() };

describe('the command table', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists each command as its implementation registers it: same name, aliases and summary', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('tidings');
      (await entry.load())(program, io);
      const registered = program.commands.find((command) => command.name() === entry.name);
      expect(registered, entry.name).toBeDefined();
      expect(registered?.description(), entry.name).toBe(entry.summary);
      expect(registered?.aliases(), entry.name).toEqual(entry.aliases ?? []);
    }
  });

  it('has an entry for every top-level command the implementations register', async () => {
    const program = new Command('tidings');
    for (const load of new Set(COMMANDS.map((entry) => entry.load))) (await load())(program, io);
    expect(program.commands.map((command) => command.name()).sort()).toEqual(COMMANDS.map((entry) => entry.name).sort());
  });

  it('finds the command in argv, through an alias and after `help`', () => {
    expect(requestedCommand(['holidays', '2026'])?.name).toBe('holidays');
    expect(requestedCommand(['accounts', 'list'])?.name).toBe('account');
    expect(requestedCommand(['help', 'campaign'])?.name).toBe('campaign');
    expect(requestedCommand(['--version'])).toBeUndefined();
    expect(requestedCommand(['no-such-command'])).toBeUndefined();
  });

  it('loads no command for --version, --help or an unknown command, and only the named one otherwise', async () => {
    const loads = COMMANDS.map((entry) => vi.spyOn(entry, 'load'));
    const version = await runTidings({}, ['--version']);
    expect(version).toMatchObject({ code: 0, out: '0.1.0\n' });
    const help = await runTidings({}, ['--help']);
    expect(help.code).toBe(0);
    for (const entry of COMMANDS) expect(help.out).toContain(entry.name);
    const unknown = await runTidings({}, ['no-such-command']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'no-such-command'");
    for (const load of loads) expect(load).not.toHaveBeenCalled();

    const holidays = await runTidings({}, ['holidays', '2026', '--json']);
    expect(holidays.code).toBe(0);
    expect(COMMANDS.filter((_, i) => loads[i]?.mock.calls.length).map((entry) => entry.name)).toEqual(['holidays']);
  });
});
