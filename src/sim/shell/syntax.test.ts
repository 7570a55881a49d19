import { describe, expect, it } from 'vitest';
import { parseScript, type Script, type SyntaxProblem, awaitsHereDocument } from './syntax';
import { Interpreter, ShellState, type ShellHost } from './interpreter';
import { syntaxErrorText } from './syntaxErrors';
import type { Task } from '../core/scheduler';

const problem = (text: string): SyntaxProblem | undefined => {
  const r = parseScript(text);
  return r.ok ? undefined : r.problem;
};

const parsed = (text: string): Script => {
  const r = parseScript(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.script;
};

/** A shell host whose programs print their argv and env: enough to watch expansion. */
function fakeHost(files = new Map<string, string>()): ShellHost & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    dialect: 'bash',
    name: 'bash',
    *exec(argv, { out, stdin, env }): Task<number> {
      yield* [];
      calls.push(argv);
      if (argv[0] === 'echo') out.write('stdout', `${argv.slice(1).join(' ')}\n`);
      else if (argv[0] === 'cat') out.write('stdout', stdin ?? '');
      else if (argv[0] === 'getenv') out.write('stdout', `${env.get(argv[1]!) ?? ''}\n`);
      else if (argv[0] === 'fail') return 3;
      else if (argv[0] === 'warn') out.write('stderr', 'warning\n');
      return 0;
    },
    fileKind: (path) => (files.has(path) ? 'file' : undefined),
    openOutput: (path, append) => {
      if (path.startsWith('/nope/')) return `bash: ${path}: No such file or directory\n`;
      if (!append || !files.has(path)) files.set(path, '');
      return undefined;
    },
    appendFile: (path, text) => files.set(path, (files.get(path) ?? '') + text),
    readFile: (path) =>
      files.has(path) ? { text: files.get(path)! } : { error: `bash: ${path}: No such file\n` },
  };
}

/** Run a script to its end (no program here waits) and return what it printed. */
function run(text: string, state = new ShellState(99), host = fakeHost()) {
  let stdout = '';
  let stderr = '';
  const task = new Interpreter(state, host).run(parsed(text), {
    write: (s, t) => (s === 'stdout' ? (stdout += t) : (stderr += t)),
  });
  let step = task.next();
  while (!step.done) step = task.next();
  return { stdout, stderr, status: step.value, state, host };
}

describe('parseScript', () => {
  it('reads lists, and-or chains, pipelines, assignments and redirections', () => {
    const [first, second] = parsed('X=1 docker ps -q > ids.txt 2>&1 && echo ok || echo no; a | b');
    expect(first!.first.commands[0]).toMatchObject({
      assigns: [{ name: 'X' }],
      words: [{}, {}, {}],
      redirects: [
        { fd: 1, op: '>' },
        { fd: 2, op: '>&' },
      ],
    });
    expect(first!.rest.map((r) => r.op)).toEqual(['&&', '||']);
    expect(second!.first.commands).toHaveLength(2);
  });

  it('names the unexpected token as bash does, and the end of input when it ends too soon', () => {
    expect(problem('&& docker ps')).toEqual({ kind: 'token', token: '&&' });
    expect(problem('echo hi ;; echo')).toEqual({ kind: 'token', token: ';;' });
    expect(problem('| wc')).toEqual({ kind: 'token', token: '|' });
    expect(problem('echo >')).toEqual({ kind: 'token', token: 'newline' });
    expect(problem('echo a )')).toEqual({ kind: 'token', token: ')' });
    expect(problem('docker ps &&')).toEqual({ kind: 'eof' });
    expect(problem('echo "hi')).toEqual({ kind: 'eof', inside: '"' });
    expect(problem("echo 'hi")).toEqual({ kind: 'eof', inside: "'" });
    expect(problem('echo $(docker ps')).toEqual({ kind: 'eof', inside: ')' });
  });

  it('marks valid shell it does not simulate as unsupported, not as an error', () => {
    expect(problem('if true; then echo; fi')).toMatchObject({ kind: 'unsupported' });
    expect(problem('(cd /tmp)')).toMatchObject({ kind: 'unsupported' });
    expect(problem('echo $((1+2))')).toMatchObject({ kind: 'unsupported' });
    expect(problem('cat <<<word')).toMatchObject({ kind: 'unsupported' });
  });

  it('words syntax errors as bash, dash and BusyBox ash do', () => {
    const p = { kind: 'token', token: '&&' } as const;
    expect(syntaxErrorText(p, { dialect: 'bash', name: 'bash' })).toBe(
      "bash: syntax error near unexpected token `&&'\n",
    );
    expect(syntaxErrorText(p, { dialect: 'dash', name: 'sh' })).toBe(
      'sh: 1: Syntax error: "&&" unexpected\n',
    );
    expect(syntaxErrorText(p, { dialect: 'ash', name: 'sh' })).toBe(
      'sh: syntax error: unexpected "&&"\n',
    );
    expect(syntaxErrorText({ kind: 'eof', inside: '"' }, { dialect: 'ash', name: 'sh' })).toBe(
      'sh: syntax error: unterminated quoted string\n',
    );
  });
});

