/**
 * Text where it meets a terminal (control characters escaped: escape.ts):
 * display widths (CJK and emoji count double), and cutting text to
 * a width at a word boundary with an ellipsis. Every function reads a text
 * once and at most about `width` characters of it when cutting, so a
 * 500,000-character name costs what its first screenful does.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** Code units segmented at a time: V8's segmenter slows down with the length of the text it walks. */
const CHUNK = 1024;
/** Marks that join the character before them: combining marks, joiners, variation selectors, low surrogates. */
const JOINING: readonly [number, number][] = [
  [0x0300, 0x036f],
  [0x0483, 0x0489],
  [0x0591, 0x05bd],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x200c, 0x200d],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xdc00, 0xdfff],
];
const joinsBefore = (code: number) => JOINING.some(([lo, hi]) => code >= lo && code <= hi);

/** Where a chunk may end near `at`: before a character that cannot join the one before it. */
function chunkEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  for (let p = at; p > at - 64 && p > 0; p--) {
    if (!joinsBefore(text.charCodeAt(p)) && text[p - 1] !== '\u200d' && text[p - 1] !== '\r') return p;
  }
  return at;
}

/** The text's grapheme clusters with their offsets, segmented a chunk at a time (linear in the text). */
function* graphemes(text: string): Generator<{ segment: string; index: number }> {
  for (let start = 0; start < text.length; ) {
    const end = chunkEnd(text, start + CHUNK);
    for (const { segment, index } of segmenter.segment(text.slice(start, end))) yield { segment, index: start + index };
    start = end;
  }
}

/**
 * Text in which every character is a cluster of its own, one or two columns
 * wide: no combining marks, joiners, variation selectors, controls, Hangul
 * jamo or characters beyond the BMP (emoji). Most names, in any script.
 */
const SIMPLE = /^[^\p{M}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cs}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{10000}-\u{10ffff}]*$/u;

const charWidth = (code: number) => (code < 0x7f ? 1 : eastAsianWidth(code));

/** The clusters of a text with their offsets and widths: character by character when it is SIMPLE, else as the segmenter finds them. */
function* cells(text: string): Generator<{ segment: string; index: number; width: number }> {
  if (SIMPLE.test(text)) {
    for (let i = 0; i < text.length; i++) yield { segment: text[i] as string, index: i, width: charWidth(text.charCodeAt(i)) };
    return;
  }
  for (const { segment, index } of graphemes(text)) {
    yield { segment, index, width: segment.length === 1 && segment < '\u007f' ? 1 : stringWidth(segment) };
  }
}

/** Display width in terminal columns. */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (SIMPLE.test(text)) {
    let width = 0;
    for (let i = 0; i < text.length; i++) width += charWidth(text.charCodeAt(i));
    return width;
  }
  if (text.length <= CHUNK) return stringWidth(text);
  let width = 0;
  for (let start = 0; start < text.length; ) {
    const end = chunkEnd(text, start + CHUNK);
    width += stringWidth(text.slice(start, end));
    start = end;
  }
  return width;
}

/** The longest start of `text` at most `width` columns wide, and whether anything was left out. */
export function fitWidth(text: string, width: number): { text: string; width: number; cut: boolean } {
  const max = Math.max(0, width);
  // Most cells are plain ASCII: one character, one column.
  const head = text.length > max ? text.slice(0, max + 1) : text;
  if (PRINTABLE_ASCII.test(head)) {
    return text.length > max ? { text: text.slice(0, max), width: max, cut: true } : { text, width: text.length, cut: false };
  }
  // Read no more than the width could show (a grapheme is rarely over 16 code units).
  const limit = (max + 2) * 16;
  const sample = text.length > limit ? text.slice(0, limit) : text;
  let used = 0;
  for (const { index, width: w } of cells(sample)) {
    if (used + w > max) return { text: text.slice(0, index), width: used, cut: true };
    used += w;
  }
  return { text: sample, width: used, cut: sample !== text };
}

const ELLIPSIS = '…';

/**
 * `text` within `width` columns: whole when it fits, else cut at the last
 * word boundary in its second half (else mid-word) with an ellipsis.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const whole = fitWidth(text, width);
  if (!whole.cut) return text;
  if (width === 1) return ELLIPSIS;
  const room = fitWidth(whole.text, width - 1).text;
  const space = room.lastIndexOf(' ');
  const head = space >= room.length / 2 ? room.slice(0, space) : room;
  return `${head.replace(/[\s,;:/·-]+$/u, '')}${ELLIPSIS}`;
}

/** Pads `text` with spaces to `width` columns, on the right (or the left with `right`). */
export function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Greedy word wrap to `width` columns (prose: notes, figures, messages); a
 * word longer than a line is broken where the line ends.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(' ')) {
    let rest = word;
    let w = textWidth(rest);
    if (used > 0 && used + 1 + w <= width) {
      line += ` ${rest}`;
      used += 1 + w;
      continue;
    }
    if (used > 0) lines.push(line);
    if (w > width) {
      // A word wider than a line: broken where each line ends, in one pass.
      let piece = '';
      let pieceWidth = 0;
      for (const { segment, width: g } of cells(rest)) {
        if (pieceWidth + g > width && pieceWidth > 0) {
          lines.push(piece);
          piece = '';
          pieceWidth = 0;
        }
        piece += segment;
        pieceWidth += g;
      }
      rest = piece;
      w = pieceWidth;
    }
    line = rest;
    used = w;
  }
  if (used > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Lines of a message fitted to a terminal `width`: a longer line wraps at
 * words, its continuation lines indented by two spaces so each message still
 * reads as one. Lines that fit are left as they are.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (textWidth(line) <= width) return line;
      const [first = '', ...rest] = wrapText(line, width);
      return rest.length === 0 ? first : [first, ...wrapText(rest.join(' '), Math.max(1, width - 2)).map((l) => `  ${l}`)].join('\n');
    })
    .join('\n');
}
