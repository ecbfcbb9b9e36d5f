/**
 * The ordering channels (config.ts validates against them). Apart from the
 * config's schema so that a worker thread folding orders (core/cost.ts) does
 * not load zod: about 0.14 s of its start.
 */
export const CHANNELS = ['field', 'phone', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
