/**
 * The POSIX shell grammar DockScope understands, parsed into a small tree:
 * the page's own shell (bash on the learner's machine) and the `sh` inside a
 * container both read their lines with it, and only differ in how they word
 * an error and which commands they have.
 *
 *   script    := and-or ((';' | '&' | newline) and-or)*
 *   and-or    := pipeline (('&&' | '||') newline* pipeline)*
 *   pipeline  := ['!'] command ('|' command)*
 *   command   := (NAME=word | redirect)* word (word | redirect)*
 *   redirect  := [fd] ('>' | '>>' | '<' | '>&' | '<&') word | [fd] ('<<' | '<<-') delimiter
 *   here-doc  := the lines after the command's line, up to one equal to the delimiter
 *   word      := text, 'quoted', "double $x ${x} $(cmd) `cmd`", \c, $x, ${x}, $?, $$, $(cmd)
 *
 * Compound commands (`if`, `for`, `while`, `case`, `( … )`, `{ …; }`,
 * functions) and arithmetic `$(( ))` parse as `unsupported`: the caller says
 * DockScope does not simulate them, instead of misreading them.
 *
 * @example parseScript(`X=1; echo "$X" > /tmp/x && cat /tmp/x`).ok === true
 */

export type Part =
  /** Literal text; `quoted` text is never split into fields. */
  | { kind: 'text'; text: string; quoted: boolean }
  /** `$name`, `${name}`, `$?`, `$$`, `$#`, `$0`… */
  | { kind: 'param'; name: string; quoted: boolean }
  /** `$(script)` or `` `script` ``: replaced by the script's output. */
  | { kind: 'command'; script: Script; quoted: boolean };

export interface Word {
  parts: Part[];
}

/** `<<`: a here-document; its target is the document's text (expanded unless the delimiter was quoted). */
export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '<<';

export interface Redirect {
  /** The file descriptor redirected (1 for `>`, 0 for `<` unless written: `2>`). */
  fd: number;
  op: RedirectOp;
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  assigns: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negated: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  /** Ended by `&`: run in the background. */
  background: boolean;
}

export type Script = AndOr[];

export type SyntaxProblem =
  /** A token where none may stand: `&& x`, `echo >`, `;;`. `newline` at the end of a line. */
  | { kind: 'token'; token: string }
  /** The input ended inside something: a quote, `$(`, or after `&&`/`|`. */
  | { kind: 'eof'; inside?: '"' | "'" | '`' | ')' | '}' }
  /** Valid shell that DockScope does not simulate (`if`, `for`, subshells…). */
  | { kind: 'unsupported'; what: string };

export type ParseResult =
  | {
      ok: true;
      script: Script;
      /** bash's parse-time warnings, without the `bash: warning: ` prefix (a here-document ended by the end of input). */
      warnings: string[];
    }
  | { ok: false; problem: SyntaxProblem };

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'select',
  '{',
  '}',
  '[[',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BLANK = ' \t\r';
/** Characters that end an unquoted word. */
const META = ' \t\r\n;&|<>()';

class Fail extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super('syntax');
  }
}

/** Parse a whole command line (or an `sh -c` script). */
export function parseScript(text: string): ParseResult {
  const p = new Parser(text);
  try {
    const script = p.script(false);
    return { ok: true, script, warnings: p.warnings };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, problem: e.problem };
    throw e;
  }
}

/**
 * Whether an interactive bash would read another line before running `text`:
 * a here-document whose delimiter line has not come yet (bash prompts with PS2, `> `).
 */
export function awaitsHereDocument(text: string): boolean {
  const parsed = parseScript(text);
  return parsed.ok && parsed.warnings.some((w) => w.startsWith('here-document'));
}

/** Whether a word is a plain literal (no quotes, no expansion) equal to `text`. */
export function isLiteral(word: Word, text: string): boolean {
  return word.parts.length === 1 && word.parts[0]!.kind === 'text' && !word.parts[0]!.quoted
    ? word.parts[0]!.text === text
    : false;
}

class Parser {
  private pos = 0;
  readonly warnings: string[] = [];
  /** Not readonly: a here-document's lines are cut out of it once read (bash reads them at the next newline). */
  constructor(private src: string) {}

