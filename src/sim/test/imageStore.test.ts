/**
 * What dockerd 28 with the containerd image store really does for images:
 * the pull stream, `docker images` from containerd's Images/List, and the
 * lines `docker rmi` prints (moby daemon/containerd/image_pull.go,
 * progress.go, image_list.go, image_delete.go at v28.2.2).
 */
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { messagesOf, session } from './helpers';

const ID = /sha256:[0-9a-f]{64}/;
const short = (s: string) =>
  s.replace(/[0-9a-f]{64}/g, '<id>').replace(/\b[0-9a-f]{12}\b/g, '<12>');

describe('docker rmi prints what moby 28 prints for the containerd image store', () => {
  it('rmi nginx: one Untagged line for the tag, one Deleted line for the image; no repo digest line', () => {
    const { results } = session(['docker pull alpine', 'docker pull nginx', 'docker rmi nginx']);
    expect(results[2]!.stdout).toMatch(/^Untagged: nginx:latest\nDeleted: sha256:[0-9a-f]{64}\n$/);
    expect(results[2]!.stdout).not.toMatch(/@sha256/);
  });

  it('rmi alpine:latest while alpine:3.20 names the same image only untags', () => {
    const { results } = session([
      'docker pull alpine',
      'docker pull alpine:3.20',
      'docker rmi alpine:latest',
      'docker images',
    ]);
    expect(results[2]!.stdout).toBe('Untagged: alpine:latest\n');
    expect(results[3]!.stdout).toMatch(/^alpine +3\.20 /m);
  });

  it('rmi <id> of an image with two names is refused; -f untags both (in containerd’s name order) and deletes', () => {
    const { engine, results } = session(['docker pull alpine', 'docker pull alpine:3.20']);
    const id = /alpine +latest +([0-9a-f]{12})/.exec(engine.run('docker images').stdout)![1]!;
    const refused = engine.run(`docker rmi ${id}`);
    expect(refused.stderr).toBe(
      `Error response from daemon: conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories\n`,
    );
    const forced = engine.run(`docker rmi -f ${id}`);
    expect(forced.stdout).toMatch(
      /^Untagged: alpine:3\.20\nUntagged: alpine:latest\nDeleted: sha256:[0-9a-f]{64}\n$/,
    );
    void results;
  });

  it('rmi <id> of an image a stopped container uses names the stopped container', () => {
    const { engine, results } = session(['docker pull alpine', 'docker run alpine true']);
    const id = /alpine +latest +([0-9a-f]{12})/.exec(engine.run('docker images').stdout)![1]!;
    const r = engine.run(`docker rmi ${id}`);
    expect(short(r.stderr)).toBe(
      'Error response from daemon: conflict: unable to delete <12> (must be forced) - image is being used by stopped container <12>\n',
    );
    expect(r.stderr).toContain(id);
    void results;
  });

  it('rmi alpine with a stopped container: refused by name; -f only untags and keeps the image dangling', () => {
    const { results } = session([
      'docker pull alpine',
      'docker run alpine true',
      'docker rmi alpine',
      'docker rmi -f alpine',
      'docker images',
    ]);
    expect(short(results[2]!.stderr)).toBe(
      'Error response from daemon: conflict: unable to delete alpine:latest (must be forced) - container <12> is using its referenced image <12>\n',
    );
    expect(results[3]!.stdout).toBe('Untagged: alpine:latest\n');
    expect(results[4]!.stdout).toMatch(/^<none> +<none> +[0-9a-f]{12} /m);
  });

  it('rmi -f nginx while a container runs it untags (moby soft-deletes by name); rmi -f <id> is a hard conflict', () => {
    const { engine, results } = session(['docker pull nginx', 'docker run -d --name web nginx']);
    const id = /nginx +latest +([0-9a-f]{12})/.exec(engine.run('docker images').stdout)![1]!;
    const byId = engine.run(`docker rmi -f ${id}`);
    expect(short(byId.stderr)).toBe(
      'Error response from daemon: conflict: unable to delete <12> (cannot be forced) - image is being used by running container <12>\n',
    );
    const byName = engine.run('docker rmi -f nginx');
    expect(byName.stdout).toBe('Untagged: nginx:latest\n');
    expect(byName.exitCode).toBe(0);
    void results;
  });

  it('rmi by digest reference untags every tag of that repository and deletes the image', () => {
    const { engine, results } = session(['docker pull alpine']);
    const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(results[0]!.stdout)?.[1];
    expect(digest).toBeDefined();
    const r = engine.run(`docker rmi alpine@${digest}`);
    expect(r.stdout).toBe(`Untagged: alpine:latest\nDeleted: ${digest}\n`);
  });
});

