// `docker exec` and `docker attach` from the real docker CLI against `npm run daemon` (issue 13):
// the CLI's own requests (inspect, exec create, the hijacked exec start, exec inspect) reach
// the simulated dockerd, and the exec's output and exit code come back as from real Docker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from './server';
import { Engine } from '../../src/sim/engine';
import type { HttpRequest } from '../../src/sim/core/http';
import { type RealCli, realCli, realCliSkipReason } from './realCli';

const skip = realCliSkipReason();
if (skip) console.log(`real-CLI exec tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('docker exec from the real CLI', () => {
  let daemon: Daemon;
  let docker: RealCli;
  const engine = new Engine({ seed: 1 });
  beforeAll(async () => {
    daemon = await startDaemon({ port: 0, seed: 1, quiet: true, engine });
    docker = realCli(daemon.url);
    const run = await docker.run(['run', '-d', '--name', 'web', 'alpine', 'sleep', '1000']);
    expect(run.code).toBe(0);
  }, 60_000);
  afterAll(() => {
    docker.dispose();
    return daemon.close();
  });

  it('docker exec web echo hi prints hi and exits 0', async () => {
    expect(await docker.run(['exec', 'web', 'echo', 'hi'])).toEqual({
      code: 0,
      stdout: 'hi\n',
      stderr: '',
    });
  });

  it('exits with the exec’s own code, and passes -e and -w', async () => {
    const r = await docker.run([
      'exec',
      '-e',
      'GREETING=hello',
      '-w',
      '/tmp',
      'web',
      'sh',
      '-c',
      'echo $GREETING; pwd; exit 3',
    ]);
    expect(r).toEqual({ code: 3, stdout: 'hello\n/tmp\n', stderr: '' });
  });

  it('a command the image lacks: the OCI runtime error on stdout, exit 127', async () => {
    expect(await docker.run(['exec', 'web', 'nosuchcommand'])).toEqual({
      code: 127,
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcommand": executable file not found in $PATH: unknown\r\n',
      stderr: '',
    });
  });

  it('an unknown container: the daemon’s 404 from the inspect, exit 1', async () => {
    expect(await docker.run(['exec', 'nosuch', 'ls'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error response from daemon: No such container: nosuch\n',
    });
  });

  it('-i: input typed on the CLI reaches the exec’d shell; ps shows the container’s PID 1', async () => {
    const r = await docker.withInput(['exec', '-i', 'web', 'sh'], 'hostname\nps\nexit 5\n');
    expect(r.code).toBe(5);
    const [hostname, ...ps] = r.stdout.split('\n');
    expect(hostname).toMatch(/^[0-9a-f]{12}$/);
    expect(ps[0]).toBe('PID   USER     TIME  COMMAND');
    expect(ps[1]).toBe('    1 root      0:00 sleep 1000');
    expect(ps.some((l) => / sh$/.test(l))).toBe(true);
  });

  it('-d: starts it in the background, prints nothing', async () => {
    expect(await docker.run(['exec', '-d', 'web', 'sleep', '30'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('a stopped container: the daemon’s 409 from exec create', async () => {
    expect((await docker.run(['run', '--name', 'done', 'alpine', 'true'])).code).toBe(0);
    const r = await docker.run(['exec', 'done', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error response from daemon: container [0-9a-f]{64} is not running\n$/,
    );
  });

  it('docker attach to a stopped container: the CLI’s own refusal', async () => {
    expect(await docker.run(['attach', 'done'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'You cannot attach to a stopped container, start it first\n',
    });
  });

  it('the simulated CLI sends the ExecConfig and start bodies the real CLI sends', async () => {
    const args = ['exec', '-t', '-e', 'A=1', '-w', '/tmp', '-u', 'nobody', 'web', 'true'];
    const bodies = (e: Engine, since: number) =>
      e.trace
        .filter((m) => m.seq > since && m.kind === 'request' && m.op.startsWith('engine.exec.'))
        .map((m) => {
          const req = m.request as HttpRequest;
          return { path: req.path.replace(/[0-9a-f]{64}/, '<id>'), body: req.body ?? null };
        });
    const before = engine.trace.at(-1)!.seq;
    expect((await docker.run(args)).code).toBe(0);
    const real = bodies(engine, before);
    const sim = new Engine({ seed: 1 });
    sim.run('docker run -d --name web alpine sleep 1000');
    const mark = sim.trace.at(-1)!.seq;
    expect(sim.run(`docker ${args.join(' ')}`).exitCode).toBe(0);
    expect(bodies(sim, mark)).toEqual(real);
    expect(real.map((r) => r.path)).toEqual([
      '/v1.50/containers/web/exec',
      '/v1.50/exec/<id>/start',
      '/v1.50/exec/<id>/json',
    ]);
  });
});
