/** plan time: direct selling share per rep and team, and what reassigning chores would free. */

import { activitiesIn, activityClassMap, analyseTime, checkWhatIf, type TimeAnalysis, type WhatIf } from '../core/time.js';
import { grouped, PlanError } from '../errors.js';
import { didYouMean } from '../io/headers.js';
import type { Day } from '../schema/calendar.js';
import type { Dataset, Needs } from './dataset.js';

export interface TimeRequest {
  /** First and last day counted (default: up to --as-of). */
  from?: Day;
  to?: Day;
  /** The period in weeks for FTE figures (default: weeks with entries). */
  weeks?: number;
  whatIf?: WhatIf;
}

export function timeNeeds(): Needs {
  return {};
}

export async function runTime(ds: Dataset, request: TimeRequest): Promise<TimeAnalysis> {
  const file = ds.require('activities').label;
  const classes = activityClassMap(ds.config.activityClasses);
  const tally = await ds.activityTally({ from: request.from, to: request.to });
  if (request.whatIf) refuseBadWhatIf(checkWhatIf(tally, request.whatIf, classes), activitiesIn(tally));
  const reps = ds.has('reps') ? await ds.reps() : undefined;
  const analysis = analyseTime(tally, {
    classes,
    hoursPerWeek: ds.config.hoursPerWeek,
    weeks: request.weeks,
    whatIf: request.whatIf,
    supportHourlyCost: ds.config.supportHourlyCost,
    reps,
    callsPerDay: ds.config.callsPerDay,
  });
  warn(ds, file, analysis, tally.weekMismatch, [...classes.keys()]);
  if (ds.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: problems found (--strict turns warnings into errors)`);
  return analysis;
}

function refuseBadWhatIf(issues: ReturnType<typeof checkWhatIf>, present: string[]): void {
  const first = issues[0];
  if (!first) return;
  const hint = first.problem === 'absent' ? didYouMean(first.activity, present) : undefined;
  const known = first.problem === 'absent' && !hint ? ` (activities in the period: ${present.join(', ') || 'none'})` : '';
  throw new PlanError('usage', `${first.flag}: ${first.message}${hint ? `; did you mean "${hint}"?` : known}`);
}

function warn(ds: Dataset, file: string, analysis: TimeAnalysis, weekMismatch: readonly number[], known: string[]): void {
  for (const u of analysis.unknown) {
    const hint = didYouMean(u.activity, known);
    ds.problems.add({
      severity: 'warning',
      file,
      line: u.line,
      code: 'W_UNKNOWN_ACTIVITY',
      message:
        `unknown activity "${u.activity}": ${grouped(u.hours)} h by ${u.reps} rep${u.reps === 1 ? '' : 's'} counted as unknown, not selling` +
        `${hint ? `; did you mean "${hint}"?` : ''} (map it with activityClasses in the config)`,
    });
  }
  for (const line of weekMismatch) {
    ds.problems.add({
      severity: 'warning',
      file,
      line,
      code: 'W_WEEK_MISMATCH',
      message: 'the date is not in the week given on the same row; the date is used',
    });
  }
}
