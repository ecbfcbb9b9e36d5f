/**
 * Cost of one order by channel. The `article` preset is the rule of thumb of
 * DOMAIN.md idea 3: field : phone : e-mail = 100 : 1 : 0.01 (web as e-mail),
 * relative, so it needs a scale: by default a field order costs 250 in the
 * configured currency (docs/channel-costs.md), or whatever `--unit-cost
 * field=...` says. `benchmark` gives absolute costs per order.
 */
import { CHANNELS, type Channel, type Config } from '../schema/config.js';

export interface ChannelPreset {
  relative: boolean;
  costs: Record<Channel, number>;
  description: string;
}

export const CHANNEL_PRESETS: Record<'article' | 'benchmark', ChannelPreset> = {
  article: {
    relative: true,
    costs: { field: 100, phone: 1, email: 0.01, web: 0.01 },
    description: 'relative 100 : 1 : 0.01 (field : phone : e-mail; web as e-mail)',
  },
  benchmark: {
    relative: false,
    // Absolute costs per order; figures and sources in docs/channel-costs.md.
    costs: { field: 300, phone: 30, email: 3, web: 1 },
    description: 'absolute costs per order from published sales-cost studies',
  },
};

/** The currency cost of a field order that scales the relative preset when nothing else does. */
export const DEFAULT_FIELD_ORDER_COST = 250;

export interface ChannelCosts {
  preset: 'article' | 'benchmark';
  costs: Record<Channel, number>;
  /** How the figures were set, for the report header. */
  basis: string;
}

export function resolveChannelCosts(
  settings: Config['channelCosts'],
  overrides: {
    unitCost?: Partial<Record<Channel, number>>;
    costs?: Partial<Record<Channel, number>>;
  } = {},
): ChannelCosts {
  const preset = CHANNEL_PRESETS[settings.preset];
  const unitCost = { ...settings.unitCost, ...overrides.unitCost };
  const outright = { ...settings.costs, ...overrides.costs };
  let scale = 1;
  let basis = `${settings.preset}: ${preset.description}`;
  const scaleBy = CHANNELS.find((c) => unitCost[c] !== undefined);
  if (scaleBy) {
    scale = (unitCost[scaleBy] as number) / preset.costs[scaleBy];
    basis += `, scaled so that a ${scaleBy} order costs ${unitCost[scaleBy]}`;
  } else if (preset.relative) {
    scale = DEFAULT_FIELD_ORDER_COST / preset.costs.field;
    basis += `, scaled so that a field order costs ${DEFAULT_FIELD_ORDER_COST} (default; set --unit-cost)`;
  }
  const costs = Object.fromEntries(CHANNELS.map((c) => [c, outright[c] ?? preset.costs[c] * scale])) as Record<Channel, number>;
  const set = CHANNELS.filter((c) => outright[c] !== undefined);
  if (set.length > 0) basis += `; set outright: ${set.map((c) => `${c} ${outright[c]}`).join(', ')}`;
  return { preset: settings.preset, costs, basis };
}
