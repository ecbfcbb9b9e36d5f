import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timeCommand } from '../../src/cli/commands/time.js';
import { DEMO, DEMO_AS_OF, runCli, tempDir } from '../helpers/cli.js';

const ARTICLE = 'fixtures/time/article';
const AS_OF = '2026-03-31';

/** Splits an example command line like a shell would (double quotes only). */
function argv(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('plan time (CLI)', () => {
  // fixtures/time/article: 6 reps x 2 weeks x 40 h. Selling 57.6 of 480 h = 12%; order entry and invoicing are
  // 2 + 2 h a rep-week = 48 h. Reassigned: 105.6 / 480 = 22%; gain 22/12 - 1 = 0.8333; FTE 480 / (40 x 2) = 6; 6 x 0.8333 = 5.
  it("reproduces the article's case: 12% -> 22% is +83%, worth 5.0 reps", async () => {
    const r = await runCli(['time', '--data', ARTICLE, '--as-of', AS_OF, '--reassign', 'order entry,invoicing', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/effective capacity gain\s+\+83% \(direct selling 12\.0% → 22\.0%\)/);
    expect(r.stdout).toMatch(/equivalent reps\s+5\.0 \(team 6\.0 FTE x \+83%\)/);
    expect(r.stdout).toMatch(/non-selling share\s+88\.0%/);
  });

  it('shows hours and FTE one way in every line: one decimal, the team FTE the same in both places', async () => {
    const dir = tempDir();
    // 18 h over 2 weeks: FTE 18 / 80 = 0.225. Freed: order entry 2.5 + invoicing 3.7 = 6.2, half of 1.5 internal = 0.75;
    // 6.95 h in all. Selling 6.3 -> 13.25 h of 18: 35.0% -> 73.6%, gain 13.25 / 6.3 - 1 = +110%; 0.225 x 1.1032 = 0.248 reps.
    writeFileSync(
      join(dir, 'activities.csv'),
      'rep,activity,hours,week\nA,customer visits,6,2026-W10\nA,order entry,2.5,2026-W10\nA,internal meetings,1.5,2026-W10\n' +
        'B,sales calls,0.1,2026-W10\nB,sales calls,0.2,2026-W10\nB,invoicing,3.7,2026-W10\nB,travel,4,2026-W11\n',
    );
    const args = ['--reassign', 'order entry,invoicing', '--cut', 'internal meetings=50%', '--format', 'table'];
    const r = await runCli(['time', '--data', dir, '--as-of', AS_OF, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ hours\s+18\.0\n/);
    expect(r.stdout).toMatch(/team FTE\s+0\.2\n/);
    expect(r.stdout).toMatch(/freed hours\s+7\.0 h \(reassigned 6\.2 h, cut 0\.8 h\), 7\.0 h become selling/);
    expect(r.stdout).toMatch(/equivalent reps\s+0\.2 \(team 0\.2 FTE x \+110%\)/);
    // Each rep's gain signed like the team's: B 0.3 -> 4.0 h is 4 / 0.3 - 1 = +1,233%; A 6 -> 9.25 h is +54%.
    expect(r.stdout).toMatch(/\nB\s.*\s\+1,233%\n/);
    expect(r.stdout).toMatch(/\nA\s.*\s\+54%\n/);
    // The team table: the same hours to one decimal, and 0.1 + 0.2 h of sales calls is 0.3, never 0.30000000000000004.
    expect(r.stdout).toMatch(/internal\s+1\.5\s+8\.3%\s+0\.4\s+0\.8\s+4\.2%/);
    expect(r.stdout).toMatch(/sales calls\s+selling\s+0\.3\s/);
    expect(r.stdout).not.toMatch(/0000000/);
  });

  it('a --delimiter that is not the file\'s says so and what to give (not "re-saved by Excel")', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'activities.csv'), 'rep,activity,hours\nA,travel,2\n');
    const r = await runCli(['time', '--data', dir, '--as-of', AS_OF, '--delimiter', ';']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(
      'activities.csv:1: the header is one column with commas in it, but the delimiter given is semicolon; give --delimiter activities=, or leave --delimiter out to detect it (E_DELIMITER)',
    );
    // A whole line in one quoted field is still the Excel case, whatever the delimiter.
    writeFileSync(join(dir, 'activities.csv'), '"rep;activity;hours"\n"A;travel;2"\n');
    const quoted = await runCli(['time', '--data', dir, '--as-of', AS_OF, '--delimiter', ';']);
    expect(quoted.stderr).toContain('(a file re-saved by Excel?)');
  });

  it('carries every figure in JSON', async () => {
    const r = await runCli(['time', '--data', ARTICLE, '--as-of', AS_OF, '--reassign', 'order entry,invoicing', '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.period).toEqual({ from: null, to: AS_OF, weeks: 2, weeksFrom: 'data' });
    expect(data.team).toMatchObject({ reps: 6, hours: 480, fte: 6, sellingHours: 57.6, sellingShare: 0.12, nonSellingShare: 0.88 });
    expect(data.furthestBelow.map((x: { rep: string }) => x.rep)).toEqual(['R5', 'R6']);
    expect(data.whatIf).toMatchObject({
      reassign: ['order entry', 'invoicing'],
      convert: 1,
      reassignedHours: 48,
      cutHours: 0,
      freedHours: 48,
      convertedHours: 48,
      sellingShareBefore: 0.12,
      sellingShareAfter: 0.22,
      gain: 0.833333,
      gainNote: null,
      equivalentReps: 5,
      // supportHourlyCost 30 in the fixture's config: 48 h x 30 = 1,440 over 2 weeks.
      support: { hourlyCost: 30, hours: 48, cost: 1440, costPerWeek: 720 },
    });
    // 25 calls a week each; R1/R2 +2/3, R3/R4 +5/6, R5/R6 +10/9 of their selling hours: 2 x 25 x (2/3 + 5/6 + 10/9) = 130.56.
    expect(data.whatIf.calls).toMatchObject({ perWeekBefore: 150, extraPerWeek: 130.56, perWeekAfter: 280.56, reps: 6 });
  });

  it('reads weeks given as ISO weeks or as dates (the article fixture has one of each)', async () => {
    const r = await runCli(['time', '--data', ARTICLE, '--as-of', AS_OF, '--from', '2026-W11', '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    // Week 2 is given as 2026-03-11, a Wednesday of 2026-W11; week 1 (2026-W10) is outside.
    expect(data.period).toMatchObject({ from: '2026-03-09', weeks: 1 });
    expect(data.team.hours).toBe(240);
    expect(data.rows).toMatchObject({ counted: 72, outsidePeriod: 72 });
  });

  it('works on the demo: selling ~11.6%, order entry + invoicing lift it to ~22%', async () => {
    const one = await runCli(['time', '--data', DEMO, '--reassign', 'order entry', '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(one.code).toBe(0);
    const data = JSON.parse(one.stdout);
    expect(data.team.sellingShare).toBeCloseTo(0.116, 2);
    expect(data.whatIf.gain).toBeGreaterThan(0.3);
    const two = await runCli(['time', '--data', DEMO, '--reassign', 'order entry,invoicing', '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(JSON.parse(two.stdout).whatIf.sellingShareAfter).toBeCloseTo(0.22, 1);
    // The demo plants an activity no config knows.
    expect(one.stderr).toContain('unknown activity "misc"');
  });

  it('writes the hours of a warning as every figure is written (grouped)', async () => {
    const dir = tempDir();
    // By hand: 8 reps x 150 h of an unknown "misc" in one week = 1,200 h; 0.1 + 0.2 h more of it from rep R1.
    const rows = ['rep,activity,hours,date', 'R1,misc,0.1,2026-03-02', 'R1,misc,0.2,2026-03-03'];
    for (let r = 1; r <= 8; r++) rows.push(`R${r},misc,150,2026-03-04`);
    writeFileSync(join(dir, 'activities.csv'), `${rows.join('\n')}\n`);
    const r = await runCli(['time', '--data', dir, '--as-of', AS_OF, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('unknown activity "misc": 1,200.3 h by 8 reps');
  });

  it('warns about unknown activities with their hours and a "did you mean"; --strict makes it exit 65', async () => {
    const r = await runCli(['time', '--data', 'fixtures/time/unknown', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('unknown activity "custmer visits": 2 h by 1 rep');
    expect(r.stderr).toContain('did you mean "customer visits"?');
    const data = JSON.parse(r.stdout);
    // Matching ignores case and -/_: "Customer Visits" is selling, "ORDER_ENTRY" admin. Unknown hours count in the total.
    expect(data.team.hours).toBe(20);
    expect(data.team.sellingShare).toBe(0.2);
    expect(data.unknown).toEqual([{ activity: 'custmer visits', hours: 2, reps: 1, line: 3 }]);
    const strict = await runCli(['time', '--data', 'fixtures/time/unknown', '--strict', '--format', 'json']);
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe('');
  });

  it('says "from no selling time" instead of dividing by zero', async () => {
    const r = await runCli(['time', '--data', 'fixtures/time/no-selling', '--reassign', 'order entry', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/effective capacity gain\s+from no selling time/);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
    const json = JSON.parse(
      (await runCli(['time', '--data', 'fixtures/time/no-selling', '--reassign', 'order entry', '-f', 'json'])).stdout,
    );
    expect(json.whatIf).toMatchObject({ gain: null, gainNote: 'from no selling time', equivalentReps: null, sellingShareAfter: 0.25 });
  });

  it.each([
    [['--cut', 'internal meetings=150%'], 'more than 100%'],
    [['--cut', 'internal meetings=-10%'], 'below 0%'],
    [['--cut', 'internal meetings'], 'activity=share'],
    [['--reassign', 'order entri'], 'did you mean "order entry"?'],
    [['--cut', 'internal meeting=50%'], 'did you mean "internal meetings"?'],
    [['--reassign', 'customer visits'], 'is selling time'],
    [['--reassign', 'order entry', '--cut', 'order entry=50%'], 'more than once'],
    [['--convert', '80%'], '--convert needs --reassign or --cut'],
    [['--reassign', 'order entry', '--convert', '120%'], 'more than 100%'],
    [['--from', '2026-W12', '--to', '2026-W10'], '--from is after --to'],
    [['--from', 'March'], '--from takes a date'],
    [['--weeks', '0'], '--weeks takes a number of weeks above 0'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(['time', '--data', ARTICLE, '--as-of', AS_OF, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('writes the reps table as CSV, lowest selling share first', async () => {
    const r = await runCli(['time', '--data', ARTICLE, '--as-of', AS_OF, '--reassign', 'order entry,invoicing']);
    expect(r.code).toBe(0);
    const [header, first] = r.stdout.split('\n');
    expect(header).toBe(
      'rep,name,hours,fte,selling_hours,selling_share,gap_to_team,travel_share,admin_share,internal_share,service_share,unknown_share,' +
        'travel_hours,admin_hours,internal_hours,service_hours,unknown_hours,freed_hours,new_selling_share,gain,calls_per_week,extra_calls_per_week',
    );
    expect(first).toBe('R5,Rep 5,80,1,7.2,0.09,-0.03,0.275,0.2225,0.225,0.1875,0,22,17.8,18,15,0,8,0.19,1.111111,25,27.78');
  });

  it('runs every --help example, and docs/time.md shows the same examples', async () => {
    const docs = readFileSync('docs/time.md', 'utf8');
    const block = /### Examples\n\n```\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(timeCommand.examples);
    for (const example of timeCommand.examples) {
      const args = argv(example).slice(1);
      const r = await runCli(args.includes('--as-of') ? args : [...args, '--as-of', DEMO_AS_OF]);
      expect(r.code, example).toBe(0);
    }
  });
});
