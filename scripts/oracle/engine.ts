// The fake daemon's in-memory engine: local images, containers, the "processes" they run,
// and the daemon-side error texts (moby 28, containerd image store). No HTTP here.
import { CATALOG, HELLO_WORLD_TEXT, type ImageSpec, findInCatalog, hex, refOf } from './catalog';
import type { Container, Frame, PortBindings } from './model';
import type { Counts } from './system';

export interface ContainerSeed {
  readonly name: string;
  /** Image as the user typed it, e.g. "nginx" (must be a catalog image). */
  readonly image: string;
  readonly cmd?: readonly string[];
  readonly state: 'created' | 'running' | 'exited';
  readonly exitCode?: number;
  readonly createdAgo: number;
  readonly startedAgo?: number;
  readonly finishedAgo?: number;
  /** e.g. { "80/tcp": "8080" } */
  readonly ports?: Readonly<Record<string, string>>;
  readonly logs?: readonly Frame[];
}

export interface DaemonSeed {
  /** Local images, as catalog refs ("nginx:latest"). */
  readonly images?: readonly string[];
  readonly containers?: readonly ContainerSeed[];
  /** Make pulls fail mid-stream with this errorDetail message. */
  readonly pullStreamError?: string;
  /** Delay parts of hijack/wait answers to probe what the CLI waits for. */
  readonly timing?: {
    readonly attachUpgradeDelayMs?: number;
    readonly waitHeadersDelayMs?: number;
  };
}

/** An error the API answers as {"message": …} with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NAMES = ['adoring_chaum', 'brave_turing', 'eager_hopper', 'focused_lovelace', 'jolly_kare'];

/** "nginx", "library/nginx", "docker.io/library/nginx:latest" → "nginx:latest". */
export function normalizeRef(ref: string): string {
  let r = ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!r.slice(r.lastIndexOf('/') + 1).includes(':')) r += ':latest';
  return r;
}

export interface Program {
  readonly frames: Frame[];
  /** Exit code, or null for a process that keeps running. */
  readonly exit: number | null;
}

/** What the container's process does when started. */
export function programFor(c: Container): Program {
  const argv = [...(c.entrypoint ?? []), ...c.cmd];
  const [bin = '', ...rest] = argv;
  if (bin === '/hello') return { frames: [{ stream: 1, data: HELLO_WORLD_TEXT }], exit: 0 };
  if (bin === 'echo') return { frames: [{ stream: 1, data: `${rest.join(' ')}\n` }], exit: 0 };
  if (bin === 'true') return { frames: [], exit: 0 };
  if (bin === 'false') return { frames: [], exit: 1 };
  if (bin === 'sh' && rest[0] === '-c' && rest[1] === 'echo out; echo err >&2; exit 3') {
    return {
      frames: [
        { stream: 1, data: 'out\n' },
        { stream: 2, data: 'err\n' },
      ],
      exit: 3,
    };
  }
  return { frames: [], exit: null };
}

export class Engine {
  readonly images: ImageSpec[] = [];
  readonly containers: Container[] = [];
  private serial = 0;

  constructor(seed: DaemonSeed) {
    for (const ref of seed.images ?? []) this.images.push(this.catalogImage(ref));
    for (const s of seed.containers ?? []) this.seedContainer(s);
  }

  private catalogImage(ref: string): ImageSpec {
    const img = findInCatalog(normalizeRef(ref));
    if (!img) throw new Error(`fake daemon: ${ref} is not in the catalog`);
    return img;
  }

  private seedContainer(s: ContainerSeed): void {
    const c = this.newContainer(
      this.catalogImage(s.image),
      s.image,
      s.name,
      s.cmd ? [...s.cmd] : null,
    );
    c.state = s.state;
    c.exitCode = s.exitCode ?? 0;
    c.createdRel = -s.createdAgo;
    c.startedRel = s.startedAgo === undefined ? null : -s.startedAgo;
    c.finishedRel = s.finishedAgo === undefined ? null : -s.finishedAgo;
    for (const [port, hostPort] of Object.entries(s.ports ?? {})) {
      c.portBindings[port] = [{ HostIp: '', HostPort: hostPort }];
    }
    c.logs.push(...(s.logs ?? []));
  }

