/**
 * Go's text/template, the part `docker … --format` uses, with docker/cli's
 * functions (templates/templates.go at v28.2.2: json, split, join, title,
 * lower, upper, pad, truncate) and Go's builtins (and, or, not, len, index,
 * slice, print, printf, println, eq, ne, lt, le, gt, ge).
 *
 * Why our own: the JS packages that call themselves Go templates either only
 * substitute `{{.Field}}` (@ctrl/golang-template: no range, no functions, no
 * Go error messages) or ship minified without a repository
 * (@mdfriday/text-template, whose documented API does not run). The CLI's
 * words matter here: learners see `template: :1:2: executing "" at <.Foo>:
 * can't evaluate field Foo in type *formatter.ContainerContext` and should
 * read the real message.
 *
 * Data are plain JS values standing for Go values. Go knows each value's
 * type; JS does not, so the caller says which objects are structs and which
 * are maps (see {@link ExecOptions}): a struct's missing field is an error, a
 * map's missing key prints `<no value>` (or, with `missingkey=error`, fails).
 *
 * Simplified: printing a struct (`{{.State}}`) shows the fields the JSON has,
 * in its order; Go also prints the fields JSON omits (omitempty). `define`,
 * `template`, `block`, `break` and `continue` are refused at parse time with
 * a line that says they are not simulated.
 */

/** A template that failed to parse: the message as Go's text/template words it. */
export class TemplateParseError extends Error {}
/** A template that failed while it ran: `template: :1:2: executing "" at <.Foo>: …`. */
export class TemplateExecError extends Error {
  /** What the template had written before it failed (the CLI's streaming writers keep it). */
  partial = '';
}

export interface ExecOptions {
  /** The template's name: `""` for most commands, `"version"` for `docker version`. */
  name?: string;
  /** Go type of the dot, for "can't evaluate field X in type T" (`*formatter.ContainerContext`). */
  rootType?: string;
  /** Go types of structs reached through a field of this name (`Client` → `system.clientVersion`). */
  fieldTypes?: Readonly<Record<string, string>>;
  /** Field names whose value is a Go map (`Labels`, `Networks`): a missing key is not an error. */
  mapFields?: ReadonlySet<string>;
  /** Every object is a map (`map[string]interface {}`), as after docker/cli's raw-JSON fallback. */
  allMaps?: boolean;
  /** `missingkey=error`: a map's missing key fails instead of printing `<no value>`. */
  missingKeyError?: boolean;
  /** Table headers: docker/cli's HeaderFunctions turn json/split/join/title/lower/upper/truncate into the identity. */
  headerFunctions?: boolean;
}

/** Parse a template once, run it on many rows. */
export interface Template {
  source: string;
  name: string;
  root: Node[];
}

// ---------------------------------------------------------------- lexing

type TokKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof'
  | 'error';

