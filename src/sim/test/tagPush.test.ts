import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { messagesOf, session } from './helpers';

const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('docker tag', () => {
  it('gives an image a second name: same ID, one more containerd record, a tag event', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker tag alpine myuser/app:v1',
      'docker images --format "{{.Repository}}:{{.Tag}} {{.ID}}"',
    ]);
    const tag = results[1]!;
    const images = results[2]!;
    expect(engine.result(tag.id)?.exitCode).toBe(0);
    expect(out(engine.result(tag.id)!)).toBe('');
    const lines = out(engine.result(images.id)!).trim().split('\n').sort();
    expect(lines).toHaveLength(2);
    const ids = lines.map((l) => l.split(' ')[1]);
    expect(ids[0]).toBe(ids[1]);
    expect(lines[0]).toMatch(/^alpine:latest /);
    expect(lines[1]).toMatch(/^myuser\/app:v1 /);
    const ops = messagesOf(engine, engine.result(tag.id)!)
      .filter((m) => m.kind === 'request')
      .map((m) => m.operation);
    expect(ops).toContain('POST /v1.50/images/alpine/tag?repo=docker.io%2Fmyuser%2Fapp&tag=v1');
    expect(ops.filter((o) => o.endsWith('Images/Create'))).toHaveLength(1);
  });

  it('rmi of one of two names only untags: the image stays', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker tag alpine myuser/app',
      'docker rmi myuser/app',
      'docker images --format "{{.Repository}}:{{.Tag}}"',
    ]);
    expect(out(engine.result(results[2]!.id)!)).toBe('Untagged: myuser/app:latest\n');
    expect(out(engine.result(results[3]!.id)!)).toBe('alpine:latest\n');
  });

  it('the overlay2 graph driver keeps the name in dockerd: containerd is not asked', () => {
    const engine = new Engine({ seed: 1 });
    engine.setting({ key: 'containerd-snapshotter', value: false });
    engine.advance(5000);
    const pull = engine.run('docker pull alpine');
    engine.advance(20_000);
    expect(engine.result(pull.id)?.exitCode).toBe(0);
    const tag = engine.run('docker tag alpine web:1');
    engine.advance(1000);
    expect(engine.result(tag.id)?.exitCode).toBe(0);
    const msgs = messagesOf(engine, engine.result(tag.id)!);
    expect(msgs.some((m) => m.to === 'containerd')).toBe(false);
    const rmi = engine.run('docker rmi web:1');
    engine.advance(1000);
    expect(out(engine.result(rmi.id)!)).toBe('Untagged: web:1\n');
  });

  it('errors: the client’s parse errors, a digest name, an image that does not exist', () => {
    const { engine, results } = session([
      'docker tag alpine Web',
      'docker tag Alpine web',
      'docker tag alpine web@sha256:' + 'a'.repeat(64),
      'docker tag nosuch web',
      'docker tag alpine',
    ]);
    const texts = results.map((r) => engine.result(r.id)!);
    expect(out(texts[0]!)).toBe(
      'Error parsing reference: "Web" is not a valid repository/tag: invalid reference format: repository name (library/Web) must be lowercase\n',
    );
    expect(out(texts[1]!)).toBe(
      'Error parsing reference: "Alpine" is not a valid repository/tag: invalid reference format: repository name (library/Alpine) must be lowercase\n',
    );
    expect(out(texts[2]!)).toBe('refusing to create a tag with a digest reference\n');
    expect(out(texts[3]!)).toBe('Error response from daemon: No such image: nosuch:latest\n');
    expect(out(texts[4]!)).toContain("docker: 'docker tag' requires 2 arguments");
    for (const t of texts) expect(t.exitCode).toBe(1);
  });
});
