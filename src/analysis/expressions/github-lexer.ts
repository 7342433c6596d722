/**
 * Lexer for the GitHub Actions `${{ }}` expression language.
 *
 * Produces a flat token list with 0-based UTF-16 offsets into the text that was
 * passed in. Lexing errors are reported as {@link ExprSyntaxError} values (never
 * thrown to callers of the public API; the parser converts them).
 */

export type PunctText = '(' | ')' | '[' | ']' | '.' | ',' | '*' | '!' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type Token =
  | { kind: 'punct'; text: PunctText; start: number; end: number }
  | { kind: 'number'; text: string; value: number; start: number; end: number }
  | { kind: 'string'; text: string; value: string; start: number; end: number }
  | { kind: 'keyword'; text: 'true' | 'false' | 'null'; value: boolean | null; start: number; end: number }
  | { kind: 'ident'; text: string; start: number; end: number }
  | { kind: 'eof'; text: ''; start: number; end: number };

/** A syntax error with the 0-based offset where the problem is. */
export class ExprSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExprSyntaxError';
    this.offset = offset;
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const PROPERTY_NAME = /[A-Za-z0-9_-]+/y;
const NUMBER = /-?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;
const NUMBER_TAIL = /[A-Za-z0-9_.]/;
const WHITESPACE = /\s/;

/** Describes a token for use in error messages. */
export function describeToken(tok: Token): string {
  switch (tok.kind) {
    case 'eof':
      return 'end of expression';
    case 'ident':
      return `identifier '${tok.text}'`;
    case 'number':
      return `number ${tok.text}`;
    case 'string':
      return `string ${truncate(tok.text)}`;
    case 'keyword':
      return `'${tok.text}'`;
    case 'punct':
      return `'${tok.text}'`;
  }
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}

/** True when the token can end an operand (so a following `.` is a dereference). */
function endsOperand(tok: Token | undefined): boolean {
  if (!tok) return false;
  switch (tok.kind) {
    case 'ident':
    case 'number':
    case 'string':
    case 'keyword':
      return true;
    case 'punct':
      return tok.text === ')' || tok.text === ']' || tok.text === '*';
    default:
      return false;
  }
}

function parseNumberText(text: string): number {
  let negative = false;
  let body = text;
  if (body.startsWith('-')) {
    negative = true;
    body = body.slice(1);
  }
  let value: number;
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8);
  else value = Number(body);
  return negative ? -value : value;
}

/**
 * Tokenises `text`. Throws {@link ExprSyntaxError} on invalid input.
 * The returned list always ends with an `eof` token.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;

  const last = (): Token | undefined => tokens[tokens.length - 1];

  while (i < n) {
    const ch = text[i] as string;

    if (WHITESPACE.test(ch)) {
      i++;
      continue;
    }

    const prev = last();

    // After a '.', the next word is a property name (may start with a digit,
    // may be a keyword such as `true`), or `*`.
    if (prev && prev.kind === 'punct' && prev.text === '.' && ch !== '*') {
      PROPERTY_NAME.lastIndex = i;
      const m = PROPERTY_NAME.exec(text);
      if (m) {
        tokens.push({ kind: 'ident', text: m[0], start: i, end: i + m[0].length });
        i += m[0].length;
        continue;
      }
      // fall through: the parser reports "expected a property name"
    }

    // String literal.
    if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i] as string;
        if (c === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) throw new ExprSyntaxError('Unterminated string literal (missing closing single quote)', start);
      tokens.push({ kind: 'string', text: text.slice(start, i), value, start, end: i });
      continue;
    }

    if (ch === '"') {
      throw new ExprSyntaxError("Double-quoted strings are not supported in GitHub expressions; use single quotes ('...')", i);
    }

    // Number literal (also `-Infinity`).
    const next = text[i + 1];
    const startsNumber =
      (ch >= '0' && ch <= '9') ||
      (ch === '.' && next !== undefined && next >= '0' && next <= '9' && !endsOperand(prev)) ||
      (ch === '-' && next !== undefined && ((next >= '0' && next <= '9') || next === '.'));
    if (startsNumber) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m) {
        const end = i + m[0].length;
        const after = text[end];
        if (after !== undefined && NUMBER_TAIL.test(after)) {
          let j = end;
          while (j < n && /[A-Za-z0-9_.+-]/.test(text[j] as string)) j++;
          throw new ExprSyntaxError(`Invalid number literal '${truncate(text.slice(i, j))}'`, i);
        }
        tokens.push({ kind: 'number', text: m[0], value: parseNumberText(m[0]), start: i, end });
        i = end;
        continue;
      }
    }
    if (ch === '-' && text.startsWith('-Infinity', i) && !IDENT_PART.test(text[i + 9] ?? ' ')) {
      tokens.push({ kind: 'number', text: '-Infinity', value: Number.NEGATIVE_INFINITY, start: i, end: i + 9 });
      i += 9;
      continue;
    }

    // Identifier / keyword.
    if (IDENT_START.test(ch)) {
      const start = i;
      i++;
      while (i < n && IDENT_PART.test(text[i] as string)) i++;
      const word = text.slice(start, i);
      if (word === 'true' || word === 'false') {
        tokens.push({ kind: 'keyword', text: word, value: word === 'true', start, end: i });
      } else if (word === 'null') {
        tokens.push({ kind: 'keyword', text: word, value: null, start, end: i });
      } else if (word === 'NaN') {
        tokens.push({ kind: 'number', text: word, value: Number.NaN, start, end: i });
      } else if (word === 'Infinity') {
        tokens.push({ kind: 'number', text: word, value: Number.POSITIVE_INFINITY, start, end: i });
      } else {
        tokens.push({ kind: 'ident', text: word, start, end: i });
      }
      continue;
    }

    // Operators and punctuation.
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      if (text[i + 2] === '=') {
        throw new ExprSyntaxError(`'${two}=' is not a valid operator; use '${two}' (comparison is always loose)`, i);
      }
      tokens.push({ kind: 'punct', text: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (two === '<=' || two === '>=' || two === '&&' || two === '||') {
      tokens.push({ kind: 'punct', text: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    switch (ch) {
      case '(':
      case ')':
      case '[':
      case ']':
      case '.':
      case ',':
      case '*':
      case '!':
      case '<':
      case '>':
        tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
        i++;
        continue;
      case '=':
        throw new ExprSyntaxError("Unexpected '='; use '==' to compare values (there is no assignment)", i);
      case '&':
        throw new ExprSyntaxError("Unexpected '&'; use '&&' for logical and", i);
      case '|':
        throw new ExprSyntaxError("Unexpected '|'; use '||' for logical or", i);
      case '-':
      case '+':
      case '/':
      case '%':
        throw new ExprSyntaxError(`Unexpected '${ch}'; GitHub expressions have no arithmetic operators`, i);
      case '{':
      case '}':
        throw new ExprSyntaxError(`Unexpected '${ch}'`, i);
      default:
        throw new ExprSyntaxError(`Unexpected character ${describeChar(ch)}`, i);
    }
  }

  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return tokens;
}
