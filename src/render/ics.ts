/**
 * One iCalendar file (RFC 5545) of timed events, through ical-generator,
 * loaded only when a command writes `--format ics`. Times are wall-clock
 * times in one IANA time zone (config `timezone`), written as
 * DTSTART;TZID=... with that zone's VTIMEZONE; DTSTAMP is a fixed day
 * (the as-of day, 00:00 UTC), and UIDs and SEQUENCE come from the caller,
 * so the same input gives the same bytes.
 */
import { PlanError } from '../errors.js';
import { type Day, dayParts } from '../schema/calendar.js';

export interface CalendarEvent {
  /** Stable id: the same event on every run. */
  uid: string;
  date: Day;
  /** Minutes after midnight, local time in the calendar's time zone. */
  start: number;
  minutes: number;
  summary: string;
  description: string;
  location: string;
}

export interface CalendarSpec {
  name: string;
  /** IANA time zone of every event. */
  timezone: string;
  /** DTSTAMP of every event: this day at 00:00:00Z. */
  stamp: Day;
  /** SEQUENCE of every event (RFC 5545 3.8.7.4): larger in a later revision, so a moved event replaces the one imported before. */
  sequence: number;
  events: CalendarEvent[];
}

export type IcsRenderer = (spec: CalendarSpec) => string;

const MS_PER_DAY = 86_400_000;

export interface IcsOptions {
  /** Fold the whole calendar with ical-generator's own foldLines (slow on big calendars; for tests). */
  libraryFolding?: boolean;
}

/**
 * Loads ical-generator and the VTIMEZONE data and checks the time zone, so a
 * bad `timezone` fails before any input is read. Returns a synchronous renderer.
 */
export async function loadIcsRenderer(timezone: string, configLabel: string, options: IcsOptions = {}): Promise<IcsRenderer> {
  const [{ ICalCalendar, ICalEvent }, zones] = await Promise.all([import('ical-generator'), import('@touch4it/ical-timezones')]);
  const vtimezone = (tz: string) => zones.getVtimezoneComponent(tz);
  if (!vtimezone(timezone)) {
    throw new PlanError(
      'data',
      `${configLabel}: timezone "${timezone}" is not a time zone known for calendar output (use an IANA name such as Europe/Berlin)`,
    );
  }
  return (spec) => {
    // name null: DTSTAMP stays in UTC (RFC 5545 3.8.7.2) while events carry TZID and the VTIMEZONE is written.
    const calendar = new ICalCalendar({ name: spec.name, prodId: { company: 'plan', product: 'schedule', language: 'EN' } });
    calendar.timezone({ name: null, generator: vtimezone });
    const stamp = new Date(spec.stamp * MS_PER_DAY);
    const data = (e: CalendarEvent) => ({
      id: e.uid,
      sequence: spec.sequence,
      stamp,
      start: wallClock(e.date, e.start),
      end: wallClock(e.date, e.start + e.minutes),
      timezone: spec.timezone,
      summary: e.summary,
      description: e.description,
      location: e.location || null,
    });
    const [first, ...rest] = spec.events;
    if (options.libraryFolding || first === undefined) {
      for (const e of spec.events) calendar.createEvent(data(e));
      return withDefaultZone(`${calendar.toString()}\r\n`, spec.timezone);
    }
    // ical-generator folds the finished calendar with a TextEncoder per character (minutes for 100,000
    // events). The calendar with its first event gives the head and tail; every other event is written
    // by ical-generator on its own and folded here by the same rule, line by line: the same bytes.
    calendar.createEvent(data(first));
    const whole = calendar.toString();
    const last = '\r\nEND:VEVENT\r\n';
    const end = whole.lastIndexOf(last);
    if (end < 0) throw new Error('ical-generator wrote no VEVENT');
    const parts = [whole.slice(0, end + last.length)];
    for (const e of rest) parts.push(foldLines(new ICalEvent(data(e), calendar).toString()));
    parts.push(whole.slice(end + last.length), '\r\n');
    return withDefaultZone(parts.join(''), spec.timezone);
  };
}

/**
 * X-WR-TIMEZONE (the calendar's default zone for Apple and Google calendars) among the calendar's
 * properties, before its first component: RFC 5545 3.4 puts calendar properties before components,
 * where ical-generator's `x()` writes them after the events.
 */
function withDefaultZone(text: string, timezone: string): string {
  const component = text.indexOf('\r\nBEGIN:');
  const at = (component >= 0 ? component : text.lastIndexOf('\r\nEND:VCALENDAR')) + 2;
  return `${text.slice(0, at)}X-WR-TIMEZONE:${timezone}\r\n${text.slice(at)}`;
}

/**
 * RFC 5545 3.1 line folding as ical-generator does it: a line is broken
 * before the character that would take it past 74 octets of UTF-8, the
 * continuation starting with one space.
 */
export function foldLines(text: string): string {
  const lines = text.split('\r\n');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l] as string;
    if (line.length <= 24) continue; // at most 3 octets a UTF-16 unit: 72 octets
    let out = '';
    let from = 0;
    let octets = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      let size = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      let width = 1;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
        size = 4;
        width = 2;
      }
      octets += size;
      if (octets > 74) {
        out += `${line.slice(from, i)}\r\n `;
        from = i;
        octets = size;
      }
      i += width - 1;
    }
    lines[l] = out + line.slice(from);
  }
  return lines.join('\r\n');
}

/**
 * A Date whose local fields are the wanted wall-clock time: with a TZID,
 * ical-generator writes a Date's local year..seconds as they are (its
 * documented contract), so the process time zone cancels out. Slots lie
 * between 09:00 and 17:00, where no time zone has a daylight-saving gap.
 */
function wallClock(day: Day, minutes: number): Date {
  const p = dayParts(day);
  return new Date(p.year, p.month - 1, p.day, 0, minutes, 0, 0);
}