interface Token {
  kind: TokKind;
  val: string;
  pos: number;
  line: number;
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => /[\p{L}\p{Nd}_]/u.test(c);

/** Go's text/template/parse lexer, run to the end: the tokens, or the first error token. */
function lex(src: string): Token[] {
  const toks: Token[] = [];
  let pos = 0;
  // Line numbers by binary search over the newlines: a long typed template stays linear.
  const newlines: number[] = [];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (p: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const emit = (kind: TokKind, start: number, end: number) => {
    toks.push({ kind, val: src.slice(start, end), pos: start, line: lineAt(start) });
  };
  const fail = (msg: string, at: number) => {
    toks.push({ kind: 'error', val: msg, pos: at, line: lineAt(at) });
  };
  // A trim marker is "{{- " or " -}}": the dash with a blank beside it.
  const trimLeftAt = (p: number) => src[p + 2] === '-' && isSpace(src[p + 3] ?? '');
  const rightDelimAt = (p: number): { len: number; trim: boolean } | undefined => {
    if (isSpace(src[p] ?? '') && src[p + 1] === '-' && src.startsWith('}}', p + 2))
      return { len: 4, trim: true };
    if (src.startsWith('}}', p)) return { len: 2, trim: false };
    return undefined;
  };
  let trimNextText = false;
  while (pos <= src.length) {
    // Text up to the next "{{".
    const open = src.indexOf('{{', pos);
    const textEnd = open === -1 ? src.length : open;
    let start = pos;
    if (trimNextText) while (start < textEnd && isSpace(src[start]!)) start++;
    let cut = textEnd;
    if (open !== -1 && trimLeftAt(open)) while (cut > start && isSpace(src[cut - 1]!)) cut--;
    if (cut > start) emit('text', start, cut);
    if (open === -1) break;
    pos = open + (trimLeftAt(open) ? 4 : 2);
    // A comment: "{{/*" … "*/}}", nothing else in the action.
    if (src.startsWith('/*', pos)) {
      const endC = src.indexOf('*/', pos + 2);
      if (endC === -1) {
        fail('unclosed comment', open);
        return toks;
      }
      const rd = rightDelimAt(endC + 2);
      if (!rd) {
        fail('comment ends before closing delimiter', open);
        return toks;
      }
      trimNextText = rd.trim;
      pos = endC + 2 + rd.len;
      continue;
    }
    emit('leftDelim', open, open + 2);
    let parens = 0;
    for (;;) {
      const rd = rightDelimAt(pos);
      if (rd && parens === 0) {
        emit('rightDelim', pos, pos + rd.len);
        trimNextText = rd.trim;
        pos += rd.len;
        break;
      }
      if (pos >= src.length) {
        fail('unclosed action', pos);
        return toks;
      }
      const c = src[pos]!;
      if (rd && parens > 0) {
        fail('unclosed left paren', pos);
        return toks;
      }
      if (isSpace(c)) {
        const s = pos;
        while (pos < src.length && isSpace(src[pos]!) && !rightDelimAt(pos)?.trim) pos++;
        emit('space', s, pos);
      } else if (c === '=') {
        emit('assign', pos, ++pos);
      } else if (c === ':') {
        if (src[pos + 1] !== '=') {
          fail('expected :=', pos);
          return toks;
        }
        emit('declare', pos, (pos += 2));
      } else if (c === '|') emit('pipe', pos, ++pos);
      else if (c === ',') emit('comma', pos, ++pos);
      else if (c === '"') {
        const s = pos++;
        while (pos < src.length && src[pos] !== '"') {
          if (src[pos] === '\\') pos++;
          if (src[pos] === '\n') {
            fail('unterminated quoted string', s);
            return toks;
          }
          pos++;
        }
        if (pos >= src.length) {
          fail('unterminated quoted string', s);
          return toks;
        }
        emit('string', s, ++pos);
      } else if (c === '`') {
        const e = src.indexOf('`', pos + 1);
        if (e === -1) {
          fail('unterminated raw quoted string', pos);
          return toks;
        }
        emit('rawString', pos, e + 1);
        pos = e + 1;
      } else if (c === "'") {
        const s = pos++;
        while (pos < src.length && src[pos] !== "'") {
          if (src[pos] === '\\') pos++;
          pos++;
        }
        emit('char', s, ++pos);
      } else if (c === '$') {
        const s = pos++;
        while (pos < src.length && isAlnum(src[pos]!)) pos++;
        emit('variable', s, pos);
      } else if (c === '.' && !/[0-9]/.test(src[pos + 1] ?? '')) {
        const s = pos++;
        if (pos < src.length && isAlnum(src[pos]!)) {
          while (pos < src.length && isAlnum(src[pos]!)) pos++;
          emit('field', s, pos);
        } else emit('dot', s, pos);
      } else if (/[0-9+\-.]/.test(c)) {
        const s = pos;
        if (c === '+' || c === '-') pos++;
        while (pos < src.length && /[0-9a-fA-FxXoObB_.eEpP+-]/.test(src[pos]!)) {
          // A sign belongs to the number only right after an exponent letter.
          if ((src[pos] === '+' || src[pos] === '-') && !/[eEpP]/.test(src[pos - 1]!)) break;
          pos++;
        }
        if (pos < src.length && isAlnum(src[pos]!)) {
          fail(`bad number syntax: "${src.slice(s, pos + 1)}"`, s);
          return toks;
        }
        emit('number', s, pos);
      } else if (isAlnum(c)) {
        const s = pos;
        while (pos < src.length && isAlnum(src[pos]!)) pos++;
        const word = src.slice(s, pos);
        emit(
          KEYWORDS.has(word)
            ? 'keyword'
            : word === 'true' || word === 'false'
              ? 'bool'
              : word === 'nil'
                ? 'nil'
                : 'identifier',
          s,
          pos,
        );
        // A field chain right after an identifier (`(x).Y` is handled by the parser).
      } else if (c === '(') {
        parens++;
        emit('leftParen', pos, ++pos);
      } else if (c === ')') {
        parens--;
        if (parens < 0) {
          fail('unexpected right paren', pos);
          return toks;
        }
        emit('rightParen', pos, ++pos);
      } else {
        fail(`unrecognized character in action: ${goQuoteRune(c)}`, pos);
        return toks;
      }
    }
  }
  toks.push({ kind: 'eof', val: '', pos: src.length, line: lineAt(src.length) });
  return toks;
}

function goQuoteRune(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

// ---------------------------------------------------------------- parsing

type Arg =
  | { t: 'field'; pos: number; ident: string[] }
  | { t: 'dot'; pos: number }
  | { t: 'var'; pos: number; ident: string[] }
  | { t: 'ident'; pos: number; name: string }
  | { t: 'string'; pos: number; quoted: string; text: string }
  | { t: 'number'; pos: number; text: string; value: number }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'nil'; pos: number }
  | { t: 'pipe'; pos: number; pipe: Pipe }
  | { t: 'chain'; pos: number; node: Arg; field: string[] };

interface Cmd {
  pos: number;
  args: Arg[];
}

interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Cmd[];
}

type Node = { t: 'text'; text: string } | { t: 'action'; pos: number; pipe: Pipe } | ControlNode;

interface ControlNode {
  t: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

/** The functions a template may name: Go's builtins and docker/cli's. */
const FUNCTION_NAMES = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'html',
  'js',
  'urlquery',
  'call',
  'json',
  'split',
  'join',
  'title',
  'lower',
  'upper',
  'pad',
  'truncate',
]);

class Parser {
  private i = 0;
  private vars: string[][] = [['$']];

  constructor(
    private readonly toks: Token[],
    private readonly name: string,
  ) {}

  private fail(msg: string, tok: Token = this.peek()): never {
    throw new TemplateParseError(`template: ${this.name}:${tok.line}: ${msg}`);
  }

  private peek(): Token {
    const t = this.toks[this.i]!;
    if (t.kind === 'error') this.fail(t.val, t);
    return t;
  }
  private next(): Token {
    const t = this.toks[this.i]!;
    if (t.kind === 'error') this.fail(t.val, t);
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }

  parse(): Node[] {
    const { list, end } = this.itemList(true);
    if (end) this.fail(`unexpected ${end}`);
    return list;
  }

