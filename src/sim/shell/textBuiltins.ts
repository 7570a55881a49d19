import type { Dialect, Output } from './interpreter';

/** Backslash escapes as `echo -e`, `printf %b` and printf's format read them. */
function unescape(text: string, stop?: { stopped: boolean }): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i === text.length - 1) {
      out += ch;
      continue;
    }
    const next = text[++i]!;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
      '\\': '\\',
    };
    if (Object.hasOwn(simple, next)) out += simple[next];
    else if (next === 'c' && stop) {
      stop.stopped = true;
      return out;
    } else if (next === '0' || /[1-7]/.test(next)) {
      const digits = /^[0-7]{0,3}/.exec(text.slice(next === '0' ? i + 1 : i))![0];
      out += String.fromCharCode(parseInt(digits || '0', 8));
      i += digits.length - (next === '0' ? 0 : 1);
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(text[i + 1] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else out += `\\${next}`;
  }
  return out;
}

/**
 * `echo` as bash's builtin, BusyBox and coreutils have it: `-n` drops the
 * newline, `-e` reads backslash escapes, `-E` does not (the default). Dash's
 * builtin always reads escapes and knows only `-n` (`alwaysEscapes`).
 */
export function echoBuiltin(args: string[], out: Output, alwaysEscapes = false): number {
  let newline = true;
  let escapes = alwaysEscapes;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const valid = alwaysEscapes ? /^-n+$/ : /^-[neE]+$/;
    if (!valid.test(a)) break;
    for (const f of a.slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  const stop = { stopped: false };
  let text = args.slice(i).join(' ');
  if (escapes) text = unescape(text, stop);
  out.write('stdout', text + (newline && !stop.stopped ? '\n' : ''));
  return 0;
}

/**
 * `printf FORMAT [ARG…]`: the format is reused until the arguments run out;
 * `%s %b %c %d %i %u %o %x %X %e %f %g %%` with flags, width and precision.
 */
export function printfBuiltin(args: string[], out: Output, dialect: Dialect): number {
  const [format, ...rest] = args;
  if (format === undefined) {
    out.write(
      'stderr',
      dialect === 'bash'
        ? 'printf: usage: printf [-v var] format [arguments]\n'
        : 'Usage: printf FORMAT [ARGUMENT]...\n',
    );
    return 2;
  }
  const spec = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+|\*))?([sbcdiuoxXeEfgG%])/g;
  let status = 0;
  let text = '';
  let next = 0;
  const take = () => rest[next++];
  const prefix = dialect === 'bash' ? 'bash: printf' : 'printf';
  const number = (a: string | undefined): number => {
    if (a === undefined || a === '') return 0;
    const n = /^['"]/.test(a) ? (a.codePointAt(1) ?? 0) : Number(a);
    if (Number.isNaN(n)) {
      out.write('stderr', `${prefix}: ${a}: invalid number\n`);
      status = 1;
      return 0;
    }
    return n;
  };
  do {
    const start = next;
    const stop = { stopped: false };
    let pieceStart = 0;
    for (const m of format.matchAll(spec)) {
      text += unescape(format.slice(pieceStart, m.index));
      pieceStart = m.index + m[0].length;
      const [, flags = '', w, p, conv] = m;
      if (conv === '%') {
        text += '%';
        continue;
      }
      const width = w === '*' ? number(take()) : w ? Number(w) : 0;
      const precision = p === '*' ? number(take()) : p !== undefined ? Number(p) : undefined;
      const arg = take();
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (precision !== undefined) s = s.slice(0, precision);
          break;
        case 'b':
          s = unescape(arg ?? '', stop);
          break;
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(number(arg));
          s = String(Math.abs(n));
          if (precision !== undefined) s = s.padStart(precision, '0');
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const n = Math.trunc(number(arg));
          s = (n >>> 0).toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') s = s.toUpperCase();
          break;
        }
        default: {
          const n = number(arg);
          const digits = precision ?? 6;
          s =
            conv === 'f'
              ? n.toFixed(digits)
              : conv === 'e' || conv === 'E'
                ? n.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2')
                : String(Number(n.toPrecision(digits || 1)));
          if (conv === 'E' || conv === 'G') s = s.toUpperCase();
          if (flags.includes('+') && n >= 0) s = `+${s}`;
        }
      }
      if (s.length < width) {
        const zero = flags.includes('0') && !flags.includes('-') && /[diuoxXeEfgG]/.test(conv!);
        s = flags.includes('-')
          ? s.padEnd(width)
          : zero
            ? /^[+-]/.test(s)
              ? s[0] + s.slice(1).padStart(width - 1, '0')
              : s.padStart(width, '0')
            : s.padStart(width);
      }
      text += s;
      if (stop.stopped) break;
    }
    if (stop.stopped) break;
    text += unescape(format.slice(pieceStart));
    // A format without conversions is printed once, whatever the arguments.
    if (next === start) break;
  } while (next < rest.length);
  out.write('stdout', text);
  return status;
}
