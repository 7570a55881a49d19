import type { SyntaxProblem } from './syntax';
import type { ShellHost } from './interpreter';

/**
 * The error lines of a syntax problem, as each shell words them, and the
 * status (2, as bash, dash and BusyBox ash all exit for a syntax error).
 */
export function syntaxErrorText(
  problem: SyntaxProblem,
  host: Pick<ShellHost, 'dialect' | 'name'>,
  /** The `-c` script, when the text came from one rather than a typed line. */
  script?: string,
): string {
  const n = host.name;
  // bash -c names where it read the text and quotes the line (parse_error: "-c: line 1:").
  if (host.dialect === 'bash' && script !== undefined && problem.kind === 'token') {
    const line = script.split('\n')[0] ?? '';
    return `${n}: -c: line 1: syntax error near unexpected token \`${problem.token}'\n${n}: -c: line 1: \`${line}'\n`;
  }
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
  // ash and dash quote an operator token but not newline or end of file
  // (tokname: entries below TSEMI are bare); a -c string ends without a
  // newline, so what stands at its end is end of file.
  const bare =
    t === 'newline'
      ? script !== undefined && !script.endsWith('\n')
        ? 'end of file'
        : 'newline'
      : undefined;
  switch (host.dialect) {
    case 'bash':
      return `${n}: syntax error near unexpected token \`${t}'\n`;
    case 'dash':
      return `${n}: 1: Syntax error: ${bare ?? `"${t}"`} unexpected\n`;
    case 'ash':
      return `${n}: syntax error: unexpected ${bare ?? `"${t}"`}\n`;
  }
}