describe('docker images is built from containerd’s Images/List', () => {
  it('a dangling image pulled again gets its name back (the dangling name goes)', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run alpine true',
      'docker rmi -f alpine',
      'docker pull alpine',
      'docker images',
    ]);
    expect(results[3]!.stdout).toMatch(/Status: Downloaded newer image for alpine:latest/);
    expect(results[4]!.stdout).not.toMatch(/<none>/);
    expect(results[4]!.stdout).toMatch(/^alpine +latest /m);
    const list = messagesOf(engine, results[4]!).find(
      (m) => m.kind === 'response' && m.operation.endsWith('Images/List'),
    )!;
    const names = (list.response as { images: { name: string }[] }).images.map((i) => i.name);
    expect(names).toEqual(['docker.io/library/alpine:latest']);
  });

  it('containerd answers Images/List with its image records; nothing is Unimplemented', () => {
    const { engine, results } = session(['docker pull alpine', 'docker images']);
    const msgs = messagesOf(engine, results[1]!);
    const answer = msgs.find(
      (m) => m.kind === 'response' && m.operation.endsWith('Images/List'),
    ) as Message | undefined;
    expect(answer?.status).toBe('OK');
    const images = (answer!.response as { images: Array<Record<string, unknown>> }).images;
    expect(images).toHaveLength(1);
    const [img] = images as Array<{
      name: string;
      target: { media_type: string; digest: string; size: number };
      labels: Record<string, string>;
      created_at: string;
      updated_at: string;
    }>;
    expect(img!.name).toBe('docker.io/library/alpine:latest');
    expect(img!.target.media_type).toBe('application/vnd.oci.image.index.v1+json');
    expect(img!.target.digest).toMatch(ID);
    expect(img!.target.size).toBeGreaterThan(0);
    expect(img!.labels).toEqual({});
    expect(Date.parse(img!.created_at)).not.toBeNaN();
    expect(img!.updated_at).toBe(img!.created_at);
    expect(engine.trace.some((m) => m.status === 'Unimplemented')).toBe(false);
  });

  it('a name containerd no longer has is not listed, and two names of one image are one row each', () => {
    const { results } = session(['docker pull alpine', 'docker pull alpine:3.20', 'docker images']);
    const rows = results[2]!.stdout.trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(/ +/).slice(0, 3).join(' '))).toEqual([
      expect.stringMatching(/^alpine 3\.20 [0-9a-f]{12}$/),
      expect.stringMatching(/^alpine latest [0-9a-f]{12}$/),
    ]);
  });
});

