/** Values several commands take are parsed one way everywhere (src/cli/options.ts). */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

const plan = (...args: string[]) => runCli([...args, '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json']);

describe('--from and --to take a day or an ISO week in every command', () => {
  it.each([
    // 2026-W44 runs from Monday 2026-10-26 to Sunday 2026-11-01; 2026-W47 ends on Sunday 2026-11-22.
    ['cost', ['--from', '2026-W44', '--to', '2026-W47'], ['--from', '2026-10-26', '--to', '2026-11-22']],
    ['time', ['--from', '2026-W44', '--to', '2026-W47'], ['--from', '2026-10-26', '--to', '2026-11-22']],
    ['schedule', ['--from', '2026-W49'], ['--from', '2026-11-30']],
  ])('%s', async (command, byWeek, byDay) => {
    const week = await plan(command, ...byWeek);
    expect(week.code, week.stderr).toBe(0);
    expect(week.stdout).toBe((await plan(command, ...byDay)).stdout);
  });

  it('cost counts the orders of the weeks given, Monday to Sunday', async () => {
    const r = JSON.parse((await plan('cost', '--from', '2026-W44', '--to', '2026-W47')).stdout);
    expect(r.window).toEqual({ from: '2026-10-26', to: '2026-11-22' });
  });

  it.each(['cost', 'time', 'schedule'])('%s refuses a bad --from with the same message', async (command) => {
    const r = await plan(command, '--from', '26.10.2026');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan: error: --from takes a date YYYY-MM-DD or an ISO week like 2026-W45 (not "26.10.2026")');
  });

  it.each(['cost', 'time'])('%s: --from after --to is a usage error', async (command) => {
    const r = await plan(command, '--from', '2026-W47', '--to', '2026-W44');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from is after --to');
  });
});

describe('--top and --rep mean the same everywhere', () => {
  it.each(['segment', 'cost', 'contact'])('%s --top 0', async (command) => {
    const r = await plan(command, '--top', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan: error: --top takes a number above 0 (not "0")');
  });

  it.each(['contact', 'schedule'])('%s --rep " "', async (command) => {
    const r = await plan(command, '--rep', ' ');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan: error: --rep takes a rep id');
  });
});

describe('shares and channel=cost pairs', () => {
  it.each([
    ['schedule', ['--planned-share', '60%'], ['--planned-share', '0.6']],
    ['time', ['--reassign', 'order entry', '--convert', '80%'], ['--reassign', 'order entry', '--convert', '0.8']],
  ])('%s reads a percentage and a fraction alike', async (command, percent, fraction) => {
    const a = await plan(command, ...percent);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe((await plan(command, ...fraction)).stdout);
  });

  it.each([
    [['schedule', '--planned-share', '1.5'], '--planned-share: "1.5" is more than 100%'],
    [['time', '--reassign', 'order entry', '--convert', '-5%'], '--convert: "-5%" is below 0%'],
    [['segment', '--unit-cost', 'field=0'], '--unit-cost takes channel=cost with a channel of field, phone, email, web and a cost above 0'],
    [
      ['cost', '--channel-cost', 'web=-1'],
      '--channel-cost takes channel=cost with a channel of field, phone, email, web and a cost of 0 or more',
    ],
  ])('%j', async (args, message) => {
    const r = await plan(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('commands without inputs read no config', () => {
  const bin = resolve('bin/plan.js');
  const here = tempDir();
  writeFileSync(join(here, 'plan.config.json'), '{ "currency": ');

  it.each([
    ['init', ['init', 'templates']],
    ['demo', ['demo', 'sample', '--customers', '20', '--as-of', DEMO_AS_OF]],
  ])('plan %s works beside a broken plan.config.json', (_, args) => {
    const r = spawnSync('node', [bin, ...args], { cwd: here, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('while a command with inputs still says what is wrong with it', () => {
    const r = spawnSync('node', [bin, 'validate'], { cwd: here, encoding: 'utf8' });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/plan.config.json:[\d:]* not valid JSON/);
  });
});

describe('PLAN_THREADS', () => {
  const run = (value: string) =>
    runCli(['cost', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json'], { env: { PLAN_THREADS: value } });

  it.each(['two', '0', '1.5', '-2'])('%s is a usage error naming the variable and what it takes', async (value) => {
    const r = await run(value);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`PLAN_THREADS=${value}: use a whole number from 1`);
  });

  it('a whole number from 1 runs (the demo is small: one thread either way)', async () => {
    const r = await run('3');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).channels.length).toBeGreaterThan(0);
  });
});
