/**
 * What to do about values the config does not know yet, worded once: the
 * commands that meet them (cost's channels, the contact fold's touch types)
 * and `plan validate` say the same.
 */
import { CHANNELS } from '../schema/channel-list.js';

export const HINTS = {
  channels: `map them to ${CHANNELS.join(', ')} in plan.config.json "channelCosts": { "synonyms": { ... } }`,
  touchTypes: 'classify them in plan.config.json "touchTypes"',
} as const;
