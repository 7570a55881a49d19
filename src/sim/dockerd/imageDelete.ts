import type { Host } from '../host';
import { emitImageEvent } from './events';
import { toContainerd } from './containerdNamespace';
import type { Inbound } from '../core/network';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import { GRPC } from '../containerd/services';
import type { WireImage } from '../containerd/containerdServer';
import {
  canonicalString,
  familiarString,
  parseReference,
  withDefaultTag,
  type ImageRef,
} from '../image/reference';
import type { DockerdState, ImageRecord } from './model';
import { DaemonError, notFound } from './errors';
import { findImage, tagKey } from './lookup';
import { releaseImageLayers, usesGraphDriver } from './graphStore';
import { chainIds } from '../image/digest';

/**
 * `DELETE /images/{name}` with the containerd image store, as moby 28 does it
 * (daemon/containerd/image_delete.go). An image is a set of containerd names
 * pointing at one digest. Removing one name of several only untags it
 * (`Untagged:` lines alone); removing the last name, or the image by ID,
 * deletes every name (`Untagged:` each) and then the image (`Deleted:` its
 * ID, once: the layers are containerd's garbage collector's business, and
 * `docker rmi` does not list them). There is no `Untagged: repo@sha256:…`
 * line: a repo digest is not a containerd name unless it was pulled by digest.
 *
 * Conflicts: a running container is a hard conflict (even `-f` cannot
 * delete by ID); a stopped one and a second name are soft (`-f` overrides).
 * Removing by name the image a container uses is refused without `-f`; with
 * `-f` the name goes and the image stays, kept under a dangling name.
 *
 * Simplified: moby resolves the reference with containerd (Images/Get, or
 * Images/List by ID prefix); the simulation resolves it from dockerd's own
 * records and asks containerd only for the names that share the target.
 */
export function* deleteImage(
  host: Host,
  inbound: Inbound,
  name: string,
  force: boolean,
): Task<Array<Record<string, string>>> {
  const d = contextOf<DockerdState>(host.dockerd);
  const parsed = parseReference(name);
  const digestRef = parsed.ok && parsed.digest && !parsed.tag ? parsed : undefined;
  const image = findImage(d, name) ?? (digestRef ? d.images[digestRef.digest!] : undefined);
  if (!image) throw notFound(`No such image: ${tagKey(name) ?? name}`);
  const id = image.id;
  const short = id.slice(7, 19);
  // ── storage: overlay2's names are dockerd's own reference store: its tags and repo digests ──
  const graph = usesGraphDriver(host);
  const answer = graph
    ? undefined
    : yield* inbound.call<{ images: WireImage[] }>({
        to: 'containerd',
        protocol: 'grpc',
        operation: GRPC.imagesList,
        op: 'containerd.images.list',
        subjects: { image: id },
        request: toContainerd(host, { filters: [`target.digest==${id}`] }),
        summary: `which names point at image ${short}?`,
      });
  const found = answer?.body?.images ?? [];
  const all = graph ? graphNames(image) : found.map((i) => i.name);
  const byId = isIdPrefix(id, name);
  const exact = !byId && parsed.ok ? canonicalString(withDefaultTag(parsed)) : undefined;
  const matched = exact && all.includes(exact) ? exact : undefined;
  const target = found[0]?.target ?? { media_type: '', digest: id, size: 0 };
  const ctx: Ctx = { host, inbound, id, target, all, records: [], graph };
  let activeRef = !force;

  if (!matched) {
    // By ID, or by a digest no name spells: the names of that repository (or all, by ID).
    const named = byId ? undefined : digestRef;
    const same = sameReferences(named, all);
    if (same.length === 0 && named) throw notFound(`No such image: ${familiarString(named)}`);
    if (same.length === all.length && !force) activeRef = false;
    if (named && same.length > 0 && same.length !== all.length) return yield* untag(ctx, same);
  } else if (matched !== dangling(id)) {
    const same = sameReferences(parseReference(matched) as ImageRef, all);
    if (same.length !== all.length) return yield* untag(ctx, same);
    if (all.length > 1 && !force) activeRef = false;
    const user = Object.values(d.containers).find((c) => c.imageId === id);
    if (user) {
      const familiar = familiarOf(matched);
      if (!force)
        throw conflictOf(
          familiar,
          false,
          `container ${user.id.slice(0, 12)} is using its referenced image ${short}`,
        );
      return yield* softDelete(ctx, matched, familiar);
    }
  }
  return yield* deleteAll(ctx, { stopped: !force, activeRef });
}

