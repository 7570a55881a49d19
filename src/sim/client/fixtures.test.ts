/**
 * The simulated CLI against the real one: every capture in
 * fixtures/cli-captures.json (the real docker 28.2.2 CLI talking to a fake
 * daemon on loopback) is replayed on a simulated host in the same state,
 * and the client's side must match: exit code, whether it pinged, the
 * requests (method, path, query, create body) and, where the output does
 * not depend on the daemon's data, the exact bytes printed.
 */
import { describe, expect, it } from 'vitest';
import captures from './fixtures/cli-captures.json';
import { Engine } from '../engine';

interface Capture {
  name: string;
  args: string[];
  command: string;
  seed: {
    images?: string[];
    containers?: Array<{
      name: string;
      image: string;
      state: string;
      ports?: Record<string, string>;
    }>;
  };
  exitCode: number;
  stdout: string;
  stderr: string;
  pinged: boolean;
  requests: Array<{
    method: string;
    path: string;
    query: [string, string][];
    body?: unknown;
    headers?: Record<string, string>;
  }>;
}

const ALL = (captures as unknown as { scenarios: Capture[] }).scenarios;
/**
 * Captures of situations the simulation has no counterpart for (no daemon, a
 * fake 429, timing probes, an unpause of a container the fake never paused), and one where the capture's fake daemon was wrong:
 * `--name x` is refused by real dockerd (names need two characters).
 */
const SKIP =
  /^(no-daemon-|pull-error-mid-stream|run-pull-error-mid-stream|run-timing-probe|run-d-timing-probe|run-d-rm-env-name|life-unpause)/;
/**
 * Output that depends on the daemon's own data (IDs, layers, dates, versions): compared by shape only.
 * run-bad-tag-case too: the fake daemon said `nginx:Bad` was not found; DockScope cannot know which
 * tags Docker Hub has beyond those it carries, so its daemon answers with its note instead.
 */
const DATA_DEPENDENT =
  /^(life-wait|version|info|images|image-ls|pull-|ps|container-ls|logs$|rmi$|rmi-f|run-hello-world|run-d-present|run-d-absent|run-d-ports-name|run-d-rm-env-name|run-bad-tag-case)/;

const normalise = (s: string) =>
  s
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<short>');

/** Put a fresh simulated host in the capture's starting state. */
function prepare(c: Capture): Engine {
  const engine = new Engine({ seed: 7 });
  for (const image of c.seed.images ?? []) engine.run(`docker pull ${image}`);
  for (const ct of c.seed.containers ?? []) {
    const ports = Object.entries(ct.ports ?? {})
      .map(([p, h]) => `-p ${h}:${p.split('/')[0]}`)
      .join(' ');
    const cmd = ct.image.startsWith('alpine') ? ' sleep 3600' : '';
    if (ct.state === 'created')
      engine.run(`docker create --name ${ct.name} ${ports} ${ct.image}${cmd}`);
    else {
      engine.run(`docker run -d --name ${ct.name} ${ports} ${ct.image}${cmd}`);
      if (ct.state === 'exited') engine.run(`docker kill ${ct.name}`);
    }
  }
  engine.advance(1000);
  return engine;
}

function clientRequests(engine: Engine, commandId: number) {
  return engine.trace
    .filter((m) => m.commandId === commandId && m.from === 'client' && m.kind === 'request')
    .map(
      (m) =>
        m.request as {
          method: string;
          path: string;
          query?: Record<string, string>;
          body?: unknown;
        },
    );
}

const cases = ALL.filter(
  (c) => !SKIP.test(c.name) && c.seed.containers?.every((ct) => ct.name.length > 1) !== false,
);

describe(`the simulated CLI matches ${cases.length} captures of the real docker CLI`, () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const engine = prepare(c);
    const r = engine.run(c.command);
    expect(r.exitCode).toBe(c.exitCode);
    const sent = clientRequests(engine, r.id);
    expect(sent.length > 0).toBe(c.pinged);
    const shape = (req: {
      method: string;
      path: string;
      query?: Record<string, string> | [string, string][];
    }) => {
      const q = Array.isArray(req.query) ? Object.fromEntries(req.query) : (req.query ?? {});
      return `${req.method} ${normalise(req.path)} ${JSON.stringify(Object.fromEntries(Object.entries(q).sort()))}`;
    };
    expect(sent.map(shape)).toEqual(c.requests.map(shape));
    c.requests.forEach((want, i) => {
      // ── res: update bodies are pinned byte for byte too ──
      if ((want.path.endsWith('/containers/create') || want.path.endsWith('/update')) && want.body)
        expect(JSON.stringify(sent[i]!.body)).toBe(JSON.stringify(want.body));
    });
    if (DATA_DEPENDENT.test(c.name)) {
      const firstLine = (s: string) => s.split('\n')[0] ?? '';
      if (
        /^(ps|container-ls|images|image-ls)/.test(c.name) &&
        !c.args.includes('-q') &&
        !c.args.includes('-aq')
      )
        expect(firstLine(r.stdout).replace(/ +/g, ' ')).toBe(
          firstLine(c.stdout).replace(/ +/g, ' '),
        );
      if (c.name.startsWith('run-')) expect(firstLine(r.stderr)).toBe(firstLine(c.stderr));
    } else {
      expect(normalise(r.stdout)).toBe(normalise(c.stdout));
      expect(normalise(r.stderr)).toBe(normalise(c.stderr));
    }
  });
});
