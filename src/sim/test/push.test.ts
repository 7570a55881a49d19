import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { messagesOf } from './helpers';

function run(e: Engine, line: string) {
  const r = e.run(line);
  e.advance(30_000);
  return e.result(r.id)!;
}

/** The requests dockerd sent to Docker Hub and its token service for a command, with the answers' statuses. */
function hubWire(e: Engine, r: { id: number }) {
  const msgs = messagesOf(e, e.result(r.id)!);
  return msgs
    .filter(
      (m) =>
        m.kind === 'request' &&
        (m.toHost === 'registry-1.docker.io' || m.toHost === 'auth.docker.io'),
    )
    .map((m) => {
      const answer = msgs.find((a) => a.kind === 'response' && a.replyTo === m.seq);
      return `${m.operation.replace(/sha256(:|%3A)[0-9a-f]{64}/g, 'sha256$1<d>')} = ${String(answer?.status)}`;
    });
}

describe('docker push to Docker Hub', () => {
  it('without a login: the token grants no push and the upload is refused (containerd’s “push access denied”)', () => {
    const e = new Engine({ seed: 1 });
    run(e, 'docker pull alpine');
    run(e, 'docker tag alpine learner/app');
    const r = run(e, 'docker push learner/app');
    expect(r.stdout).toBe(
      'Using default tag: latest\nThe push refers to repository [docker.io/learner/app]\nacd0a5511c33: Waiting\n',
    );
    expect(r.stderr).toBe(
      'push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n',
    );
    expect(r.exitCode).toBe(1);
    const push = messagesOf(e, r).find((m) => m.operation.includes('/push'))!;
    // X-Registry-Auth as the CLI sends it with no login: base64url of {}.
    expect((push.request as { headers: Record<string, string> }).headers['X-Registry-Auth']).toBe(
      'e30=',
    );
  });

  it('logged in: HEAD, cross-repository mount from library/alpine, the config, then the manifest by tag; a second push finds everything', () => {
    const e = new Engine({ seed: 1 });
    run(e, 'docker pull alpine');
    run(e, 'docker tag alpine learner/app:v1');
    run(e, 'echo hunter2 | docker login -u learner --password-stdin');
    const r = run(e, 'docker push learner/app:v1');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(
      'The push refers to repository [docker.io/learner/app]\nacd0a5511c33: Waiting\nacd0a5511c33: Mounted from library/alpine\nv1: digest: sha256:0ab555d0de6bb16791bf1f7a90f7139b9485b432903f2828839c9e1259153fbd size: 639\n',
    );
    expect(r.stdout).toContain(
      ' Info -> Not all multiplatform-content is present and only the available single-platform image was pushed\n',
    );
    expect(hubWire(e, r)).toEqual([
      'HEAD /v2/learner/app/blobs/sha256:<d> = 401',
      'GET /token?scope=repository:learner/app:pull,push&service=registry.docker.io = 200',
      'HEAD /v2/learner/app/blobs/sha256:<d> = 404',
      'GET /token?scope=repository:learner/app:pull,push&scope=repository:library/alpine:pull&service=registry.docker.io = 200',
      'POST /v2/learner/app/blobs/uploads/?from=library%2Falpine&mount=sha256%3A<d> = 201',
      'HEAD /v2/learner/app/blobs/sha256:<d> = 404',
      'POST /v2/learner/app/blobs/uploads/?from=library%2Falpine&mount=sha256%3A<d> = 201',
      'HEAD /v2/learner/app/manifests/v1 = 404',
      'PUT /v2/learner/app/manifests/v1 = 201',
    ]);
    const header = (
      messagesOf(e, r).find((m) => m.operation.includes('/push'))!.request as {
        headers: Record<string, string>;
      }
    ).headers['X-Registry-Auth']!;
    const decoded = JSON.parse(atob(header.replace(/-/g, '+').replace(/_/g, '/'))) as Record<
      string,
      string
    >;
    expect(decoded).toEqual({
      username: 'learner',
      password: '[redacted by DockScope: 7 bytes]',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(JSON.stringify(e.trace.map((m) => m.request))).not.toContain('hunter2');
    const again = run(e, 'docker push learner/app:v1');
    expect(again.stdout).toContain('acd0a5511c33: Layer already exists\n');
    expect(hubWire(e, again).at(-1)).toBe('HEAD /v2/learner/app/manifests/v1 = 200');
  });

  it('pushing to library/ is refused: only Docker’s official images team may', () => {
    const e = new Engine({ seed: 1 });
    run(e, 'docker pull alpine');
    run(e, 'echo pw | docker login -u learner --password-stdin');
    const r = run(e, 'docker push alpine');
    expect(r.stderr).toBe(
      'push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n',
    );
  });

  it('another host pulls the pushed image back from Docker Hub and runs it', () => {
    const e = new Engine({ seed: 1 });
    run(e, 'docker pull alpine');
    run(e, 'docker tag alpine learner/app:v1');
    run(e, 'echo pw | docker login -u learner --password-stdin');
    run(e, 'docker push learner/app:v1');
    const pull = run(e, 'docker -H tcp://node-2:2375 pull learner/app:v1');
    expect(pull.exitCode).toBe(0);
    expect(pull.stdout).toBe(
      'v1: Pulling from learner/app\nacd0a5511c33: Pulling fs layer\nacd0a5511c33: Download complete\nacd0a5511c33: Pull complete\nDigest: sha256:0ab555d0de6bb16791bf1f7a90f7139b9485b432903f2828839c9e1259153fbd\nStatus: Downloaded newer image for learner/app:v1\ndocker.io/learner/app:v1\n',
    );
    // node-2's dockerd got the manifest from Docker Hub's pushed content.
    expect(
      messagesOf(e, pull).some(
        (m) =>
          m.fromHost === 'node-2' &&
          m.operation ===
            'GET /v2/learner/app/manifests/sha256:0ab555d0de6bb16791bf1f7a90f7139b9485b432903f2828839c9e1259153fbd',
      ),
    ).toBe(true);
    const ran = run(
      e,
      'docker -H tcp://node-2:2375 run --rm learner/app:v1 echo hello from node-2',
    );
    expect(ran.stdout).toBe('hello from node-2\n');
  });
});