  /** Lists up to the end of input, or up to the `)` closing a `$(`. */
  script(nested: boolean): Script {
    const list: Script = [];
    for (;;) {
      this.skipBlanksAndNewlines();
      if (this.atEnd()) {
        if (nested) throw new Fail({ kind: 'eof', inside: ')' });
        return list;
      }
      if (nested && this.peek() === ')') {
        this.pos++;
        return list;
      }
      const item = this.andOr();
      list.push(item);
      this.skipBlanks();
      const op = this.operator();
      if (op === undefined) {
        if (this.atEnd() || (nested && this.peek() === ')')) continue;
        throw new Fail({ kind: 'token', token: this.tokenHere() });
      }
      if (op === '&') item.background = true;
      else if (op !== ';' && op !== '\n') throw new Fail({ kind: 'token', token: op });
      this.pos += op.length;
    }
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      const op = this.operator();
      if (op !== '&&' && op !== '||') return { first, rest, background: false };
      this.pos += 2;
      this.skipBlanksAndNewlines();
      if (this.atEnd()) throw new Fail({ kind: 'eof' });
      rest.push({ op, pipeline: this.pipeline() });
    }
  }

  private pipeline(): Pipeline {
    this.skipBlanks();
    let negated = false;
    if (this.peek() === '!' && BLANK.includes(this.src[this.pos + 1] ?? ' ')) {
      negated = true;
      this.pos++;
    }
    const commands = [this.command()];
    for (;;) {
      this.skipBlanks();
      if (this.operator() !== '|') return { negated, commands };
      this.pos++;
      this.skipBlanksAndNewlines();
      if (this.atEnd()) throw new Fail({ kind: 'eof' });
      commands.push(this.command());
    }
  }

  private command(): SimpleCommand {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      this.skipBlanks();
      if (this.atEnd()) break;
      const ch = this.peek();
      if (ch === '#' && this.atWordStart()) {
        this.skipComment();
        break;
      }
      const redirect = this.redirectOp();
      if (redirect) {
        this.pos += redirect.length;
        this.skipBlanks();
        const start = this.pos;
        const target = this.atEnd() ? undefined : this.word();
        if (!target) {
          throw new Fail({ kind: 'token', token: this.atEnd() ? 'newline' : this.tokenHere() });
        }
        if (redirect.op === '<<') {
          const raw = this.src.slice(start, this.pos);
          const body = this.hereDocument(raw, redirect.strip, start);
          cmd.redirects.push({ fd: redirect.fd, op: '<<', target: body });
          continue;
        }
        cmd.redirects.push({ fd: redirect.fd, op: redirect.op, target });
        continue;
      }
      if (ch === '(') {
        if (cmd.words.length === 0 && cmd.assigns.length === 0)
          throw new Fail({ kind: 'unsupported', what: 'subshells `( … )`' });
        throw new Fail({ kind: 'token', token: ch });
      }
      // `)` ends a `$(…)`; anywhere else the caller reports it.
      if (META.includes(ch)) break;
      const word = this.word()!;
      if (cmd.words.length === 0) {
        const assign = asAssignment(word);
        if (assign) {
          cmd.assigns.push(assign);
          continue;
        }
        const first = word.parts.length === 1 && word.parts[0]!;
        if (first && first.kind === 'text' && !first.quoted && RESERVED.has(first.text)) {
          throw new Fail({ kind: 'unsupported', what: `\`${first.text}\`` });
        }
      }
      if (
        cmd.words.length === 0 &&
        this.peek() === '(' &&
        this.src[this.pos + 1] === ')' &&
        word.parts.length === 1
      ) {
        throw new Fail({ kind: 'unsupported', what: 'functions' });
      }
      cmd.words.push(word);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      throw new Fail(this.atEnd() ? { kind: 'eof' } : { kind: 'token', token: this.tokenHere() });
    }
    return cmd;
  }

  /** One word, with its quotes and expansions; undefined when none starts here. */
  private word(): Word | undefined {
    const parts: Part[] = [];
    const text = (t: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.kind === 'text' && last.quoted === quoted) last.text += t;
      else parts.push({ kind: 'text', text: t, quoted });
    };
    const start = this.pos;
    while (!this.atEnd()) {
      const ch = this.peek();
      if (META.includes(ch)) break;
      if (ch === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new Fail({ kind: 'eof', inside: "'" });
        text(this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (ch === '"') {
        this.pos++;
        this.doubleQuoted(parts, text);
      } else if (ch === '\\') {
        const next = this.src[this.pos + 1];
        this.pos += 2;
        // A backslash before a newline joins the lines; at the very end it stays.
        if (next === undefined) text('\\', false);
        else if (next !== '\n') text(next, true);
      } else if (ch === '$') {
        this.dollar(parts, false, text);
      } else if (ch === '`') {
        parts.push({ kind: 'command', script: this.backquoted(), quoted: false });
      } else {
        text(ch, false);
        this.pos++;
      }
    }
    return this.pos === start ? undefined : { parts };
  }

  private doubleQuoted(parts: Part[], text: (t: string, quoted: boolean) => void): void {
    // "" is an empty field of its own, not nothing.
    text('', true);
    for (;;) {
      if (this.atEnd()) throw new Fail({ kind: 'eof', inside: '"' });
      const ch = this.peek();
      if (ch === '"') {
        this.pos++;
        return;
      }
      this.expandingChar(parts, text, '"\\$`\n');
    }
  }

  /**
   * One character where `$` and backquotes expand and a backslash escapes only the
   * characters in `escapable` (inside double quotes, and in an unquoted here-document).
   */
  private expandingChar(
    parts: Part[],
    text: (t: string, quoted: boolean) => void,
    escapable: string,
  ): void {
    const ch = this.peek();
    if (ch === '\\' && escapable.includes(this.src[this.pos + 1] ?? '')) {
      const next = this.src[this.pos + 1]!;
      if (next !== '\n') text(next, true);
      this.pos += 2;
    } else if (ch === '$') {
      this.dollar(parts, true, text);
    } else if (ch === '`') {
      parts.push({ kind: 'command', script: this.backquoted(), quoted: true });
    } else {
      text(ch, true);
      this.pos++;
    }
  }

  private dollar(parts: Part[], quoted: boolean, text: (t: string, q: boolean) => void): void {
    const next = this.src[this.pos + 1] ?? '';
    if (next === '(') {
      if (this.src[this.pos + 2] === '(')
        throw new Fail({ kind: 'unsupported', what: 'arithmetic `$(( ))`' });
      this.pos += 2;
      parts.push({ kind: 'command', script: this.script(true), quoted });
      return;
    }
    if (next === '{') {
      const end = this.src.indexOf('}', this.pos + 2);
      if (end < 0) throw new Fail({ kind: 'eof', inside: '}' });
      const name = this.src.slice(this.pos + 2, end);
      if (!NAME.test(name) && !/^(\d+|[?$#!@*-])$/.test(name))
        throw new Fail({ kind: 'unsupported', what: `\`\${${name}}\`` });
      parts.push({ kind: 'param', name, quoted });
      this.pos = end + 1;
      return;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1))?.[0];
    if (name) {
      parts.push({ kind: 'param', name, quoted });
      this.pos += 1 + name.length;
    } else if (/^[0-9?$#!@*-]$/.test(next)) {
      parts.push({ kind: 'param', name: next, quoted });
      this.pos += 2;
    } else {
      // A lone `$` is just a dollar sign.
      text('$', quoted);
      this.pos++;
    }
  }

  private backquoted(): Script {
    let inner = '';
    let i = this.pos + 1;
    for (;;) {
      const ch = this.src[i];
      if (ch === undefined) throw new Fail({ kind: 'eof', inside: '`' });
      if (ch === '`') break;
      if (ch === '\\' && '$`\\'.includes(this.src[i + 1] ?? '')) {
        inner += this.src[i + 1];
        i += 2;
        continue;
      }
      inner += ch;
      i++;
    }
    this.pos = i + 1;
    const parsed = parseScript(inner);
    if (!parsed.ok) throw new Fail(parsed.problem);
    return parsed.script;
  }

  private redirectOp(): { op: RedirectOp; fd: number; length: number; strip: boolean } | undefined {
    const m = /^(\d?)(<<<|<<-|<<|>>|>&|<&|>|<)/.exec(this.src.slice(this.pos, this.pos + 4));
    if (!m) return undefined;
    // `2>` only when the digit starts the word: `a2>x` is the word `a2` redirected.
    if (m[1] && !this.atWordStart()) return undefined;
    if (m[2] === '<<<') throw new Fail({ kind: 'unsupported', what: 'here-strings `<<<`' });
    const here = m[2] === '<<' || m[2] === '<<-';
    const op = (here ? '<<' : m[2]) as RedirectOp;
    const fd = m[1] ? Number(m[1]) : op.startsWith('<') ? 0 : 1;
    return { op, fd, length: m[0].length, strip: m[2] === '<<-' };
  }

  /**
   * A here-document: the lines after the current line up to one that is the
   * delimiter (`<<-` strips leading tabs first), cut out of the input so the
   * parser goes on after them. A quoted delimiter (`'EOF'`, `"EOF"`, `\EOF`)
   * keeps the text as typed; otherwise `$x`, `$(…)` and `\$` are expanded, as
   * in double quotes. Input that ends first ends the document, with bash's
   * warning (bash, make_here_document).
   */
  private hereDocument(raw: string, strip: boolean, start: number): Word {
    const quoted = /['"\\]/.test(raw);
    const delimiter = raw.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
    const newline = this.src.indexOf('\n', this.pos);
    if (newline < 0) {
      this.warnings.push(this.eofWarning(start, delimiter));
      return { parts: [] };
    }
    let at = newline + 1;
    let body = '';
    let closed = false;
    while (at < this.src.length) {
      const end = this.src.indexOf('\n', at);
      let line = this.src.slice(at, end < 0 ? this.src.length : end);
      at = end < 0 ? this.src.length : end + 1;
      if (strip) line = line.replace(/^\t+/, '');
      if (line === delimiter) {
        closed = true;
        break;
      }
      body += `${line}\n`;
    }
    if (!closed) this.warnings.push(this.eofWarning(start, delimiter));
    this.src = this.src.slice(0, newline + 1) + this.src.slice(at);
    if (quoted) return { parts: [{ kind: 'text', text: body, quoted: true }] };
    return new Parser(body).hereText();
  }

  private eofWarning(start: number, delimiter: string): string {
    const line = this.src.slice(0, start).split('\n').length;
    return `here-document at line ${line} delimited by end-of-file (wanted \`${delimiter}')`;
  }

  /** An unquoted here-document's text: expansions as in double quotes, but `"` is an ordinary character. */
  private hereText(): Word {
    const parts: Part[] = [];
    const text = (t: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.kind === 'text' && last.quoted === quoted) last.text += t;
      else parts.push({ kind: 'text', text: t, quoted });
    };
    text('', true);
    while (!this.atEnd()) this.expandingChar(parts, text, '\\$`\n');
    return { parts };
  }

  private operator(): string | undefined {
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two === '&&' || two === '||' || two === ';;') return two;
    const one = this.peek();
    return one === ';' || one === '&' || one === '|' || one === '\n' ? one : undefined;
  }

  /** The token at the cursor, as bash names it in `syntax error near unexpected token`. */
  private tokenHere(): string {
    const op = this.operator();
    if (op === '\n') return 'newline';
    if (op) return op;
    const redirect = /^(\d?)(>>|>&|<&|>|<)/.exec(this.src.slice(this.pos));
    if (redirect) return redirect[2]!;
    return this.peek();
  }

  private atWordStart(): boolean {
    return this.pos === 0 || META.includes(this.src[this.pos - 1]!);
  }

  private skipComment(): void {
    while (!this.atEnd() && this.peek() !== '\n') this.pos++;
  }

  private skipBlanks(): void {
    while (!this.atEnd() && BLANK.includes(this.peek())) this.pos++;
    if (this.peek() === '#' && this.atWordStart()) this.skipComment();
  }

  private skipBlanksAndNewlines(): void {
    for (;;) {
      this.skipBlanks();
      if (this.peek() !== '\n') return;
      this.pos++;
    }
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }
}

function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'text' || first.quoted) return undefined;
  const eq = first.text.indexOf('=');
  if (eq <= 0 || !NAME.test(first.text.slice(0, eq))) return undefined;
  const rest = first.text.slice(eq + 1);
  const value: Part[] = rest ? [{ kind: 'text', text: rest, quoted: false }] : [];
  return { name: first.text.slice(0, eq), value: { parts: [...value, ...word.parts.slice(1)] } };
}