  /** Nodes up to `{{end}}`/`{{else}}` (returned as `end`) or EOF (top level only). */
  private itemList(top: boolean): { list: Node[]; end?: string; endTok?: Token } {
    const list: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'error') this.fail(t.val, t);
      if (t.kind === 'eof') {
        if (!top) this.fail('unexpected EOF', t);
        return { list };
      }
      if (t.kind === 'text') {
        this.next();
        list.push({ t: 'text', text: t.val });
        continue;
      }
      // leftDelim
      this.next();
      const kw = this.peekNonSpace();
      if (kw.kind === 'keyword' && (kw.val === 'end' || kw.val === 'else')) {
        this.nextNonSpace();
        if (kw.val === 'end') {
          this.expectRight('end');
          return { list, end: '{{end}}', endTok: kw };
        }
        return { list, end: '{{else}}', endTok: kw };
      }
      list.push(this.action());
    }
  }

  private expectRight(context: string) {
    const t = this.nextNonSpace();
    if (t.kind !== 'rightDelim') this.fail(`unexpected ${describe(t)} in ${context}`, t);
  }

  private action(): Node {
    const t = this.peekNonSpace();
    if (t.kind === 'keyword') {
      this.nextNonSpace();
      switch (t.val) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.val, t);
        default:
          this.fail(`{{${t.val}}} is not simulated in DockScope's templates`, t);
      }
    }
    return { t: 'action', pos: t.pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(kind: 'if' | 'with' | 'range', tok: Token): Node {
    this.vars.push([]);
    const pipe = this.pipeline(kind, 'rightDelim');
    const body = this.itemList(false);
    let elseList: Node[] | undefined;
    if (body.end === '{{else}}') {
      // `{{else if …}}` / `{{else with …}}`: a nested control in the else branch.
      const nxt = this.peekNonSpace();
      if ((kind === 'if' || kind === 'with') && nxt.kind === 'keyword' && nxt.val === kind) {
        this.nextNonSpace();
        elseList = [this.control(kind, nxt)];
      } else {
        this.expectRight('else');
        const e = this.itemList(false);
        if (e.end !== '{{end}}') this.fail(`expected end; found ${e.end}`, e.endTok);
        elseList = e.list;
      }
    }
    this.vars.pop();
    return { t: kind, pos: tok.pos, pipe, list: body.list, elseList };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): Pipe {
    const start = this.peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // Declarations: `$x :=`, `$i, $v :=`, `$x =`.
    const save = this.i;
    const v = this.nextNonSpace();
    if (v.kind === 'variable') {
      const after = this.nextNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign') {
        pipe.decl.push(v.val);
        pipe.isAssign = after.kind === 'assign';
        if (!pipe.isAssign) this.vars[this.vars.length - 1]!.push(v.val);
        else if (!this.known(v.val)) this.fail(`undefined variable "${v.val}"`, v);
      } else if (after.kind === 'comma' && context === 'range') {
        const v2 = this.nextNonSpace();
        const decl = this.nextNonSpace();
        if (v2.kind !== 'variable' || (decl.kind !== 'declare' && decl.kind !== 'assign'))
          this.fail('range can only initialize variables', v2);
        pipe.decl.push(v.val, v2.val);
        this.vars[this.vars.length - 1]!.push(v.val, v2.val);
      } else this.i = save;
    } else this.i = save;
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === end) {
        this.nextNonSpace();
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, t);
        return pipe;
      }
      if (t.kind === 'eof' || t.kind === 'rightDelim' || t.kind === 'rightParen') {
        if (t.kind === 'eof') this.fail('unclosed action', t);
        this.fail(`unexpected ${describe(t)} in ${context === 'command' ? 'operand' : context}`, t);
      }
      pipe.cmds.push(this.command(end));
    }
  }

  private command(end: 'rightDelim' | 'rightParen'): Cmd {
    const first = this.peekNonSpace();
    const cmd: Cmd = { pos: first.pos, args: [] };
    for (;;) {
      this.skipSpace();
      const t = this.peek();
      if (t.kind === end || t.kind === 'eof' || t.kind === 'rightDelim' || t.kind === 'rightParen')
        break;
      if (t.kind === 'pipe') {
        this.next();
        if (cmd.args.length === 0) this.fail('missing command', t);
        return cmd;
      }
      const op = this.operand();
      if (!op) this.fail(`unexpected ${describe(t)} in operand`, t);
      cmd.args.push(op);
      const after = this.peek();
      if (
        after.kind !== 'space' &&
        after.kind !== 'pipe' &&
        after.kind !== end &&
        after.kind !== 'rightDelim' &&
        after.kind !== 'rightParen' &&
        after.kind !== 'eof'
      )
        this.fail(`unexpected ${describe(after)} in operand`, after);
    }
    if (cmd.args.length === 0) this.fail('empty command', first);
    return cmd;
  }

  private skipSpace() {
    while (this.peek().kind === 'space') this.next();
  }

  private known(v: string) {
    return this.vars.some((scope) => scope.includes(v));
  }

  private operand(): Arg | undefined {
    const t = this.next();
    let node: Arg;
    switch (t.kind) {
      case 'field':
        node = { t: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
        break;
      case 'dot':
        node = { t: 'dot', pos: t.pos };
        break;
      case 'variable':
        if (!this.known(t.val)) this.fail(`undefined variable "${t.val}"`, t);
        node = { t: 'var', pos: t.pos, ident: [t.val] };
        break;
      case 'identifier':
        if (!FUNCTION_NAMES.has(t.val)) this.fail(`function "${t.val}" not defined`, t);
        node = { t: 'ident', pos: t.pos, name: t.val };
        break;
      case 'string':
        node = { t: 'string', pos: t.pos, quoted: t.val, text: unquoteGo(t.val) };
        break;
      case 'rawString':
        node = { t: 'string', pos: t.pos, quoted: t.val, text: t.val.slice(1, -1) };
        break;
      case 'char': {
        const ch = unquoteGo(`"${t.val.slice(1, -1)}"`);
        node = { t: 'number', pos: t.pos, text: t.val, value: ch.codePointAt(0) ?? 0 };
        break;
      }
      case 'number': {
        const value = parseGoNumber(t.val);
        if (value === undefined) this.fail(`illegal number syntax: "${t.val}"`, t);
        node = { t: 'number', pos: t.pos, text: t.val, value };
        break;
      }
      case 'bool':
        node = { t: 'bool', pos: t.pos, value: t.val === 'true' };
        break;
      case 'nil':
        node = { t: 'nil', pos: t.pos };
        break;
      case 'leftParen':
        node = {
          t: 'pipe',
          pos: t.pos,
          pipe: this.pipeline('parenthesized pipeline', 'rightParen'),
        };
        break;
      default:
        this.i--;
        return undefined;
    }
    // A field chain after an operand: `$x.A.B`, `(index .M "k").Name`.
    // Go gives the whole chain the position of its second part (parse.Tree.operand).
    const chain: string[] = [];
    const chainPos = this.peek().pos;
    while (this.peek().kind === 'field') chain.push(...this.next().val.slice(1).split('.'));
    if (chain.length === 0) return node;
    if (node.t === 'var') return { ...node, pos: chainPos, ident: [...node.ident, ...chain] };
    if (node.t === 'field') return { ...node, pos: chainPos, ident: [...node.ident, ...chain] };
    if (node.t === 'dot') this.fail(`unexpected . after term "."`);
    return { t: 'chain', pos: chainPos, node, field: chain };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'rightDelim':
      return '"}}"';
    case 'rightParen':
      return '")"';
    case 'eof':
      return 'EOF';
    default:
      return `<${t.val}>`;
  }
}

