/**
 * Cost of one order by channel. The `article` preset is the rule of thumb of
 * DOMAIN.md idea 3: field : phone : e-mail = 100 : 1 : 0.01 (web as e-mail),
 * relative, so it needs a scale: by default a field order costs 250 in the
 * configured currency (docs/channel-costs.md), or whatever `--unit-cost
 * field=...` says. `benchmark` gives absolute costs per order.
 */
import { CHANNELS, type Channel } from '../schema/channel-list.js';
import type { Config } from '../schema/config.js';

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
    // Absolute costs per order (US dollar figures, used as they are in the configured currency):
    // a B2B field visit ~300; an order taken by phone and keyed by hand ~30 (APQC median manual
    // order, $26-34); an e-mailed order re-keyed without the call ~20 (APQC top-quartile manual,
    // $19-22); a web/EDI/portal order ~4 (digital self-service under $5, EDI $3-4).
    // Sources and the assumptions behind each figure: docs/channel-costs.md.
    costs: { field: 300, phone: 30, email: 20, web: 4 },
    description: 'absolute costs per order from published sales-cost studies (field 300, phone 30, e-mail 20, web 4)',
  },
};

/** The currency cost of a field order that scales the relative preset when nothing else does. */
export const DEFAULT_FIELD_ORDER_COST = 250;

export interface ChannelCosts {
  preset: 'article' | 'benchmark';
  /** The preset's rule (its ratio or its published figures). */
  description: string;
  costs: Record<Channel, number>;
  /** What scaled a relative preset: one channel's cost (--unit-cost, config unitCost) or, by default, a field order's. */
  scale: { channel: Channel; cost: number; byDefault: boolean } | null;
  /** Channels whose cost was set outright (--channel-cost, config costs). Views word all this as the basis. */
  outright: { channel: Channel; cost: number }[];
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
  const scaleBy = CHANNELS.find((c) => unitCost[c] !== undefined);
  const scaled: ChannelCosts['scale'] = scaleBy
    ? { channel: scaleBy, cost: unitCost[scaleBy] as number, byDefault: false }
    : preset.relative
      ? { channel: 'field', cost: DEFAULT_FIELD_ORDER_COST, byDefault: true }
      : null;
  const scale = scaled ? scaled.cost / preset.costs[scaled.channel] : 1;
  const costs = Object.fromEntries(CHANNELS.map((c) => [c, outright[c] ?? preset.costs[c] * scale])) as Record<Channel, number>;
  const set = CHANNELS.filter((c) => outright[c] !== undefined).map((c) => ({ channel: c, cost: outright[c] as number }));
  return { preset: settings.preset, description: preset.description, costs, scale: scaled, outright: set };
}

/**
 * Names CRMs and ERPs give the ordering channels, beyond our own four
 * (BAD_INPUTS.md case 49). Keys are compared after `channelKey`, so
 * `E-Mail`, `e_mail` and `email` are one name. Config
 * `channelCosts.synonyms` adds names and overrides these.
 */
export const DEFAULT_CHANNEL_SYNONYMS: Readonly<Record<string, Channel>> = {
  visit: 'field',
  rep: 'field',
  'sales rep': 'field',
  'field sales': 'field',
  'outside sales': 'field',
  'face to face': 'field',
  'in person': 'field',
  telephone: 'phone',
  tel: 'phone',
  call: 'phone',
  'phone call': 'phone',
  'inside sales': 'phone',
  telesales: 'phone',
  'e-mail': 'email',
  mail: 'email',
  edi: 'web',
  portal: 'web',
  online: 'web',
  webshop: 'web',
  'web shop': 'web',
  shop: 'web',
  'e-commerce': 'web',
  ecommerce: 'web',
  website: 'web',
  internet: 'web',
  app: 'web',
};

/** Channel names compare case-insensitively, ignoring spaces, dots, hyphens and underscores. */
export function channelKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._-]+/g, '');
}

/**
 * Channel of a label as written in orders.csv: our own four names, the
 * default synonyms, then config synonyms (which win); undefined when none fits.
 */
export function createChannelResolver(synonyms: Readonly<Record<string, Channel>> = {}): (label: string) => Channel | undefined {
  const byKey = new Map<string, Channel>();
  for (const [name, channel] of Object.entries(DEFAULT_CHANNEL_SYNONYMS)) byKey.set(channelKey(name), channel);
  for (const [name, channel] of Object.entries(synonyms)) byKey.set(channelKey(name), channel);
  for (const channel of CHANNELS) byKey.set(channel, channel);
  return (label) => byKey.get(channelKey(label));
}
