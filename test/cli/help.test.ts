/** --help, option errors and shell completion: what a newcomer meets first. */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCommand } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { DEMO, runCli, tempDir } from '../helpers/cli.js';

const ZSH = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v zsh'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

describe('--help', () => {
  it('groups the options: the command, its input, its output; then examples and exit codes', async () => {
    const help = (await runCli(['segment', '--help'])).stdout;
    const at = (text: string) => help.indexOf(text);
    expect(at('Command options:')).toBeGreaterThan(0);
    expect(at('Command options:')).toBeLessThan(at('  --rank-by'));
    expect(at('  --rank-by')).toBeLessThan(at('Input options:'));
    expect(at('Input options:')).toBeLessThan(at('  --data <dir>'));
    expect(at('  --as-of')).toBeLessThan(at('Output options:'));
    expect(at('Output options:')).toBeLessThan(at('  -f, --format'));
    expect(at('Examples:')).toBeLessThan(at('Exit codes:'));
    expect(help).toMatch(/\n {2}65 +bad input data\n/);
    // Only plan report can end with 3.
    expect(help).not.toMatch(/\n {2}3 /);
    expect((await runCli(['report', '--help'])).stdout).toMatch(/\n {2}3 +a --fail-on threshold was breached/);
  });

  it('keeps that order for a command without options of its own (plan completion: -h before its output options)', async () => {
    const help = (await runCli(['completion', '--help'])).stdout;
    expect(help.indexOf('Command options:')).toBeGreaterThan(0);
    expect(help.indexOf('Command options:')).toBeLessThan(help.indexOf('Output options:'));
  });

  it('writes defaults and choices one way, without quotes', async () => {
    const help = (await runCli(['segment', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('(lowest first) (default: headroom)');
    expect(help).toContain('(default: .)');
    expect(help).toContain('(choices: salesforce, hubspot, dynamics)');
    expect(help).toContain('(default: table on a terminal, csv when piped; choices: table, csv, json, md, html)');
    expect(help).not.toMatch(/default: "|choices: "/);
  });

  it('the program help lists the exit codes', async () => {
    const help = (await runCli(['--help'])).stdout;
    expect(help).toContain('Exit codes:\n  0   success (warnings allowed)\n');
    expect(help).toContain('  completion ');
  });
});

describe('a bad option value says what the option takes', () => {
  it.each([
    [['segment', '--top', 'abc'], '--top takes a number (not "abc")'],
    [['segment', '--top', '1.5'], '--top takes a whole number (not "1.5")'],
    [['segment', '--top', '0'], '--top takes a number above 0 (not "0")'],
    [['segment', '--rank-by', 'size'], '--rank-by takes headroom, potential, growth, penetration (not "size")'],
    [['cost', '--top', 'many'], '--top takes a number (not "many")'],
    [['contact', '--top', '-3'], '--top takes a number above 0 (not "-3")'],
    [['segment', '--skip-rows', 'two'], '--skip-rows takes a whole number'],
    [['completion', 'fish'], 'plan completion takes bash or zsh (not "fish")'],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv[0] === 'completion' ? argv : [...argv, '--data', DEMO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`plan: error: ${message}`);
    expect(r.stderr).not.toMatch(/Invalid input|expected number|received/);
  });
});

describe('plan completion', () => {
  async function script(shell: string): Promise<string> {
    const r = await runCli(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  }

  /** What bash completes for the words typed so far (the last one is being typed). */
  function bashCompletes(file: string, words: string[]): string[] {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync(
      'bash',
      ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _plan; printf '%s\\n' "\${COMPREPLY[@]}"`],
      {
        encoding: 'utf8',
        cwd: tempDir(),
      },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  }

  it('bash: completes commands, options and their values', async () => {
    const file = join(tempDir(), 'plan.bash');
    writeFileSync(file, await script('bash'));
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    expect(bashCompletes(file, ['plan', 'sch'])).toEqual(['schedule']);
    expect(bashCompletes(file, ['plan', 'c'])).toEqual(['cost', 'contact', 'completion']);
    expect(bashCompletes(file, ['plan', 'segment', '--for'])).toEqual(['--format']);
    expect(bashCompletes(file, ['plan', 'schedule', '--format', ''])).toEqual(['table', 'csv', 'json', 'md', 'html', 'ics']);
    expect(bashCompletes(file, ['plan', 'segment', '--preset', 'h'])).toEqual(['hubspot']);
    expect(bashCompletes(file, ['plan', 'schedule', '--wee'])).toEqual(['--week', '--weeks']);
    expect(bashCompletes(file, ['plan', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it("is made from the commands' own options: every option of every command is in it", async () => {
    const bash = await script('bash');
    const zsh = await script('zsh');
    for (const spec of COMMANDS.filter((c) => c.name !== 'completion')) {
      for (const option of describeCommand(spec, await spec.load()).options) {
        expect(bash, `${spec.name} ${option.long}`).toMatch(new RegExp(`    ${spec.name}\\)[\\s\\S]*?${option.long}[ "|)]`));
        expect(zsh, `${spec.name} ${option.long}`).toContain(option.long as string);
      }
    }
  });

  it.skipIf(!ZSH)('zsh: a valid script with descriptions and value completions', async () => {
    const file = join(tempDir(), '_plan');
    const text = await script('zsh');
    writeFileSync(file, text);
    const r = spawnSync(ZSH as string, ['-n', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(text).toMatch(/^#compdef plan\n/);
    expect(text).toContain(
      "'(-f --format)'{-f,--format}'[output format (default\\: table on a terminal, csv when piped)]:choice:(table csv json md html)'",
    );
    expect(text).toContain("--data'[folder holding the input files under their standard names]:directory:_files -/'");
    expect(text).toContain("'schedule:each rep'\\''s weekly call list\\: 60% planned by priority, 40% left free'");
  });
});