function unquoteGo(q: string): string {
  try {
    return JSON.parse(q.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")) as string;
  } catch {
    return q.slice(1, -1);
  }
}

function parseGoNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^[+-]?0[oO][0-7]+$/.test(t)) return parseInt(t.replace(/0[oO]/, ''), 8);
  if (/^[+-]?0[bB][01]+$/.test(t)) return parseInt(t.replace(/0[bB]/, ''), 2);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

/** Parse a template as docker/cli's templates.Parse does (its functions known). */
export function parseTemplate(source: string, name = ''): Template {
  const root = new Parser(lex(source), name).parse();
  return { source, name, root };
}

// ---------------------------------------------------------------- values

/** Go's invalid reflect.Value: a map's missing key; prints `<no value>`. */
const NO_VALUE = Symbol('no value');

/** A value and what Go would know about it: is this object a struct or a map, and its type. */
interface Val {
  v: unknown;
  /** For objects: a map (missing key → `<no value>`) or a struct (missing field → error). */
  map?: boolean;
  /** Go's type name, for messages. */
  type?: string;
  /** For slices of structs: the elements' Go type (`types.ComponentVersion`). */
  elem?: string;
}

const OMITTED = Symbol('omitted');

/** A struct field the JSON left out (`omitempty`): nil to the template, absent from `json`. */
export interface Omitted {
  readonly [OMITTED]: string;
}

/** A Go field that is there though the JSON omitted it; `print` is how fmt shows its zero value (`<nil>`, `[]`, `map[]`). */
export function omittedField(print: string): Omitted {
  return { [OMITTED]: print };
}

const isOmitted = (v: unknown): v is Omitted =>
  typeof v === 'object' && v !== null && Object.hasOwn(v, OMITTED);

/** A function value on a row: docker/cli's methods that take arguments (`{{.Label "a"}}`). */
export type GoMethod = (...args: string[]) => string;

/** Go's name for the type of a JS value standing for a Go value. */
function goTypeOf(x: Val): string {
  const v = x.v;
  if (x.type) return x.type;
  if (v === null || v === undefined || v === NO_VALUE) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v))
    return v.length > 0 && v.every((e) => typeof e === 'string') ? '[]string' : '[]interface {}';
  if (typeof v === 'function') return 'func(...string) string';
  return x.map ? 'map[string]interface {}' : 'struct';
}

/** fmt's %v of a value, as text/template prints it; `map` says whether objects in it are Go maps. */
function printValue(v: unknown, map: boolean): string {
  const mapFields = running?.mapFields;
  if (v === NO_VALUE) return '<no value>';
  if (v === null || v === undefined) return '<nil>';
  if (isOmitted(v)) return v[OMITTED];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((e) => printValue(e, map)).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (map)
      return `map[${sortedKeys(o)
        .map((k) => `${k}:${printValue(o[k], !!running?.allMaps)}`)
        .join(' ')}]`;
    return `{${Object.entries(o)
      .filter(([, e]) => e !== undefined)
      .map(([k, e]) => printValue(e, !!mapFields?.has(k) || !!running?.allMaps))
      .join(' ')}}`;
  }
  return String(v);
}

const show = (x: Val): string => printValue(x.v, !!x.map || !!running?.allMaps);

/**
 * The options of the run in progress: printing and JSON need to know which
 * fields are maps. Runs are synchronous and never nested, so one slot does.
 */
let running: ExecOptions | undefined;

