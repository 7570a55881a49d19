/**
 * Observing containers (issue 14, obs): network/volume inspect --format, docker port,
 * docker top, docker events, docker cp, --pull and --platform. Expected lines are the
 * real docker CLI 28.2.2's (its formatters read in docker/cli v28.2.2) over moby v28.2.2's answers.
 */
import { describe, expect, it } from 'vitest';
import { clientExchange, session } from './helpers';

const out = (r: { stdout: string; stderr: string; exitCode: number | null }) => ({
  stdout: r.stdout,
  stderr: r.stderr,
  exit: r.exitCode,
});

describe('network inspect and volume inspect --format', () => {
  const { engine, results } = session([
    'docker network create appnet',
    'docker volume create data',
    "docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' appnet bridge",
    "docker volume inspect --format '{{.Name}} {{.Driver}} {{.Mountpoint}}' data",
    "docker network inspect -f '{{.Name}}' nosuch",
    "docker volume inspect -f '{{.Name}}' data nosuch",
    "docker volume inspect -f '{{.Name' data",
  ]);
  const r = (i: number) => results[i]!;

  it('runs the template on each network, as docker inspect does', () => {
    expect(out(r(2))).toEqual({
      stdout: 'appnet bridge local\nbridge bridge local\n',
      stderr: '',
      exit: 0,
    });
    expect(clientExchange(engine, r(2)).filter((l) => l.startsWith('→'))).toEqual([
      '→ HEAD /_ping',
      '→ GET /v1.50/networks/appnet',
      '→ GET /v1.50/networks/bridge',
    ]);
  });

  it('runs the template on each volume', () => {
    expect(out(r(3))).toEqual({
      stdout: 'data local /var/lib/docker/volumes/data/_data\n',
      stderr: '',
      exit: 0,
    });
  });

  it('prints what it found, then the errors', () => {
    expect(out(r(4))).toEqual({
      stdout: '\n',
      stderr: 'Error response from daemon: network nosuch not found\n',
      exit: 1,
    });
    expect(out(r(5))).toEqual({
      stdout: 'data\n',
      stderr: 'Error response from daemon: get nosuch: no such volume\n',
      exit: 1,
    });
  });

  it('refuses a bad template before any request, with exit 64', () => {
    expect(r(6).exitCode).toBe(64);
    expect(r(6).stderr).toMatch(/^template parsing error: /);
  });
});