describe('Interpreter: expansion', () => {
  it('keeps quoted text whole and splits unquoted expansions on blanks', () => {
    const { host } = run(`X='a  b'; echo $X "$X" '$X' "" \\$X pre$X`);
    expect(host.calls.at(-1)).toEqual(['echo', 'a', 'b', 'a  b', '$X', '', '$X', 'prea', 'b']);
  });

  it('expands $?, $$, ${NAME}, and $(…) / backquotes without their trailing newlines', () => {
    const { stdout } = run(
      'fail; echo $? $$ ${HOME}x; echo "[$(echo hi)]" `echo there`',
      (() => {
        const s = new ShellState(99);
        s.vars.set('HOME', '/h');
        return s;
      })(),
    );
    expect(stdout).toBe('3 99 /hx\n[hi] there\n');
  });

  it('runs && and || by the status of what ran before, and leaves the last status in $?', () => {
    expect(run('fail && echo no || echo yes; echo $?').stdout).toBe('yes\n0\n');
    expect(run('echo a || echo b && echo c').stdout).toBe('a\nc\n');
    expect(run('! fail && echo negated').stdout).toBe('negated\n');
  });

  it('passes NAME=value prefixes to one command only; export passes a variable to all', () => {
    const r = run(
      'A=1 getenv A; getenv A; B=2; getenv B; export B; getenv B; export C=3; getenv C',
    );
    expect(r.stdout).toBe('1\n\n\n2\n3\n');
    expect(r.state.vars.get('A')).toBeUndefined();
  });

  it('writes, appends and reads files with >, >>, <, and sends 2>&1 / >&2 where asked', () => {
    const files = new Map<string, string>();
    const host = fakeHost(files);
    const r = run(
      'echo one > f; echo two >> f; cat < f; warn 2>&1 > g; echo err >&2',
      undefined,
      host,
    );
    expect(files.get('f')).toBe('one\ntwo\n');
    expect(r.stdout).toBe('one\ntwo\nwarning\n');
    expect(r.stderr).toBe('err\n');
    expect(files.get('g')).toBe('');
  });

  it('fails a command whose redirection cannot be opened, without running it', () => {
    const r = run('echo hi > /nope/x; echo $?');
    expect(r.stderr).toBe('bash: /nope/x: No such file or directory\n');
    expect(r.stdout).toBe('1\n');
    expect(r.host.calls).toEqual([['echo', '1']]);
  });

  it('gives a pipeline stage the output of the one before', () => {
    expect(run('echo piped | cat').stdout).toBe('piped\n');
  });

  it('tests strings, numbers and files with test and [', () => {
    const files = new Map([['f', 'x']]);
    const r = run(
      '[ -f f ] && echo file; test -d f || echo notdir; [ 3 -gt 2 ] && echo gt; [ a = b ]; echo $?; [ x',
      undefined,
      fakeHost(files),
    );
    expect(r.stdout).toBe('file\nnotdir\ngt\n1\n');
    expect(r.stderr).toBe('bash: [: missing ]\n');
  });

  it('stops at exit with its code', () => {
    const r = run('echo a; exit 4; echo b');
    expect(r).toMatchObject({ stdout: 'a\n', status: 4 });
  });
});

describe('here-documents', () => {
  it('awaitsHereDocument: an interactive bash reads more lines until the delimiter (PS2)', () => {
    expect(awaitsHereDocument("cat > f <<'EOF'")).toBe(true);
    expect(awaitsHereDocument("cat > f <<'EOF'\nFROM alpine")).toBe(true);
    expect(awaitsHereDocument("cat > f <<'EOF'\nFROM alpine\nEOF")).toBe(false);
    expect(awaitsHereDocument('echo "<<EOF"')).toBe(false);
    expect(awaitsHereDocument('cat <<<word')).toBe(false);
  });

  it('cuts the document out of the input: the next line of the script runs after it', () => {
    const r = parseScript('cat <<A; echo one\nbody\nA\necho two');
    expect(r.ok && r.script.length).toBe(3);
  });
});
