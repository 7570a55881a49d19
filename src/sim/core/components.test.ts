import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { COMPONENT_KINDS, ROLE_ORDER, kindOf, roleOf, roleRank } from './components';
import { OVERVIEW_COMPONENTS } from '../trace/overview';

/** A session touching every kind the engine simulates today. */
function session(): Engine {
  const engine = new Engine({ seed: 1, tty: true });
  for (const line of [
    'docker run -d -p 8080:80 --name web nginx',
    'docker logs web',
    'docker exec web ls /',
    'docker stop web',
    'docker run --rm alpine echo hi',
    'docker network create n',
    'docker volume create v',
    'docker rm web',
    'docker rmi nginx',
    // Other daemons: over plain tcp, over ssh (ssh, sshd, dial-stdio), over TLS.
    'docker -H tcp://node-2:2375 run -d --name web nginx',
    'docker -H ssh://learner@node-2 ps',
    'docker --tlsverify -H tcp://node-3:2376 ps',
  ]) {
    engine.run(line);
    engine.advance(2000);
  }
  return engine;
}

describe('component kinds', () => {
  it('describe every component a message travels between, and speak every protocol it uses', () => {
    const trace = session().trace;
    expect(new Set(trace.map((m) => m.toHost))).toEqual(
      new Set(['local', 'node-2', 'node-3', 'registry-1.docker.io', 'auth.docker.io']),
    );
    expect(trace.some((m) => m.to === 'dial-stdio')).toBe(true);
    const missing = new Set<string>();
    for (const m of trace)
      for (const id of [m.from, m.to]) {
        const kind = kindOf(id);
        if (!kind) missing.add(id);
        else if (!(kind.protocols as readonly string[]).includes(m.protocol))
          missing.add(`${roleOf(id)} ${m.protocol}`);
      }
    expect([...missing]).toEqual([]);
  });

  it('have one entry per role, with a title, a name and a sentence', () => {
    expect(new Set(ROLE_ORDER).size).toBe(COMPONENT_KINDS.length);
    for (const k of COMPONENT_KINDS) {
      expect(k.title, k.role).not.toBe('');
      expect(k.name, k.role).not.toBe('');
      expect(k.about, k.role).toMatch(/\.$/);
    }
  });

  it('name a component by its kind, on any machine', () => {
    expect(roleOf('shim-0123456789ab')).toBe('shim');
    expect(roleOf('container-0123456789ab')).toBe('container');
    expect(roleOf('dial-stdio')).toBe('dial-stdio');
    expect(roleOf('node-2/shim-0123456789ab')).toBe('shim');
    expect(roleOf('node-2/dockerd')).toBe('dockerd');
    expect(roleRank('client')).toBeLessThan(roleRank('ssh'));
    expect(roleRank('sshd')).toBeLessThan(roleRank('dial-stdio'));
    expect(roleRank('dial-stdio')).toBeLessThan(roleRank('dockerd'));
    expect(roleRank('something-else')).toBe(ROLE_ORDER.length);
  });

  it('the overview shows the CLI, the ssh path, dockerd and the registries as themselves', () => {
    expect(OVERVIEW_COMPONENTS).toEqual([
      'client',
      'ssh',
      'bash',
      'sshd',
      'dial-stdio',
      'systemctl',
      'systemd',
      'dockerd',
      'dockerd-bootstrap',
      'registry',
      'auth',
    ]);
  });
});