interface Ctx {
  host: Host;
  inbound: Inbound;
  id: string;
  target: WireImage['target'];
  /** Every containerd name pointing at the image, in containerd's (name) order. */
  all: string[];
  records: Array<Record<string, string>>;
  /** storage: the overlay2 graph driver: no containerd names to delete, layers dockerd removes. */
  graph: boolean;
}

/** The reference store's names for an image (overlay2): its tags, then its repo digests. */
function graphNames(image: ImageRecord): string[] {
  const names: string[] = [];
  for (const t of [...image.repoTags, ...image.repoDigests]) {
    const p = parseReference(t);
    if (p.ok) names.push(canonicalString(p.tag || p.digest ? p : withDefaultTag(p)));
  }
  return names;
}

/** A containerd call of the containerd image store; overlay2 has no containerd names to change. */
function* storeCall(ctx: Ctx, spec: Parameters<Inbound['call']>[0]): Task<void> {
  if (!ctx.graph) yield* ctx.inbound.call(spec);
}

const dangling = (id: string) => `moby-dangling@${id}`;
const familiarOf = (name: string): string => {
  const p = parseReference(name);
  return p.ok ? familiarString(p) : name;
};

/** moby's isImageIDPrefix: `sha256:ab12…` or `ab12…`. */
function isIdPrefix(id: string, ref: string): boolean {
  return id.startsWith(ref) || id.slice(7).startsWith(ref);
}

/**
 * moby's getSameReferences: the names that mean "the same thing" as `named`
 * (or as the first real name, when there is none): same repository and tag;
 * a digest reference takes every tag of its repository; digest-only names
 * come along only when no other tag of the repository is there.
 */
function sameReferences(named: ImageRef | undefined, all: readonly string[]): string[] {
  let repo = named ? `${named.domain}/${named.path}` : undefined;
  let tag = named?.tag ?? '';
  const allTags = !!named && !named.tag && !!named.digest;
  const same: string[] = [];
  let digestRefs: string[] | null = [];
  for (const name of all) {
    const p = parseReference(name);
    if (!name.startsWith('moby-dangling@') && p.ok) {
      const pRepo = `${p.domain}/${p.path}`;
      if (repo === undefined) {
        repo = pRepo;
        tag = p.tag ?? '';
      } else if (repo !== pRepo) {
        continue;
      } else if (!allTags) {
        if (p.tag) {
          if (tag === '') tag = p.tag;
          else if (tag !== p.tag) {
            digestRefs = null;
            continue;
          }
        } else {
          digestRefs?.push(name);
          continue;
        }
      }
    }
    same.push(name);
  }
  return digestRefs ? [...same, ...digestRefs] : same;
}

function conflictOf(reference: string, hard: boolean, message: string): DaemonError {
  return new DaemonError(
    'Conflict',
    `conflict: unable to delete ${reference} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`,
  );
}

/** Drop some names of an image that keeps others: `Untagged:` lines only. */
function* untag(ctx: Ctx, names: readonly string[]): Task<Array<Record<string, string>>> {
  for (const name of names) {
    yield* storeCall(ctx, {
      to: 'containerd',
      protocol: 'grpc',
      operation: GRPC.imagesDelete,
      op: 'containerd.images.delete',
      subjects: { image: name },
      request: toContainerd(ctx.host, { name }),
      summary: `delete the name ${familiarOf(name)}; the image keeps its other names`,
    });
    forget(ctx, [name], 'keep');
    ctx.records.push({ Untagged: familiarOf(name) });
  }
  return ctx.records;
}

/**
 * `rmi -f` of a name a container uses: the name goes, the image stays under
 * a dangling name so its content survives for the container.
 */
