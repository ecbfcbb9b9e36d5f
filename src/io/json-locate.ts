/**
 * Where things are in a JSON text, for messages about a config file: the
 * line and column of a syntax error (JSON.parse names at most an offset),
 * and of the key at a path ("tiers.a"). A small recursive-descent scanner
 * over JSON's grammar; the value itself still comes from JSON.parse.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxProblem extends TextPosition {
  message: string;
}

/** Line and column (1-based, in characters) of an offset. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Walks the JSON text; calls `onKey(path, offset)` for every object key. Throws Stop at the first error. */
function scan(text: string, onKey: (path: string[], offset: number) => void): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expect = (what: string): never => {
    throw new Stop(i, `expected ${what}, found ${describe(i)}`);
  };
  const string = () => {
    if (text[i] !== '"') expect('a "quoted" string');
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) as number) < 0x20) throw new Stop(i, 'a line break or control character inside a "string"');
      i++;
    }
    if (i >= text.length) throw new Stop(start, 'a "string" that is never closed');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string[]): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        const at = i;
        const key = string();
        onKey([...path, key], at);
        space();
        if (text[i] !== ':') expect(`":" after "${key}"`);
        i++;
        value([...path, key]);
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === '}') throw new Stop(i, 'a "," before "}" (JSON allows no trailing comma)');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        expect('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value([...path, String(n)]);
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === ']') throw new Stop(i, 'a "," before "]" (JSON allows no trailing comma)');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        expect('"," or "]"');
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) expect('a value (a "string", a number, true, false, null, { or [)');
    i += (literal as RegExpExecArray)[0].length;
  };
  value([]);
  space();
  if (i < text.length) expect('the end of the file');
}

/** The first syntax error of a JSON text, located; undefined when it is valid. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    scan(text, () => {});
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...positionOf(text, error.offset), message: error.message };
  }
}

/** Where the key at `path` is written (the first time), or undefined. */
export function locateKey(text: string, path: readonly (string | number)[]): TextPosition | undefined {
  const want = path.map(String).join('\u0000');
  let found: number | undefined;
  try {
    scan(text, (p, offset) => {
      if (found === undefined && p.join('\u0000') === want) found = offset;
    });
  } catch {
    // a syntax error after the key does not matter here
  }
  return found === undefined ? undefined : positionOf(text, found);
}
