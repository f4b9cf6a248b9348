/**
 * @module Python literals in TypeScript: write JSON-like values as Python source, and read the
 * literal constants of original unit files (`SPEC = {...}`, `CHILDREN_DECLARATIONS = [UnitDecl(...)]`).
 *
 * Reading is deliberately small: strings, numbers, True/False/None, lists, tuples, dicts and
 * keyword-only calls. Anything else (`F.silu`, `2 ** 10`) is kept as source, `{"__expr__": src}`,
 * the same convention the design format uses for non-literal defaults.
 */

/** A parsed keyword call such as `UnitDecl(unitname="X", inputs=['X'])`. */
export interface PythonCall {
  __call__: string;
  kwargs: Record<string, unknown>;
}

/** Writes a value as Python source; `{"__expr__": src}` is written as `src`. */
export function toPython(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? "float('inf')" : value < 0 ? "float('-inf')" : "float('nan')";
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(toPython).join(', ')}]`;
  const record = value as Record<string, unknown>;
  if (typeof record.__expr__ === 'string' && Object.keys(record).length === 1) return record.__expr__;
  return `{${Object.entries(record).map(([key, item]) => `${pythonString(key)}: ${toPython(item)}`).join(', ')}}`;
}

/** A single-quoted Python string literal; escapes what Python's repr escapes and keeps other Unicode. */
export function pythonString(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/**
 * The value assigned at top level to `name` (a line starting `name =`), or undefined when the
 * file has no such assignment.
 */
export function readTopLevelConstant(source: string, name: string): unknown {
  const match = new RegExp(`^${name}\\s*=(?!=)`, 'm').exec(source);
  if (!match) return undefined;
  return new LiteralReader(source, match.index + match[0].length).readValue(0);
}

/** Parses one Python literal expression (the whole text). */
export function parsePythonLiteral(source: string): unknown {
  return new LiteralReader(source, 0).readValue(1);
}

const CLOSERS = new Set([',', ')', ']', '}', ':']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

class LiteralReader {
  #source: string;
  #position: number;

  constructor(source: string, position: number) {
    this.#source = source;
    this.#position = position;
  }

  /**
   * Reads a literal; falls back to the raw source up to the next closer when it is not one.
   * At bracket depth 0 a newline ends the expression, as it ends a Python statement.
   */
  readValue(depth: number): unknown {
    this.#skipSpace(depth > 0);
    const start = this.#position;
    const value = this.#tryLiteral(depth > 0);
    this.#skipSpace(depth > 0);
    const next = this.#source[this.#position];
    if (value !== NOT_LITERAL && (next === undefined || next === '\n' || CLOSERS.has(next))) return value;
    this.#position = start;
    return { __expr__: this.#rawExpression() };
  }

  #tryLiteral(insideBrackets: boolean): unknown {
    const char = this.#source[this.#position];
    if (char === undefined) return NOT_LITERAL;
    if (char === '[') return this.#readSequence(']');
    if (char === '(') return this.#readSequence(')'); // a tuple reads as a list, as in JSON
    if (char === '{') return this.#readDict();
    if (/['"]/.test(char) || /^[rRbBuU]{1,2}['"]/.test(this.#source.slice(this.#position, this.#position + 3))) return this.#readStrings(insideBrackets);
    if (/[-+.\d]/.test(char)) return this.#readNumber();
    const word = /^[A-Za-z_]\w*/.exec(this.#source.slice(this.#position))?.[0];
    if (!word) return NOT_LITERAL;
    this.#position += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (this.#source[this.#position] === '(') return this.#readCall(word);
    return NOT_LITERAL;
  }

  #readSequence(closer: string): unknown[] | typeof NOT_LITERAL {
    this.#position += 1;
    const items: unknown[] = [];
    for (;;) {
      this.#skipSpace(true);
      if (this.#source[this.#position] === closer) break;
      items.push(this.readValue(1));
      this.#skipSpace(true);
      if (this.#source[this.#position] === ',') this.#position += 1;
      else if (this.#source[this.#position] !== closer) return NOT_LITERAL;
    }
    this.#position += 1;
    return items;
  }

  #readDict(): Record<string, unknown> | typeof NOT_LITERAL {
    this.#position += 1;
    const record: Record<string, unknown> = {};
    for (;;) {
      this.#skipSpace(true);
      if (this.#source[this.#position] === '}') break;
      const key = this.readValue(1);
      this.#skipSpace(true);
      if (typeof key !== 'string' || this.#source[this.#position] !== ':') return NOT_LITERAL;
      this.#position += 1;
      record[key] = this.readValue(1);
      this.#skipSpace(true);
      if (this.#source[this.#position] === ',') this.#position += 1;
      else if (this.#source[this.#position] !== '}') return NOT_LITERAL;
    }
    this.#position += 1;
    return record;
  }

  #readCall(callee: string): PythonCall | typeof NOT_LITERAL {
    this.#position += 1;
    const kwargs: Record<string, unknown> = {};
    for (;;) {
      this.#skipSpace(true);
      if (this.#source[this.#position] === ')') break;
      const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.#source.slice(this.#position));
      if (!keyword?.[1]) return NOT_LITERAL;
      this.#position += keyword[0].length;
      kwargs[keyword[1]] = this.readValue(1);
      this.#skipSpace(true);
      if (this.#source[this.#position] === ',') this.#position += 1;
      else if (this.#source[this.#position] !== ')') return NOT_LITERAL;
    }
    this.#position += 1;
    return { __call__: callee, kwargs };
  }

  /** Adjacent string literals concatenate, as in Python. */
  #readStrings(insideBrackets: boolean): string | typeof NOT_LITERAL {
    let text = '';
    for (;;) {
      const prefix = /^([rRbBuU]{0,2})(['"])/.exec(this.#source.slice(this.#position));
      if (!prefix?.[2]) return text;
      const raw = /r/i.test(prefix[1] ?? '');
      const quote = this.#source.startsWith(prefix[2].repeat(3), this.#position + (prefix[1] ?? '').length) ? prefix[2].repeat(3) : prefix[2];
      this.#position += (prefix[1] ?? '').length + quote.length;
      const end = this.#findStringEnd(quote);
      if (end < 0) return NOT_LITERAL;
      const body = this.#source.slice(this.#position, end);
      text += raw ? body : body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, unescape);
      this.#position = end + quote.length;
      const after = this.#position;
      this.#skipSpace(insideBrackets);
      if (!/^[rRbBuU]{0,2}['"]/.test(this.#source.slice(this.#position))) {
        this.#position = after;
        return text;
      }
    }
  }

  #findStringEnd(quote: string): number {
    for (let index = this.#position; index < this.#source.length; index += 1) {
      if (this.#source[index] === '\\') index += 1; // a quote after a backslash never ends the string, even raw
      else if (this.#source.startsWith(quote, index)) return index;
      else if (quote.length === 1 && this.#source[index] === '\n') return -1;
    }
    return -1;
  }

  #readNumber(): number | typeof NOT_LITERAL {
    const match = /^[-+]?(0[xX][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?\.?)/.exec(this.#source.slice(this.#position));
    if (!match) return NOT_LITERAL;
    this.#position += match[0].length;
    const value = Number(match[0].replaceAll('_', ''));
    return Number.isNaN(value) ? NOT_LITERAL : value;
  }

  /** Source text up to the next closer at bracket depth 0 (strings and comments skipped). */
  #rawExpression(): string {
    const start = this.#position;
    let depth = 0;
    while (this.#position < this.#source.length) {
      const char = this.#source[this.#position] as string;
      if (depth === 0 && (CLOSERS.has(char) || char === '\n')) break;
      if ('([{'.includes(char)) depth += 1;
      else if (')]}'.includes(char)) depth -= 1;
      if (char === '"' || char === "'") {
        const quote = this.#source.startsWith(char.repeat(3), this.#position) ? char.repeat(3) : char;
        this.#position += quote.length;
        this.#position = this.#findStringEnd(quote) + quote.length;
        if (this.#position < quote.length) this.#position = this.#source.length;
        continue;
      }
      this.#position += 1;
    }
    return this.#source.slice(start, this.#position).trim();
  }

  /** Skips blanks, comments and line continuations; newlines only inside brackets. */
  #skipSpace(newlines: boolean): void {
    const blank = newlines ? /^(?:[ \t\r\n]|\\\n|#[^\n]*)+/ : /^(?:[ \t\r]|\\\n|#[^\n]*)+/;
    for (;;) {
      const rest = blank.exec(this.#source.slice(this.#position));
      if (!rest) return;
      this.#position += rest[0].length;
    }
  }
}

const NOT_LITERAL = Symbol('not a literal');

function unescape(_match: string, escape: string): string {
  if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
  return ESCAPES[escape] ?? `\\${escape}`;
}
