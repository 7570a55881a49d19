// The real docker CLI (28.2.2 on PATH) run against `npm run daemon`'s listeners, with a config
// directory of its own and no DOCKER_HOST from the machine.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why the real CLI cannot be used, or undefined when docker ≥ 28 is on PATH. */
export function realCliSkipReason(): string | undefined {
  try {
    const version = execFileSync('docker', ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return Number(/version (\d+)\./.exec(version)?.[1] ?? 0) >= 28
      ? undefined
      : `docker --version says ${version.trim()}`;
  } catch {
    return 'no docker CLI on PATH';
  }
}

export interface RealCli {
  /** Run it to its end (asynchronously: the daemon answers from the same process). */
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Run it with `input` on its stdin, closed after. */
  withInput(
    args: string[],
    input: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Remove its config directory. */
  dispose(): void;
}

export function realCli(host: string): RealCli {
  const config = mkdtempSync(join(tmpdir(), 'dockscope-cli-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: config,
    DOCKER_CONFIG: config,
    DOCKER_HOST: host,
  };
  return {
    run: (args) =>
      new Promise((resolve) => {
        execFile('docker', args, { env, timeout: 30_000 }, (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
          }),
        );
      }),
    withInput: (args, input) =>
      new Promise((resolve) => {
        const child = spawn('docker', args, { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.on('close', (code) => {
          clearTimeout(killer);
          resolve({ code, stdout, stderr });
        });
        child.stdin.end(input);
      }),
    dispose: () => rmSync(config, { recursive: true, force: true }),
  };
}
