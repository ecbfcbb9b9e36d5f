import type { CommandSpec } from '../command.js';
import { completionCommand } from './completion.js';
import { contactCommand } from './contact.js';
import { costCommand } from './cost.js';
import { demoCommand } from './demo.js';
import { focusCommand } from './focus.js';
import { initCommand } from './init.js';
import { productsCommand } from './products.js';
import { reportCommand } from './report.js';
import { scheduleCommand } from './schedule.js';
import { segmentCommand } from './segment.js';
import { timeCommand } from './time.js';
import { validateCommand } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: each command has its own option type
export const COMMANDS: CommandSpec<any>[] = [
  segmentCommand,
  productsCommand,
  costCommand,
  contactCommand,
  focusCommand,
  scheduleCommand,
  timeCommand,
  reportCommand,
  validateCommand,
  demoCommand,
  initCommand,
  completionCommand,
];
