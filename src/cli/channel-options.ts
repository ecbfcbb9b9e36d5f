import { PlanError } from '../errors.js';
import { CHANNELS, type Channel } from '../schema/config.js';

/** `--unit-cost field=250` (repeatable) -> { field: 250 }. */
export function parseUnitCosts(values: readonly string[]): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const value of values) {
    const m = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)$/i.exec(value.trim());
    const channel = m?.[1]?.toLowerCase() as Channel | undefined;
    if (!m || !channel || !CHANNELS.includes(channel) || Number(m[2]) <= 0) {
      throw new PlanError(
        'usage',
        `--unit-cost takes channel=cost with a channel of ${CHANNELS.join(', ')} and a cost above 0 (not "${value}")`,
      );
    }
    out[channel] = Number(m[2]);
  }
  return out;
}
