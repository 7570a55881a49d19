import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The headless CLI's JSON contract, which scripts and later tests build on. */
function sim(...args: string[]): string {
  return execFileSync('npx', ['tsx', 'scripts/sim.ts', ...args], { encoding: 'utf8' });
}

describe('npm run sim', () => {
  it('--json prints one document with results, outputs, exit codes and messages', () => {
    const out = JSON.parse(
      sim(
        '--seed',
        '3',
        '--json',
        'docker run hello-world',
        'docker run --name web nginx',
        'docker ps',
      ),
    ) as {
      results: Array<{
        command: string;
        stdout: string;
        stderr: string;
        exitCode: number | null;
        messages: Array<Record<string, unknown>>;
      }>;
    };
    expect(out.results.map((r) => [r.command, r.exitCode])).toEqual([
      ['docker run hello-world', 0],
      ['docker run --name web nginx', null],
      ['docker ps', 0],
    ]);
    expect(out.results[0]!.stdout).toContain('Hello from Docker!');
    expect(out.results[2]!.stdout).toMatch(/ web\n$/);
    const m = out.results[0]!.messages[0]!;
    expect(Object.keys(m)).toEqual([
      'seq',
      'from',
      'to',
      'protocol',
      'operation',
      'status',
      'summary',
    ]);
    expect(m).toMatchObject({
      seq: 1,
      from: 'client',
      to: 'dockerd',
      protocol: 'http',
      operation: 'HEAD /_ping',
    });
  });

  it('plain mode prints the terminal, then the trace', () => {
    const out = sim('docker run alpine echo hi');
    expect(out).toMatch(/^\$ docker run alpine echo hi\n/);
    expect(out).toContain('\nhi\n[exit 0]\n');
    expect(out).toMatch(
      /--- trace ---\n +1 +0\.000ms {2}client → dockerd {2}\[http\] HEAD \/_ping/,
    );
  });
});
