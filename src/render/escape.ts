/**
 * Control characters shown escaped where text meets a terminal (a name
 * holding "clear screen" or an OSC 52 clipboard write is printed, never
 * obeyed); apart from display widths (terminal.ts), so that every message
 * is escaped without loading them.
 */

/**
 * C0 controls, DEL, C1 controls (CSI, OSC, ...), and the bidirectional
 * overrides and isolates that reorder what follows them ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, sparing the line breaks and tabs of multi-line text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One line of a cell or label: every control character as an escape (`\n`, `\x1b`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** Messages and whole outputs: line breaks and tabs kept, any other control character escaped. */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escapeOne);
}
