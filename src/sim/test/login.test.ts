import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { messagesOf } from './helpers';

const WARNING = `
WARNING! Your credentials are stored unencrypted in '/home/learner/.docker/config.json'.
Configure a credential helper to remove this warning. See
https://docs.docker.com/go/credential-store/

`;

function run(e: Engine, line: string) {
  const r = e.run(line);
  e.advance(2000);
  return e.result(r.id)!;
}

describe('docker login and logout', () => {
  it('checks the credentials through dockerd (POST /auth → GET /v2/, token with Basic auth, GET /v2/ again) and stores base64 in auths', () => {
    const e = new Engine({ seed: 1 });
    const r = run(e, 'echo hunter2 | docker login -u learner --password-stdin');
    expect(r.stdout).toBe('Login Succeeded\n');
    expect(r.stderr).toBe(WARNING);
    expect(r.exitCode).toBe(0);
    const wire = messagesOf(e, r)
      .filter((m) => m.kind === 'request' && m.protocol === 'http')
      .map((m) => `${m.from} → ${m.toHost}/${m.to}: ${m.operation}`);
    expect(wire).toEqual([
      'client → local/dockerd: HEAD /_ping',
      'client → local/dockerd: POST /v1.50/auth',
      'dockerd → registry-1.docker.io/registry: GET /v2/',
      'dockerd → auth.docker.io/auth: GET /token?account=learner&client_id=docker&offline_token=true&service=registry.docker.io',
      'dockerd → registry-1.docker.io/registry: GET /v2/',
    ]);
    // The password is never in the trace: only its mark.
    expect(JSON.stringify(messagesOf(e, r).map((m) => m.request))).not.toContain('hunter2');
    const cat = run(e, 'cat ~/.docker/config.json');
    expect(cat.stdout).toBe(
      `{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n\t\t\t"auth": "${btoa('learner:hunter2')}"\n\t\t}\n\t}\n}`,
    );
    // The same credentials again: the file does not change, so no warning.
    const again = run(e, 'echo hunter2 | docker login -u learner --password-stdin');
    expect(again.stderr).toBe('');
    const out = run(e, 'docker logout');
    expect(out.stdout).toBe('Removing login credentials for https://index.docker.io/v1/\n');
    expect(run(e, 'cat ~/.docker/config.json').stdout).toBe('{\n\t"auths": {}\n}');
  });

  it('the real errors: a refused login, the flag checks, -p warns, a credential helper that is not installed', () => {
    const e = new Engine({ seed: 1 });
    const bad = run(e, 'docker login -u Bad -p pw');
    expect(bad.stderr).toBe(
      'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nError response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password\n',
    );
    expect(bad.exitCode).toBe(1);
    expect(run(e, 'docker login --password-stdin').stderr).toBe(
      'the --password-stdin option requires --username to be set\n',
    );
    expect(run(e, 'docker login -u x -p y --password-stdin').stderr).toBe(
      'conflicting options: cannot specify both --password and --password-stdin\n',
    );
    expect(run(e, 'docker login -u ""').stderr).toBe('username is empty\n');
    // Docker Desktop's setting; the learner's machine has no docker-credential-desktop.
    e.machine.files.set('/home/learner/.docker/config.json', '{"credsStore": "desktop"}');
    const helper = run(e, 'echo pw | docker login -u learner --password-stdin');
    expect(helper.stderr).toBe(
      'Error saving credentials: error storing credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``\n',
    );
    expect(helper.exitCode).toBe(1);
  });
});
