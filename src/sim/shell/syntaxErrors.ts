import type { SyntaxProblem } from './syntax';
import type { ShellHost } from './interpreter';

/**
 * The error lines of a syntax problem, as each shell words them, and the
 * status (2, as bash, dash and BusyBox ash all exit for a syntax error).
 */
export function syntaxErrorText(
  problem: SyntaxProblem,
  host: Pick<ShellHost, 'dialect' | 'name'>,
): string {
  const n = host.name;
  if (problem.kind === 'unsupported') {
    return `DockScope: this shell does not simulate ${problem.what} yet\n`;
  }
  if (problem.kind === 'eof') {
    const quote = problem.inside;
    switch (host.dialect) {
      case 'bash':
        return quote && quote !== '}'
          ? `${n}: unexpected EOF while looking for matching \`${quote}'\n${n}: syntax error: unexpected end of file\n`
          : `${n}: syntax error: unexpected end of file\n`;
      case 'dash':
        return quote === '"' || quote === "'"
          ? `${n}: 1: Syntax error: Unterminated quoted string\n`
          : `${n}: 1: Syntax error: end of file unexpected\n`;
      case 'ash':
        return quote === '"' || quote === "'"
          ? `${n}: syntax error: unterminated quoted string\n`
          : `${n}: syntax error: unexpected end of file\n`;
    }
  }
  const t = problem.token;
  switch (host.dialect) {
    case 'bash':
      return `${n}: syntax error near unexpected token \`${t}'\n`;
    case 'dash':
      return `${n}: 1: Syntax error: "${t}" unexpected\n`;
    case 'ash':
      return `${n}: syntax error: unexpected "${t}"\n`;
  }
}
