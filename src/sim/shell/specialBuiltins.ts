import type { Output, ShellHost, ShellState } from './interpreter';

/** `exit` unwinds the whole script. */
export class ShellExit {
  constructor(readonly code: number) {}
}

/**
 * The builtins every shell runs itself because they change the shell (`exit`,
 * `export`, `cd`) or are cheap enough not to fork (`true`, `test`).
 * Undefined: not one of them.
 */
export function specialBuiltin(
  argv: string[],
  out: Output,
  shell: { state: ShellState; host: ShellHost; exited: boolean },
): number | undefined {
  const [name, ...args] = argv;
  switch (name) {
    case ':':
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'exit': {
      const code = args[0] === undefined ? shell.state.status : Number(args[0]);
      if (!Number.isInteger(code)) {
        out.write(
          'stderr',
          shell.host.dialect === 'bash'
            ? `${shell.host.name}: exit: ${args[0]}: numeric argument required\n`
            : `${shell.host.name}: ${shell.host.dialect === 'dash' ? '1: ' : ''}exit: Illegal number: ${args[0]}\n`,
        );
        shell.exited = true;
        throw new ShellExit(2);
      }
      shell.exited = true;
      throw new ShellExit(code & 255);
    }
    case 'export':
    case 'readonly': {
      if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
        out.write('stdout', listExports(shell));
        return 0;
      }
      for (const a of args) {
        const eq = a.indexOf('=');
        const key = eq < 0 ? a : a.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
          out.write(
            'stderr',
            shell.host.dialect === 'bash'
              ? `${shell.host.name}: ${name}: \`${a}': not a valid identifier\n`
              : `${shell.host.name}: ${shell.host.dialect === 'dash' ? '1: ' : ''}${name}: ${a}: bad variable name\n`,
          );
          return shell.host.dialect === 'bash' ? 1 : 2;
        }
        if (eq >= 0) shell.state.vars.set(key, a.slice(eq + 1));
        if (name === 'export') shell.state.exported.add(key);
      }
      return 0;
    }
    case 'cd': {
      if (!shell.host.changeDirectory) return undefined;
      // bash refuses more than one operand; BusyBox ash and dash ignore the rest.
      if (shell.host.dialect === 'bash' && args.length > 1) {
        out.write('stderr', `${shell.host.name}: cd: too many arguments\n`);
        return 1;
      }
      const failed = shell.host.changeDirectory(args[0] ?? shell.state.vars.get('HOME') ?? '/');
      if (!failed) return 0;
      out.write('stderr', failed.error);
      return failed.status;
    }
    case 'pwd':
      if (!shell.host.changeDirectory) return undefined;
      out.write('stdout', `${shell.state.cwd}\n`);
      return 0;
    case 'test':
    case '[': {
      let operands = args;
      if (name === '[') {
        if (args.at(-1) !== ']') {
          out.write('stderr', `${shell.host.name}: [: missing ]\n`);
          return 2;
        }
        operands = args.slice(0, -1);
      }
      const result = testExpression(operands, (p) => shell.host.fileKind(p));
      if (typeof result === 'string') {
        out.write('stderr', `${shell.host.name}: ${name}: ${result}\n`);
        return 2;
      }
      return result ? 0 : 1;
    }
    case 'unset':
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        shell.state.vars.delete(a);
        shell.state.exported.delete(a);
      }
      return 0;
    default:
      return undefined;
  }
}

function listExports(shell: { state: ShellState; host: ShellHost }): string {
  const names = [...shell.state.exported].filter((n) => shell.state.vars.has(n)).sort();
  return names
    .map((n) => {
      const v = shell.state.vars.get(n)!;
      return shell.host.dialect === 'bash'
        ? `declare -x ${n}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`
        : `export ${n}='${v.replace(/'/g, `'"'"'`)}'\n`;
    })
    .join('');
}

/**
 * `test` / `[`: file tests, string tests and integer comparisons, with `!`
 * (no `-a`/`-o`). Returns the truth, or an error message for bad operands.
 */
function testExpression(
  args: string[],
  kind: (path: string) => 'file' | 'empty' | 'directory' | undefined,
): boolean | string {
  if (args[0] === '!') {
    const inner = testExpression(args.slice(1), kind);
    return typeof inner === 'string' ? inner : !inner;
  }
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, v = ''] = args;
    switch (op) {
      case '-z':
        return v === '';
      case '-n':
        return v !== '';
      case '-e':
      case '-r':
      case '-w':
        return kind(v) !== undefined;
      case '-f':
        return kind(v) === 'file' || kind(v) === 'empty';
      case '-s':
        return kind(v) === 'file' || kind(v) === 'directory';
      case '-d':
        return kind(v) === 'directory';
      default:
        return `${op}: unary operator expected`;
    }
  }
  if (args.length === 3) {
    const [a = '', op, b = ''] = args;
    if (op === '=' || op === '==') return a === b;
    if (op === '!=') return a !== b;
    const ints = ['-eq', '-ne', '-lt', '-le', '-gt', '-ge'];
    if (ints.includes(op!)) {
      if (!/^-?\d+$/.test(a.trim())) return `${a}: integer expression expected`;
      if (!/^-?\d+$/.test(b.trim())) return `${b}: integer expression expected`;
      const x = Number(a);
      const y = Number(b);
      return {
        '-eq': x === y,
        '-ne': x !== y,
        '-lt': x < y,
        '-le': x <= y,
        '-gt': x > y,
        '-ge': x >= y,
      }[op as '-eq'];
    }
    return `${op}: binary operator expected`;
  }
  return 'too many arguments';
}