  private newContainer(
    img: ImageSpec,
    imageRef: string,
    name: string | null,
    cmd: string[] | null,
  ): Container {
    const n = this.serial++;
    let id = hex(`container/${n}`);
    for (let k = 0; /^\d+$/.test(id.slice(0, 12)); k++) id = hex(`container/${n}/${k}`);
    const command = cmd && cmd.length > 0 ? cmd : [...img.cmd];
    const argv = [...(img.entrypoint ?? []), ...command];
    const c: Container = {
      id,
      name: name ?? NAMES[n % NAMES.length]!,
      imageRef,
      image: img,
      path: argv[0] ?? '',
      args: argv.slice(1),
      cmd: command,
      entrypoint: img.entrypoint ? [...img.entrypoint] : null,
      env: [...img.env],
      state: 'created',
      exitCode: 0,
      createdRel: 0,
      startedRel: null,
      finishedRel: null,
      portBindings: {},
      autoRemove: false,
      logs: [],
      ip: `172.17.0.${2 + n}`,
    };
    this.containers.unshift(c); // newest first, like GET /containers/json
    return c;
  }

  findImage(ref: string): ImageSpec | undefined {
    const bare = ref.replace(/^sha256:/, '');
    if (/^[0-9a-f]{12,64}$/.test(bare))
      return this.images.find((i) => i.id.slice(7).startsWith(bare));
    const want = normalizeRef(ref);
    return this.images.find((i) => refOf(i) === want);
  }

  container(idOrName: string): Container {
    const c =
      this.containers.find((x) => x.id === idOrName || x.name === idOrName.replace(/^\//, '')) ??
      this.containers.find((x) => idOrName.length > 0 && x.id.startsWith(idOrName));
    if (!c) throw new ApiError(404, `No such container: ${idOrName}`);
    return c;
  }

  /** POST /containers/create. */
  create(body: Record<string, unknown>, name: string | null): Container {
    const imageRef = typeof body.Image === 'string' ? body.Image : '';
    const img = this.findImage(imageRef);
    if (!img) throw new ApiError(404, `No such image: ${normalizeRef(imageRef)}`);
    const taken = name === null ? undefined : this.containers.find((c) => c.name === name);
    if (taken) {
      throw new ApiError(
        409,
        `Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    const cmd = Array.isArray(body.Cmd) ? body.Cmd.map(String) : null;
    const c = this.newContainer(img, imageRef, name, cmd);
    const host = (body.HostConfig ?? {}) as { PortBindings?: PortBindings; AutoRemove?: boolean };
    c.portBindings = host.PortBindings ?? {};
    c.autoRemove = host.AutoRemove === true;
    if (Array.isArray(body.Env)) c.env.push(...body.Env.map(String));
    return c;
  }

  remove(c: Container, force: boolean): void {
    if (c.state === 'running' && !force) {
      throw new ApiError(
        409,
        `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`,
      );
    }
    this.containers.splice(this.containers.indexOf(c), 1);
  }

  /** DELETE /images/{name}: the ImageDeleteResponseItem list. */
  removeImage(ref: string, force: boolean): Record<string, string>[] {
    const img = this.findImage(ref);
    if (!img) throw new ApiError(404, `No such image: ${normalizeRef(ref)}`);
    const user = this.containers.find((c) => c.image.id === img.id);
    if (user && !force) {
      throw new ApiError(
        409,
        `conflict: unable to delete ${refOf(img)} (must be forced) - container ${user.id.slice(0, 12)} is using its referenced image ${img.id.slice(7, 19)}`,
      );
    }
    this.images.splice(this.images.indexOf(img), 1);
    // moby 28, containerd store (daemon/containerd/image_delete.go): one
    // Untagged per name and one Deleted; forced while a container uses it, the
    // name goes and the image stays dangling (no Deleted). No repo@digest line.
    const out = [{ Untagged: refOf(img) }];
    return user ? out : [...out, { Deleted: img.id }];
  }

  /** Resolve a pull; throws the daemon's 404 before any byte is streamed. */
  pullTarget(fromImage: string, tag: string): ImageSpec {
    const ref = normalizeRef(`${fromImage}:${tag || 'latest'}`);
    const repo = ref.slice(0, ref.lastIndexOf(':'));
    const img = findInCatalog(ref);
    if (img) return img;
    if (!CATALOG.some((i) => i.repo === repo)) {
      throw new ApiError(
        404,
        `pull access denied for ${repo}, repository does not exist or may require 'docker login'`,
      );
    }
    const full = `docker.io/library/${ref}`;
    throw new ApiError(404, `failed to resolve reference "${full}": ${full}: not found`);
  }

  addImage(img: ImageSpec): void {
    const old = this.images.findIndex((i) => refOf(i) === refOf(img));
    if (old >= 0) this.images.splice(old, 1);
    this.images.unshift(img);
  }

  counts(): Counts {
    const n = this.containers.length;
    const running = this.containers.filter((c) => c.state === 'running').length;
    return { containers: n, running, paused: 0, stopped: n - running, images: this.images.length };
  }

  layersPresent(): Set<string> {
    return new Set(this.images.flatMap((i) => i.layers.map((l) => l.id)));
  }
}
