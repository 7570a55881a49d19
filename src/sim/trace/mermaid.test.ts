import { describe, expect, it } from 'vitest';
import { session } from '../test/helpers';
import { Engine } from '../engine';
import { OverviewIndex } from './overview';
import { commandMessages, escapeMermaid, toMermaid } from './mermaid';
import { roleRank } from '../core/components';
import { OVERVIEW_FALLBACK_TITLE } from './overview';

describe('mermaid export', () => {
  const { engine, results } = session([
    'docker run -d -p 8080:80 --name web nginx',
    'docker stop web',
  ]);
  const run = results[0]!;
  const messages = commandMessages(engine.trace, run.id);

  it('draws every message of a command with its real operation, participants in architecture order', () => {
    const text = toMermaid(messages, { title: run.command });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines[1]).toBe('  title docker run -d -p 8080:80 --name web nginx');
    const participants = lines
      .filter((l) => l.includes('participant'))
      .map((l) => l.trim().split(' ')[1]);
    expect(participants.slice(0, 7)).toEqual([
      'client',
      'dockerd',
      'registry',
      'auth',
      'containerd',
      expect.stringMatching(/^shim_[0-9a-f]{12}$/),
      'runc',
    ]);
    expect(participants).toContain('kernel');
    // Architecture order throughout (a container's output, if the command saw any, comes last).
    const ranks = participants.map((p) => roleRank(p!.replace(/_([0-9a-f]{12})$/, '-$1')));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(text).toContain('  client->>dockerd: POST /v1.50/containers/create?name=web\n');
    expect(text).toContain(
      '  dockerd-->>client: 404 Not Found POST /v1.50/containers/create?name=web\n',
    );
    expect(text).toContain(
      '  registry-->>dockerd: 401 Unauthorized HEAD /v2/library/nginx/manifests/latest\n',
    );
    expect(text).toContain('dockerd->>containerd: containerd.services.tasks.v1.Tasks/Create\n');
    expect(text).toMatch(/shim_[0-9a-f]{12}->>runc: runc create\n/);
    expect(text).toContain('dockerd-)client: pull progress\n');
    // One line per message, plus header, title and participants.
    expect(lines.filter((l) => /(->>|-->>|-\))/.test(l))).toHaveLength(messages.length);
  });

  it('escapes what Mermaid would misread', () => {
    expect(escapeMermaid('nginx -g daemon off; # x <y> 100% %%c {z}\nnext')).toBe(
      'nginx -g daemon off#59; #35; x #lt;y#gt; 100% #37;#37;c #123;z#125; next',
    );
    const text = toMermaid(messages);
    for (const line of text.split('\n').slice(1)) {
      const bare = line.replace(/#\w+;/g, '');
      expect(bare).not.toMatch(/[;<{}]|%%/);
    }
    // execve's argv contains "daemon off;": the arrow survives as one statement.
    expect(text).not.toContain('daemon off;');
  });

  it('draws one arrow per overview step', () => {
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const seqs = new Set(messages.map((m) => m.seq));
    const steps = index.steps.filter((s) => seqs.has(s.first));
    const text = toMermaid(messages, { steps });
    const arrows = text.split('\n').filter((l) => /(->>|-->>|-\))/.test(l));
    expect(arrows).toHaveLength(steps.length);
    expect(arrows.length).toBeLessThan(messages.length);
    expect(text).toContain('dockerd->>host: dockerd asks containerd to start the container');
    expect(text).not.toContain('runc create');
    // Only what the overview diagram shows, plus one participant for the inside of the host.
    const participants = text
      .split('\n')
      .filter((l) => l.includes('participant'))
      .map((l) => l.trim());
    expect(participants).toEqual([
      'participant client as docker CLI',
      'participant dockerd',
      'participant registry',
      'participant auth as auth.docker.io',
      'participant host as Docker host internals',
    ]);
    expect(text).not.toMatch(/\b(containerd|runc|kernel|shim_\w+|container_\w+)(->>|-->>|-\))/);
    expect(text).not.toContain(OVERVIEW_FALLBACK_TITLE);
  });

  it('draws the overview of a stop without internal participants or fallback titles', () => {
    const stop = commandMessages(engine.trace, results[1]!.id);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const seqs = new Set(stop.map((m) => m.seq));
    const text = toMermaid(stop, { steps: index.steps.filter((s) => seqs.has(s.first)) });
    expect(text).toContain(
      'dockerd->>host: dockerd asks containerd to send a signal to the container',
    );
    expect(text).toContain(
      'host-)dockerd: the container’s process exits and containerd tells dockerd',
    );
    expect(text).not.toMatch(/participant (containerd|runc|kernel)/);
    expect(text).not.toContain('the signal reaches the container');
    expect(text).not.toContain(OVERVIEW_FALLBACK_TITLE);
  });

  it('takes a command’s background messages (the exit chain during stop) with it', () => {
    const stop = commandMessages(engine.trace, results[1]!.id);
    expect(stop.some((m) => m.operation === '/tasks/exit')).toBe(true);
    expect(commandMessages(engine.trace, 999)).toEqual([]);
  });
});

describe('mermaid export across machines', () => {
  it('names another host’s components by machine, and keeps the learner’s bare', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker ps');
    const req = { method: 'GET' as const, path: '/v1.50/containers/json' };
    engine.serveHttp(req, { head() {}, chunk() {}, end() {} }, req, 'node-2');
    const text = toMermaid(engine.trace);
    expect(text).toContain('client->>dockerd: GET /v1.50/containers/json');
    expect(text).toContain('client->>node_2_dockerd: GET /v1.50/containers/json');
    expect(text).toContain('participant node_2_dockerd as node-2/dockerd');
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const overview = toMermaid(engine.trace, { steps: index.steps });
    expect(overview).toContain('client->>node_2_dockerd');
  });
});