function* softDelete(
  ctx: Ctx,
  name: string,
  familiar: string,
): Task<Array<Record<string, string>>> {
  if (ctx.all.length === 1)
    yield* storeCall(ctx, {
      to: 'containerd',
      protocol: 'grpc',
      operation: GRPC.imagesCreate,
      op: 'containerd.images.create',
      subjects: { image: dangling(ctx.id) },
      request: toContainerd(ctx.host, {
        image: { name: dangling(ctx.id), labels: {}, target: ctx.target },
      }),
      summary:
        'a container still uses this image: dockerd keeps it under a dangling name so its content survives',
    });
  yield* storeCall(ctx, {
    to: 'containerd',
    protocol: 'grpc',
    operation: GRPC.imagesDelete,
    op: 'containerd.images.delete',
    subjects: { image: name },
    request: toContainerd(ctx.host, { name }),
    summary: `delete the name ${familiar}`,
  });
  forget(ctx, [name], 'dangling');
  ctx.records.push({ Untagged: familiar });
  return ctx.records;
}

/** Delete every name, then the image: `Untagged:` per name, one `Deleted:`. */
function* deleteAll(
  ctx: Ctx,
  check: { stopped: boolean; activeRef: boolean },
): Task<Array<Record<string, string>>> {
  const d = contextOf<DockerdState>(ctx.host.dockerd);
  const short = ctx.id.slice(7, 19);
  const users = Object.values(d.containers).filter((c) => c.imageId === ctx.id);
  for (const name of ctx.all) {
    const running = users.find((c) => c.state === 'running');
    if (running)
      throw conflictOf(
        short,
        true,
        `image is being used by running container ${running.id.slice(0, 12)}`,
      );
    const stopped = users.find((c) => c.state !== 'running');
    if (check.stopped && stopped)
      throw conflictOf(
        short,
        false,
        `image is being used by stopped container ${stopped.id.slice(0, 12)}`,
      );
    if (check.activeRef && ctx.all.length > 1)
      throw conflictOf(short, false, 'image is referenced in multiple repositories');
    yield* storeCall(ctx, {
      to: 'containerd',
      protocol: 'grpc',
      operation: GRPC.imagesDelete,
      op: 'containerd.images.delete',
      subjects: { image: name },
      request: toContainerd(ctx.host, { name, sync: true }),
      summary:
        name === ctx.all.at(-1)
          ? `delete the last name, ${familiarOf(name)}; containerd garbage-collects content no other image uses`
          : `delete the name ${familiarOf(name)}`,
    });
    if (name !== dangling(ctx.id)) ctx.records.push({ Untagged: familiarOf(name) });
  }
  const image = d.images[ctx.id]!;
  forget(ctx, ctx.all, 'delete');
  ctx.records.push({ Deleted: ctx.id });
  // overlay2: the layers no other image or container stands on go too, each listed (top first).
  if (ctx.graph) {
    const before = new Set(Object.keys(d.graphLayers));
    yield* releaseImageLayers(ctx.host, ctx.inbound, image);
    const after = contextOf<DockerdState>(ctx.host.dockerd).graphLayers;
    const gone = [...before].filter((c) => !after[c]);
    for (const c of chainIds(image.layers.map((l) => l.diffId)).reverse())
      if (gone.includes(c)) ctx.records.push({ Deleted: c });
  }
  return ctx.records;
}

/** Bring dockerd's own record of the image in line with the names containerd now has. */
function forget(ctx: Ctx, names: readonly string[], then: 'keep' | 'dangling' | 'delete'): void {
  const d = contextOf<DockerdState>(ctx.host.dockerd);
  const image = d.images[ctx.id] as ImageRecord;
  const gone = new Set(names.map(familiarOf));
  // ── obs: an untag event for each name that goes, then delete (named by the ID) ──
  const untag = (tag: string) => {
    commit(ctx.host.dockerd, { type: 'image.untagged', tag });
    emitImageEvent(ctx.host, ctx.id, tag, 'untag');
  };
  for (const tag of image.repoTags) if (gone.has(tag)) untag(tag);
  if (then === 'delete') {
    for (const tag of image.repoTags) if (!gone.has(tag)) untag(tag);
    commit(ctx.host.dockerd, { type: 'image.deleted', imageId: ctx.id });
    emitImageEvent(ctx.host, ctx.id, ctx.id, 'delete');
    return;
  }
  const repoTags = image.repoTags.filter((t) => !gone.has(t));
  commit(ctx.host.dockerd, {
    type: 'image.stored',
    image:
      then === 'dangling' && repoTags.length === 0
        ? { ...image, repoTags: [], repoDigests: [] }
        : { ...image, repoTags },
  });
}
