/**
 * The commands as plan --help lists them, in workflow order. A command's
 * module (help, options, parse, run: its analyses and views) is loaded only
 * when it is named, so `plan --version`, `plan --help` and `plan cost` load
 * nothing of the other commands (docs/benchmarks.md, startup).
 */
import type { CommandEntry } from '../command.js';

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'segment',
    summary: 'rank segments and accounts by buying potential not yet won (headroom)',
    load: async () => (await import('./segment.js')).segmentCommand,
  },
  {
    name: 'products',
    summary: "rank products by headroom; each account's next best product",
    load: async () => (await import('./products.js')).productsCommand,
  },
  {
    name: 'cost',
    readsInRanges: true,
    summary: 'cost to serve by ordering channel, per customer, segment or tier, with what-if channel shifts',
    load: async () => (await import('./cost.js')).costCommand,
  },
  {
    name: 'contact',
    readsInRanges: true,
    summary: 'who has gone without contact: overdue accounts, post-sale silence, renewals at risk',
    load: async () => (await import('./contact.js')).contactCommand,
  },
  {
    name: 'focus',
    readsInRanges: true,
    summary: 'are reps chasing the easy orders? effort against potential and where revenue came from, per rep',
    load: async () => (await import('./focus.js')).focusCommand,
  },
  {
    name: 'schedule',
    readsInRanges: true,
    summary: "each rep's weekly call list: 60% planned by priority, 40% left free",
    load: async () => (await import('./schedule.js')).scheduleCommand,
  },
  {
    name: 'time',
    summary: 'direct selling share per rep and team, and what reassigning chores would free',
    load: async () => (await import('./time.js')).timeCommand,
  },
  {
    name: 'report',
    readsInRanges: true,
    summary: 'run every analysis the data allows and write one report folder',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'validate',
    summary: 'check every input file and the references between them',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'demo',
    summary: 'write a realistic, deterministic sample data folder',
    arguments: '<dir>',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'init',
    summary: 'write a commented config and header-only CSV templates',
    arguments: '<dir>',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'completion',
    summary: 'print a bash or zsh completion script for plan',
    arguments: '<shell>',
    load: async () => (await import('./completion.js')).completionCommand,
  },
];
