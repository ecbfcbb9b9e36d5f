/**
 * customers.csv's passed-through columns in an account listing (plan segment
 * --accounts, plan contact --accounts): one rule for every listing. Each keeps
 * its own header name as its column key (CSV header, `--columns`), unless that
 * name reads as a column the listing already writes (as headers match: case,
 * space, `-` and `_` alike, SPEC section 1); then it is `customers.NAME`.
 * JSON keeps them under `extra` by their own names.
 */
import type { Column } from '../render/document.js';
import { normalizeHeader } from '../schema/header-names.js';

export interface PassedThrough {
  columns: Column[];
  /** The passed-through column's own name, by column key (undefined for the listing's own columns). */
  nameOf(key: string): string | undefined;
}

export function passedThrough(names: readonly string[], own: readonly Column[]): PassedThrough {
  const ours = new Set(own.map((c) => normalizeHeader(c.key)));
  // Names that read as none of ours are kept first, so a prefixed name never takes one the file has.
  const taken = new Set([...ours, ...names.map(normalizeHeader).filter((n) => !ours.has(n))]);
  const byKey = new Map<string, string>();
  for (const name of names) {
    let key = name;
    if (ours.has(normalizeHeader(name))) {
      key = `customers.${name}`;
      while (taken.has(normalizeHeader(key))) key = `customers.${key}`;
      taken.add(normalizeHeader(key));
    }
    byKey.set(key, name);
  }
  return {
    columns: [...byKey.keys()].map((key): Column => ({ key, label: key, type: 'text', detail: true })),
    nameOf: (key) => byKey.get(key),
  };
}
