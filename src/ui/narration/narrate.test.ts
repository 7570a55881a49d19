import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { narrate, shortOperation, whyOf } from './narrate';

describe('narration', () => {
  it('has a why for every message of a typical session', () => {
    const engine = new Engine({ seed: 1, tty: true });
    for (const line of [
      'docker run hello-world',
      'docker run -d -p 8080:80 --name web nginx',
      'docker ps',
      'docker stop web',
      'docker rm web',
    ]) {
      engine.run(line);
    }
    const missing = engine.trace
      .filter((m) => !whyOf(m))
      .map((m) => `${m.protocol} ${m.from}→${m.to} ${m.operation}`);
    expect(missing).toEqual([]);
  });

  it('picks the 404 explanation for a create that finds no image', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker create alpine');
    const notFound = engine.trace.find(
      (m) => m.status === 404 && m.operation.includes('/containers/create'),
    );
    expect(notFound && narrate(notFound).why).toMatch(/not local/);
  });

  it('shortens operations for labels', () => {
    expect(shortOperation(`POST /v1.50/containers/${'a'.repeat(64)}/start`)).toBe(
      `POST /containers/${'a'.repeat(12)}/start`,
    );
    expect(shortOperation('containerd.services.tasks.v1.Tasks/Create')).toBe('Tasks/Create');
  });
});