const sortedKeys = (o: object) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
function truth(x: Val): boolean {
  const v = x.v;
  if (v === NO_VALUE || v === null || v === undefined || isOmitted(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return x.map ? Object.keys(v).length > 0 : true;
  return true;
}

/**
 * Go's encoding/json of a value as docker/cli's `json` function writes it:
 * HTML characters not escaped (SetEscapeHTML(false)), U+2028/U+2029 escaped
 * as Go always does, a map's keys sorted, a struct's fields in their order.
 */
export function goJsonCompact(
  v: unknown,
  map = false,
  mapFields?: ReadonlySet<string>,
  /** After docker/cli's raw-JSON fallback every object is a map. */
  allMaps = false,
): string {
  if (v === NO_VALUE || v === undefined || v === null || isOmitted(v)) return 'null';
  if (typeof v === 'string') return goJsonString(v, false);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return `[${v.map((e) => goJsonCompact(e, allMaps, mapFields, allMaps)).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = (map || allMaps ? sortedKeys(o) : Object.keys(o)).filter(
      (k) => o[k] !== undefined && !isOmitted(o[k]),
    );
    // A struct's field may be a map; a map's values are structs (or maps, after the fallback).
    const childMap = (k: string) => allMaps || (!map && !!mapFields?.has(k));
    return `{${keys
      .map(
        (k) => `${goJsonString(k, false)}:${goJsonCompact(o[k], childMap(k), mapFields, allMaps)}`,
      )
      .join(',')}}`;
  }
  return 'null';
}

/** A JSON string as Go writes it; `html` escapes `<>&` as json.Marshal does by default. */
export function goJsonString(s: string, html: boolean): string {
  const re = html ? /[<>&\u2028\u2029]/g : /[\u2028\u2029]/g;
  return JSON.stringify(s).replace(
    re,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// ---------------------------------------------------------------- printf

/** Go's fmt.Sprintf for the verbs templates use (%s %v %d %q %t %x %X %f %g %c %%). */
export function goSprintf(format: string, args: Val[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    let flags = '';
    while (j < format.length && '-+# 0'.includes(format[j]!)) flags += format[j++];
    let width = '';
    while (j < format.length && /[0-9]/.test(format[j]!)) width += format[j++];
    let prec: string | undefined;
    if (format[j] === '.') {
      prec = '';
      j++;
      while (j < format.length && /[0-9]/.test(format[j]!)) prec += format[j++];
    }
    const verb = format[j];
    i = j;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argi++]!;
    out += pad(formatVerb(verb, a, flags, prec), flags, width);
  }
  if (argi < args.length)
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${goTypeOf(a)}=${show(a)}`)
      .join(', ')})`;
  return out;
}

function pad(s: string, flags: string, width: string): string {
  const w = Number(width || 0);
  const n = [...s].length;
  if (n >= w) return s;
  if (flags.includes('-')) return s + ' '.repeat(w - n);
  if (flags.includes('0') && /^[+-]?\d/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(w - n) + s.slice(sign.length);
  }
  return ' '.repeat(w - n) + s;
}

function formatVerb(verb: string, a: Val, flags: string, prec: string | undefined): string {
  const v = a.v;
  const bad = () => `%!${verb}(${goTypeOf(a)}=${show(a)})`;
  switch (verb) {
    case 'v':
      return show(a);
    case 's':
      if (typeof v === 'string')
        return prec !== undefined ? [...v].slice(0, Number(prec)).join('') : v;
      if (Array.isArray(v) && v.every((e) => typeof e === 'string'))
        return `[${(v as string[]).join(' ')}]`;
      if (typeof v === 'object' && v !== null) return show(a);
      return bad();
    case 'q':
      if (typeof v === 'string') return goJsonString(v, false);
      return bad();
    case 'd':
      if (typeof v === 'number' && Number.isInteger(v))
        return (flags.includes('+') && v >= 0 ? '+' : '') + String(v);
      return bad();
    case 't':
      return typeof v === 'boolean' ? String(v) : bad();
    case 'x':
    case 'X': {
      let s: string;
      if (typeof v === 'number' && Number.isInteger(v)) s = v.toString(16);
      else if (typeof v === 'string')
        s = [...new TextEncoder().encode(v)].map((b) => b.toString(16).padStart(2, '0')).join('');
      else return bad();
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'f':
    case 'F':
      return typeof v === 'number' ? v.toFixed(prec === undefined ? 6 : Number(prec)) : bad();
    case 'g':
      return typeof v === 'number' ? String(v) : bad();
    case 'c':
      return typeof v === 'number' ? String.fromCodePoint(v) : bad();
    default:
      return `%!${verb}(${goTypeOf(a)}=${show(a)})`;
  }
}

// ---------------------------------------------------------------- executing

class ExecFailure extends Error {}

class Executor {
  out = '';
  private vars: Array<{ name: string; val: Val }> = [];
  private nodeCtx = '';
  private nodePos = 0;

  constructor(
    private readonly tmpl: Template,
    private readonly opts: ExecOptions,
  ) {}

  /** Go's ErrorContext: `:LINE:COL`, the column counted in bytes from the line's start. */
  private fail(msg: string): never {
    const src = this.tmpl.source;
    const before = src.slice(0, this.nodePos);
    const line = before.split('\n').length;
    const col = new TextEncoder().encode(before.slice(before.lastIndexOf('\n') + 1)).length;
    const name = this.tmpl.name;
    throw new ExecFailure(
      `template: ${name}:${line}:${col}: executing "${name}" at <${this.nodeCtx}>: ${msg}`,
    );
  }

  private at(pos: number, ctx: string) {
    this.nodePos = pos;
    this.nodeCtx = ctx;
  }

  run(root: Val) {
    this.vars = [{ name: '$', val: root }];
    this.walkList(root, this.tmpl.root);
  }

  private walkList(dot: Val, list: Node[]) {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: Val, n: Node) {
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipe(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out += this.printable(v, n.pipe);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipe(dot, n.pipe);
        if (truth(v)) this.walkList(n.t === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.range(dot, n);
        return;
    }
  }

  private printable(v: Val, pipe: Pipe): string {
    if (typeof v.v === 'function') {
      this.at(pipe.pos, pipeString(pipe));
      this.fail(`can't print ${pipeString(pipe)} of type ${goTypeOf(v)}`);
    }
    return show(v);
  }

  private range(dot: Val, n: ControlNode) {
    const mark = this.vars.length;
    const decl = n.pipe.decl;
    const val = this.evalPipe(dot, { ...n.pipe, decl: [] });
    const body = (k: Val, e: Val) => {
      const inner = this.vars.length;
      if (decl.length === 1) this.vars.push({ name: decl[0]!, val: e });
      if (decl.length === 2) this.vars.push({ name: decl[0]!, val: k }, { name: decl[1]!, val: e });
      this.walkList(e, n.list);
      this.vars.length = inner;
    };
    const v = val.v;
    let count = 0;
    if (Array.isArray(v)) {
      v.forEach((e, i) => body({ v: i }, { ...this.child(e), type: val.elem }));
      count = v.length;
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      for (let i = 0; i < v; i++) body({ v: i }, { v: i });
      count = Math.max(0, v);
    } else if (v !== null && typeof v === 'object' && val.map) {
      const o = v as Record<string, unknown>;
      const keys = sortedKeys(o);
      for (const k of keys) body({ v: k }, this.child(o[k]));
      count = keys.length;
    } else if (v === null || v === undefined || v === NO_VALUE) {
      count = 0;
    } else {
      this.at(n.pipe.pos, pipeString(n.pipe));
      this.fail(`range can't iterate over ${show(val)}`);
    }
    if (count === 0 && n.elseList) this.walkList(dot, n.elseList);
    this.vars.length = mark;
  }

  /**
   * A value reached inside a map or slice: in a typed run a map's values and
   * a slice's elements are structs (an endpoint, a port binding); after the
   * raw-JSON fallback every object is a map.
   */
  private child(v: unknown): Val {
    return { v, map: this.opts.allMaps || undefined };
  }

  private evalPipe(dot: Val, pipe: Pipe): Val {
    let value: Val | undefined;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value!;
    if (pipe.decl.length > 0) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((x) => x.name === pipe.decl[0]);
        if (slot) slot.val = result;
      } else this.vars.push({ name: pipe.decl[0]!, val: result });
    }
    return result;
  }

  private evalCommand(dot: Val, cmd: Cmd, final: Val | undefined): Val {
    const first = cmd.args[0]!;
    switch (first.t) {
      case 'field':
        return this.evalFieldChain(
          dot,
          dot,
          first.pos,
          argString(first),
          first.ident,
          cmd.args,
          final,
        );
      case 'chain': {
        const base = this.evalArg(dot, first.node);
        return this.evalFieldChain(
          dot,
          base,
          first.pos,
          argString(first),
          first.field,
          cmd.args,
          final,
        );
      }
      case 'var': {
        const base = this.lookupVar(first.ident[0]!, first.pos);
        if (first.ident.length === 1) {
          this.notAFunction(cmd, final);
          return base;
        }
        return this.evalFieldChain(
          dot,
          base,
          first.pos,
          argString(first),
          first.ident.slice(1),
          cmd.args,
          final,
        );
      }
      case 'ident':
        return this.evalFunction(dot, first.name, cmd, final);
      case 'pipe': {
        this.notAFunction(cmd, final);
        return this.evalPipe(dot, first.pipe);
      }
      default:
        this.notAFunction(cmd, final);
        return this.evalArg(dot, first);
    }
  }

  private notAFunction(cmd: Cmd, final: Val | undefined) {
    if (cmd.args.length > 1 || final !== undefined) {
      this.at(cmd.pos, argString(cmd.args[0]!));
      this.fail(`can't give argument to non-function ${argString(cmd.args[0]!)}`);
    }
  }

  private lookupVar(name: string, pos: number): Val {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.val;
    this.at(pos, name);
    this.fail(`undefined variable: ${name}`);
  }

  private evalArg(dot: Val, a: Arg): Val {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldChain(dot, dot, a.pos, argString(a), a.ident, [a], undefined);
      case 'var': {
        const base = this.lookupVar(a.ident[0]!, a.pos);
        if (a.ident.length === 1) return base;
        return this.evalFieldChain(
          dot,
          base,
          a.pos,
          argString(a),
          a.ident.slice(1),
          [a],
          undefined,
        );
      }
      case 'chain':
        return this.evalFieldChain(
          dot,
          this.evalArg(dot, a.node),
          a.pos,
          argString(a),
          a.field,
          [a],
          undefined,
        );
      case 'pipe':
        return this.evalPipe(dot, a.pipe);
      case 'string':
        return { v: a.text };
      case 'number':
        return { v: a.value };
      case 'bool':
        return { v: a.value };
      case 'nil':
        return { v: null };
      case 'ident':
        return this.evalFunction(dot, a.name, { pos: a.pos, args: [a] }, undefined);
    }
  }

  private evalFieldChain(
    dot: Val,
    receiver: Val,
    pos: number,
    ctx: string,
    idents: string[],
    args: Arg[],
    final: Val | undefined,
  ): Val {
    let cur = receiver;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      cur = this.evalField(
        dot,
        idents[i]!,
        cur,
        pos,
        ctx,
        last ? args : [],
        last ? final : undefined,
      );
    }
    return cur;
  }

  private evalField(
    dot: Val,
    name: string,
    receiver: Val,
    pos: number,
    ctx: string,
    args: Arg[],
    final: Val | undefined,
  ): Val {
    this.at(pos, ctx);
    const v = receiver.v;
    const hasArgs = args.length > 1 || final !== undefined;
    if (v === null || v === undefined || v === NO_VALUE || isOmitted(v)) {
      this.fail(
        `nil pointer evaluating ${receiver.map || this.opts.allMaps ? 'interface {}' : goTypeOf(receiver)}.${name}`,
      );
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.fail(`can't evaluate field ${name} in type ${goTypeOf(receiver)}`);
    }
    const o = v as Record<string, unknown>;
    const isMap = receiver.map || this.opts.allMaps;
    const has = Object.prototype.hasOwnProperty.call(o, name) && o[name] !== undefined;
    if (isMap) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      if (!has) {
        if (this.opts.missingKeyError) this.fail(`map has no entry for key "${name}"`);
        return { v: NO_VALUE };
      }
      return this.child(o[name]);
    }
    if (!has) this.fail(`can't evaluate field ${name} in type ${goTypeOf(receiver)}`);
    const field = o[name];
    if (typeof field === 'function') {
      // A method: its arguments are the command's other operands.
      const params = args.slice(1).map((a) => this.evalArg(dot, a));
      if (final !== undefined) params.push(final);
      const want = (field as GoMethod).length;
      this.at(pos, ctx);
      if (params.length !== want)
        this.fail(`wrong number of args for ${name}: want ${want} got ${params.length}`);
      return { v: (field as GoMethod)(...params.map(show)) };
    }
    if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
    const childMap = !!this.opts.mapFields?.has(name);
    return {
      v: field,
      map: childMap || undefined,
      type:
        !childMap && field !== null && typeof field === 'object' && !Array.isArray(field)
          ? (this.opts.fieldTypes?.[name] ?? name)
          : undefined,
      elem: Array.isArray(field) ? this.opts.fieldTypes?.[`${name}[]`] : undefined,
    };
  }

  private evalFunction(dot: Val, name: string, cmd: Cmd, final: Val | undefined): Val {
    const argNodes = cmd.args.slice(1);
    const ctx = cmdString(cmd);
    // and/or evaluate lazily, as Go 1.18+ does.
    if ((name === 'and' || name === 'or') && !this.opts.headerFunctions) {
      this.at(cmd.pos, ctx);
      if (argNodes.length === 0 && final === undefined)
        this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: Val = { v: null };
      for (const a of argNodes) {
        v = this.evalArg(dot, a);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== undefined) v = final;
      return v;
    }
    const fn = functionTable(name, this.opts.headerFunctions ?? false);
    const args: Val[] = [];
    const check = (i: number, a: Arg | undefined, val: Val): Val => {
      const want = fn.params[Math.min(i, fn.params.length - 1)];
      if (!want || want === 'any') return val;
      if (a && (a.t === 'number' || a.t === 'string' || a.t === 'bool' || a.t === 'nil')) {
        const ok =
          (want === 'string' && a.t === 'string') ||
          (want === 'int' && a.t === 'number' && Number.isInteger(a.value));
        if (!ok) {
          this.at(a.pos, argString(a));
          this.fail(`expected ${want === 'int' ? 'integer' : want}; found ${argString(a)}`);
        }
        return val;
      }
      const v = val.v;
      const ok =
        (want === 'string' && typeof v === 'string') ||
        (want === 'int' && typeof v === 'number' && Number.isInteger(v)) ||
        (want === '[]string' &&
          (v === null || (Array.isArray(v) && v.every((e) => typeof e === 'string'))));
      if (!ok) {
        if (a) this.at(a.pos, argString(a));
        else this.at(cmd.pos, ctx);
        if (v === NO_VALUE) this.fail(`invalid value; expected ${want}`);
        this.fail(`wrong type for value; expected ${want}; got ${goTypeOf(val)}`);
      }
      return val;
    };
    const total = argNodes.length + (final !== undefined ? 1 : 0);
    this.at(cmd.pos, ctx);
    if (fn.variadic ? total < fn.params.length - 1 : total !== fn.params.length) {
      this.fail(
        `wrong number of args for ${name}: want ${fn.variadic ? 'at least ' : ''}${fn.variadic ? fn.params.length - 1 : fn.params.length} got ${total}`,
      );
    }
    argNodes.forEach((a, i) => args.push(check(i, a, this.evalArg(dot, a))));
    if (final !== undefined) args.push(check(args.length, undefined, final));
    this.at(cmd.pos, ctx);
    try {
      return fn.call(args, this);
    } catch (e) {
      if (e instanceof CallError) {
        this.at(cmd.pos, ctx);
        this.fail(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  /** For `json`: the struct/map knowledge this run has. */
  jsonOf(v: Val): string {
    if (
      v.v !== null &&
      typeof v.v === 'object' &&
      typeof (v.v as Marshaler)[MARSHAL] === 'function'
    )
      return (v.v as Marshaler)[MARSHAL]();
    return goJsonCompact(v.v, !!v.map, this.opts.mapFields, !!this.opts.allMaps);
  }
}

/** A row that marshals itself (docker/cli's formatter contexts: `{{json .}}` of a ps row). */
export const MARSHAL = Symbol('MarshalJSON');
interface Marshaler {
  [MARSHAL]: () => string;
}

class CallError extends Error {}

type Param = 'any' | 'string' | 'int' | '[]string';

interface Fn {
  params: Param[];
  variadic?: boolean;
  call(args: Val[], ex: Executor): Val;
}

const str = (x: Val) => x.v as string;

function functionTable(name: string, header: boolean): Fn {
  const identity = (n: number): Fn => ({
    params: ['string', ...Array<Param>(n - 1).fill('any')],
    call: (a) => a[0]!,
  });
  if (header) {
    switch (name) {
      case 'json':
      case 'title':
      case 'lower':
      case 'upper':
        return identity(1);
      case 'split':
      case 'join':
      case 'truncate':
        return identity(2);
    }
  }
  switch (name) {
    case 'json':
      return { params: ['any'], call: (a, ex) => ({ v: ex.jsonOf(a[0]!) }) };
    case 'split':
      return {
        params: ['string', 'string'],
        call: (a) => ({ v: goSplit(str(a[0]!), str(a[1]!)) }),
      };
    case 'join':
      return {
        params: ['[]string', 'string'],
        call: (a) => ({ v: ((a[0]!.v as string[] | null) ?? []).join(str(a[1]!)) }),
      };
    case 'title':
      return {
        params: ['string'],
        // strings.Title: the first letter of each word upper-cased.
        call: (a) => ({
          v: str(a[0]!).replace(
            /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
            (_, p: string, l: string) => p + l.toUpperCase(),
          ),
        }),
      };
    case 'lower':
      return { params: ['string'], call: (a) => ({ v: str(a[0]!).toLowerCase() }) };
    case 'upper':
      return { params: ['string'], call: (a) => ({ v: str(a[0]!).toUpperCase() }) };
    case 'pad':
      return {
        params: ['string', 'int', 'int'],
        call: (a) => {
          const s = str(a[0]!);
          if (s === '') return { v: s };
          const [p, q] = [a[1]!.v as number, a[2]!.v as number];
          if (p < 0 || q < 0) throw new CallError('strings: negative Repeat count');
          return { v: ' '.repeat(p) + s + ' '.repeat(q) };
        },
      };
    case 'truncate':
      return {
        params: ['string', 'int'],
        call: (a) => {
          // Go slices bytes: source[:length].
          const bytes = new TextEncoder().encode(str(a[0]!));
          const n = a[1]!.v as number;
          if (bytes.length < n) return a[0]!;
          return { v: new TextDecoder().decode(bytes.slice(0, n)) };
        },
      };
    case 'not':
      return { params: ['any'], call: (a) => ({ v: !truth(a[0]!) }) };
    case 'len':
      return {
        params: ['any'],
        call: (a) => {
          const v = a[0]!.v;
          if (typeof v === 'string') return { v: new TextEncoder().encode(v).length };
          if (Array.isArray(v)) return { v: v.length };
          if (v !== null && typeof v === 'object' && a[0]!.map) return { v: Object.keys(v).length };
          throw new CallError(
            `len of ${v === null || v === NO_VALUE ? 'nil pointer' : `type ${goTypeOf(a[0]!)}`}`,
          );
        },
      };
    case 'index':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => {
          let cur = a[0]!;
          for (const ix of a.slice(1)) cur = indexOne(cur, ix);
          return cur;
        },
      };
    case 'slice':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => {
          const v = a[0]!.v;
          const idx = a.slice(1).map((x) => {
            if (typeof x.v !== 'number' || !Number.isInteger(x.v))
              throw new CallError(`cannot index slice/array with type ${goTypeOf(x)}`);
            return x.v;
          });
          if (typeof v !== 'string' && !Array.isArray(v))
            throw new CallError(`can't slice item of type ${goTypeOf(a[0]!)}`);
          const len = v.length;
          const [i = 0, j = len] = idx;
          if (i < 0 || j < i || j > len)
            throw new CallError(`index out of range: ${j > len ? j : i}`);
          return { v: v.slice(i, j), map: a[0]!.map };
        },
      };
    case 'print':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => ({ v: goSprint(a) }),
      };
    case 'println':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => ({ v: `${a.map(show).join(' ')}\n` }),
      };
    case 'printf':
      return {
        params: ['string', 'any'],
        variadic: true,
        call: (a) => ({ v: goSprintf(str(a[0]!), a.slice(1)) }),
      };
    case 'eq':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => {
          if (a.length < 2) throw new CallError('missing argument for comparison');
          return { v: a.slice(1).some((b) => compare(a[0]!, b, 'eq') === 0) };
        },
      };
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return {
        params: ['any', 'any'],
        call: (a) => {
          const c = compare(a[0]!, a[1]!, name);
          const v =
            name === 'ne'
              ? c !== 0
              : name === 'lt'
                ? c < 0
                : name === 'le'
                  ? c <= 0
                  : name === 'gt'
                    ? c > 0
                    : c >= 0;
          return { v };
        },
      };
    case 'html':
    case 'js':
    case 'urlquery':
      return {
        params: ['any', 'any'],
        variadic: true,
        call: (a) => {
          const s = goSprint(a);
          if (name === 'urlquery') return { v: encodeURIComponent(s).replace(/%20/g, '+') };
          if (name === 'html')
            return {
              v: s
                .replace(/&/g, '&amp;')
                .replace(/</g, '&lt;')
                .replace(/>/g, '&gt;')
                .replace(/"/g, '&#34;')
                .replace(/'/g, '&#39;'),
            };
          return {
            v: s.replace(
              /[\\'"<>&=]/g,
              (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
            ),
          };
        },
      };
    default:
      // `call` and anything else the parser let through.
      return {
        params: ['any'],
        variadic: true,
        call: () => {
          throw new CallError(`${name} is not simulated in DockScope`);
        },
      };
  }
}

/** fmt.Sprint: a space between operands when neither is a string. */
function goSprint(a: Val[]): string {
  let out = '';
  a.forEach((x, i) => {
    if (i > 0 && typeof x.v !== 'string' && typeof a[i - 1]!.v !== 'string') out += ' ';
    out += show(x);
  });
  return out;
}

/** strings.Split: an empty separator splits after each UTF-8 sequence. */
function goSplit(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep);
}

function indexOne(item: Val, ix: Val): Val {
  const v = item.v;
  if (v === null || v === NO_VALUE || v === undefined) throw new CallError('index of untyped nil');
  if (Array.isArray(v) || typeof v === 'string') {
    if (typeof ix.v !== 'number' || !Number.isInteger(ix.v))
      throw new CallError(`cannot index slice/array with type ${goTypeOf(ix)}`);
    if (ix.v < 0 || ix.v >= v.length) throw new CallError(`index out of range: ${ix.v}`);
    if (typeof v === 'string') return { v: new TextEncoder().encode(v)[ix.v] };
    return { v: v[ix.v], map: running?.allMaps || undefined, type: item.elem };
  }
  if (typeof v === 'object' && item.map) {
    if (typeof ix.v !== 'string')
      throw new CallError(`value has type ${goTypeOf(ix)}; should be string`);
    const o = v as Record<string, unknown>;
    // A missing key gives the map's zero value: `""` for the maps docker's structs hold.
    if (!Object.prototype.hasOwnProperty.call(o, ix.v)) {
      const values = Object.values(o);
      return { v: values.length > 0 && values.every((e) => typeof e === 'string') ? '' : null };
    }
    return { v: o[ix.v], map: running?.allMaps || undefined };
  }
  throw new CallError(`can't index item of type ${goTypeOf(item)}`);
}

function compare(a: Val, b: Val, name: string): number {
  const x = a.v;
  const y = b.v;
  const basic = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (!basic(x) || !basic(y)) {
    if (name === 'eq' || name === 'ne') {
      if ((x === null || x === NO_VALUE) && (y === null || y === NO_VALUE)) return 0;
      throw new CallError('incompatible types for comparison');
    }
    throw new CallError('invalid type for comparison');
  }
  if (typeof x !== typeof y) throw new CallError('incompatible types for comparison');
  if (typeof x === 'boolean' && name !== 'eq' && name !== 'ne')
    throw new CallError('invalid type for comparison');
  return x === y ? 0 : (x as number | string) < (y as number | string) ? -1 : 1;
}

// ---------------------------------------------------------------- node text (Go's String())

function argString(a: Arg): string {
  switch (a.t) {
    case 'field':
      return `.${a.ident.join('.')}`;
    case 'dot':
      return '.';
    case 'var':
      return a.ident.join('.');
    case 'ident':
      return a.name;
    case 'string':
      return a.quoted;
    case 'number':
      return a.text;
    case 'bool':
      return String(a.value);
    case 'nil':
      return 'nil';
    case 'pipe':
      return `(${pipeString(a.pipe)})`;
    case 'chain':
      return `${argString(a.node)}.${a.field.join('.')}`;
  }
}

function cmdString(c: Cmd): string {
  return c.args.map(argString).join(' ');
}

function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(cmdString).join(' | ');
}

// ---------------------------------------------------------------- entry points

/** Run a parsed template on `data`; throws TemplateExecError with Go's message. */
export function executeTemplate(t: Template, data: unknown, opts: ExecOptions = {}): string {
  const ex = new Executor(t, opts);
  running = opts;
  try {
    ex.run({ v: data, map: opts.allMaps || undefined, type: opts.rootType });
  } catch (e) {
    if (e instanceof ExecFailure) {
      const err = new TemplateExecError(e.message);
      err.partial = ex.out;
      throw err;
    }
    throw e;
  } finally {
    running = undefined;
  }
  return ex.out;
}

/**
 * Parse and run a template on `data`: the text, or a TemplateParseError /
 * TemplateExecError whose message is Go's.
 */
export function renderTemplate(
  template: string,
  data: unknown,
  opts: ExecOptions & { name?: string } = {},
): string {
  return executeTemplate(parseTemplate(template, opts.name ?? ''), data, opts);
}