describe('the pull stream of the containerd image store', () => {
  const { engine, results } = session(['docker pull nginx']);
  const pull = results[0]!;
  const statuses = messagesOf(engine, pull)
    .filter((m) => m.protocol === 'stream' && m.operation === 'pull progress')
    .map((m) => (m.request as { status?: string }).status ?? '');

  it('has no Verifying Checksum and no Waiting: those are the graph-driver store’s', () => {
    expect(statuses).not.toContain('Verifying Checksum');
    expect(statuses).not.toContain('Waiting');
    expect(pull.stdout).not.toMatch(/Verifying Checksum|Waiting/);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'Pulling fs layer',
        'Downloading',
        'Download complete',
        'Extracting',
        'Pull complete',
      ]),
    );
  });

  it('downloads every layer at once: no limit of three', () => {
    const blobGets = messagesOf(engine, pull).filter(
      (m) => m.kind === 'request' && /^GET \/v2\/library\/nginx\/blobs\//.test(m.operation),
    );
    const layerGets = blobGets.slice(1); // the first blob is the config
    expect(layerGets.length).toBeGreaterThan(3);
    const firstAnswer = messagesOf(engine, pull).find(
      (m) => m.kind === 'response' && m.replyTo === layerGets[0]!.seq,
    )!;
    // Every layer request went out before the first layer arrived.
    expect(layerGets.every((g) => g.seq < firstAnswer.seq)).toBe(true);
  });

  it('Extracting counts seconds, as the containerd store reports it', () => {
    const extracting = messagesOf(engine, pull)
      .filter((m) => m.operation === 'pull progress')
      .map((m) => m.request as { status?: string; progressDetail?: { units?: string } })
      .filter((r) => r.status === 'Extracting');
    expect(extracting.length).toBeGreaterThan(0);
    expect(extracting.every((r) => r.progressDetail?.units === 's')).toBe(true);
  });

  it('takes the lease before resolving the tag and releases it after the final status', () => {
    const msgs = messagesOf(engine, pull);
    const lease = msgs.findIndex(
      (m) => m.kind === 'request' && m.operation.endsWith('Leases/Create'),
    );
    const head = msgs.findIndex(
      (m) => m.kind === 'request' && /^HEAD \/v2\/.*manifests/.test(m.operation),
    );
    const release = msgs.findIndex(
      (m) => m.kind === 'request' && m.operation.endsWith('Leases/Delete'),
    );
    const status = msgs.findIndex(
      (m) =>
        m.operation === 'pull progress' &&
        /^Status:/.test(String((m.request as { status?: string }).status)),
    );
    expect(lease).toBeGreaterThanOrEqual(0);
    expect(lease).toBeLessThan(head);
    expect(release).toBeGreaterThan(status);
  });

  it('an up-to-date pull takes and releases a lease too', () => {
    const s = session(['docker pull alpine', 'docker pull alpine']);
    const ops = messagesOf(s.engine, s.results[1]!)
      .filter((m) => m.kind === 'request' && m.protocol === 'grpc')
      .map((m) => m.operation.split('.').pop());
    expect(ops[0]).toBe('Leases/Create');
    expect(ops.at(-1)).toBe('Leases/Delete');
  });
});

describe('which Docker this host is', () => {
  it('docker info shows what a 28.x daemon with the containerd snapshotter prints', () => {
    const { results } = session(['docker info']);
    expect(results[0]!.stdout).toContain(
      ' Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n',
    );
  });
});

describe('only commands that need dockerd ping it', () => {
  it.each(['docker ps --help', 'docker version --help', 'docker context ls'])(
    '%s sends nothing',
    (line) => {
      const { engine, results } = session([line]);
      expect(messagesOf(engine, results[0]!).filter((m) => m.from === 'client')).toEqual([]);
    },
  );

  it('docker version does ping, then asks for the version', () => {
    const { engine, results } = session(['docker version']);
    const sent = messagesOf(engine, results[0]!)
      .filter((m) => m.from === 'client' && m.kind === 'request')
      .map((m) => m.operation);
    expect(sent).toEqual(['HEAD /_ping', 'GET /v1.50/version']);
  });
});

describe('concurrent downloads finish in the same order whenever the pull starts', () => {
  it('redis’s two tiny layers (equal arrival times) keep their order at any start offset', () => {
    const orders = new Set<string>();
    for (const k of [0, 3, 15, 18, 21, 40.5, 57.37]) {
      const engine = new Engine({ seed: 7 });
      engine.advance(k);
      const r = engine.run('docker run -d --name cache redis');
      orders.add(r.stderr.match(/^\w+: Download complete$/gm)!.join(','));
    }
    expect(orders.size).toBe(1);
  });
});
