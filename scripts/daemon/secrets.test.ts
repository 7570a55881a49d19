// Credentials the real CLI sends never enter the trace, in any encoding (issue 10, defect 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from './server';
import { openEvents, request, secretForms, until } from './testHttp';

let daemon: Daemon;
let port: number;
const PASSWORD = 'hunter2<&>"é/+?~secret';
const USER = 'learner';

beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
  port = daemon.port!;
});
afterAll(() => daemon.close());

/** Go's encoding/json escapes <, > and & (the CLI marshals the AuthConfig with it). */
const goJson = (v: unknown) =>
  JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** What the CLI puts in X-Registry-Auth: base64url (with padding) of the AuthConfig JSON. */
const registryAuth = (auth: Record<string, string>) =>
  Buffer.from(goJson(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

describe('secrets are redacted at the door', () => {
  it('a docker login and a logged-in pull leave no trace of the password, in the trace or the live events', async () => {
    const events = await openEvents(port);
    expect(events.status).toBe(200);
    const api = { port };
    const login = await request(
      api,
      'POST',
      '/v1.50/auth',
      goJson({ username: USER, password: PASSWORD, serveraddress: 'https://index.docker.io/v1/' }),
      { 'Content-Type': 'application/json' },
    );
    // /auth is answered: dockerd logs in to the simulated Docker Hub with the redacted
    // password (any password for a name that can be a Docker ID).
    expect(login.status).toBe(/^[a-z0-9]{4,30}$/.test(USER) ? 200 : 401);
    if (login.status === 401)
      expect(JSON.parse(login.text).message).toMatch(
        /^Get "https:\/\/registry-1\.docker\.io\/v2\/": unauthorized: /,
      );
    const header = registryAuth({
      username: USER,
      password: PASSWORD,
      serveraddress: 'https://index.docker.io/v1/',
    });
    const pull = await request(
      api,
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
      undefined,
      {
        'X-Registry-Auth': header,
        Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
        Cookie: `session=${PASSWORD}`,
      },
    );
    expect(pull.status).toBe(200);
    // A login body in another case and a huge one (kept as a summary): still no password.
    await request(api, 'POST', '/auth', JSON.stringify({ Username: USER, PassWord: PASSWORD }));
    await request(
      api,
      'POST',
      '/auth',
      JSON.stringify({ username: USER, password: PASSWORD, padding: 'x'.repeat(40_000) }),
    );
    const trace = await request(api, 'POST', '/_dockscope/trace', '{}', {
      Host: `127.0.0.1:${port}`,
    });
    expect(trace.status).toBe(200);
    await until(() => events.text().includes('images/create'));
    events.close();
    const everything = trace.text + events.text() + JSON.stringify(daemon.engine.trace);
    for (const form of [...secretForms(PASSWORD), header])
      expect(everything.includes(form), `the trace holds ${form}`).toBe(false);
    // The inspector can still show that the headers were there, and redacted.
    const pullMessage = daemon.engine.trace.find(
      (m) => m.from === 'client' && m.kind === 'request' && m.operation.includes('images/create'),
    );
    const headers = (pullMessage?.request as { headers: Record<string, string> }).headers;
    // X-Registry-Auth keeps its username and registry (dockerd pushes as that user); the
    // password in it is a mark.
    expect(
      JSON.parse(
        Buffer.from(
          headers['x-registry-auth']!.replace(/-/g, '+').replace(/_/g, '/'),
          'base64',
        ).toString('utf8'),
      ),
    ).toEqual({
      username: USER,
      password: `[redacted by DockScope: ${Buffer.byteLength(PASSWORD)} bytes]`,
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(headers['authorization']).toMatch(/^\[redacted by DockScope: \d+ bytes\]$/);
    expect(headers['cookie']).toMatch(/^\[redacted by DockScope: \d+ bytes\]$/);
    const loginMessage = daemon.engine.trace.find(
      (m) => m.from === 'client' && m.kind === 'request' && m.operation.includes('/auth'),
    );
    expect((loginMessage?.request as { body: Record<string, string> }).body).toEqual({
      username: USER,
      password: `[redacted by DockScope: ${Buffer.byteLength(PASSWORD)} bytes]`,
      serveraddress: 'https://index.docker.io/v1/',
    });
  });
});
