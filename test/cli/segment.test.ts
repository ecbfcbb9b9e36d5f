import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_AS_OF, runCli } from '../helpers/cli.js';

describe('plan segment (CLI)', () => {
  it('ranks the demo segments with the planted under-served ones on top', async () => {
    const r = await runCli(['segment', '--data', DEMO, '--as-of', DEMO_AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const top3 = data.segments.slice(0, 3).map((s: { segment: string }) => s.segment);
    expect(top3).toEqual(expect.arrayContaining(['Healthcare / South / large', 'Logistics / East / medium']));
    for (const s of data.segments.slice(0, 3)) expect(s.penetration).toBeLessThan(0.01);
  });
});
