import type { Host } from '../host';
import type { Inbound } from '../core/network';
import type { Task } from '../core/scheduler';
import { commit, contextOf } from '../core/actors';
import { GRPC, GRPC_OP } from '../containerd/services';
import type { WireImage } from '../containerd/containerdServer';
import {
  canonicalString,
  familiarName,
  familiarString,
  parseReference,
  type ImageRef,
} from '../image/reference';
import type { DockerdState } from './model';
import { invalid, notFound } from './errors';
import { findImage, tagKey } from './lookup';
import { emitImageEvent } from './events';
import { toContainerd } from './containerdNamespace';
import { usesGraphDriver } from './graphStore';
import { recordImage } from './pull';

/**
 * moby's httputils.RepoTagReference: `repo` and `tag` of `POST /images/{name}/tag`
 * as one tagged name (`latest` when no tag is given), or the InvalidParameter error.
 */
export function repoTagReference(repo: string, tag: string): ImageRef {
  // An empty repo: RepoTagReference returns nil, nil and the route wraps the nil error.
  if (repo === '') throw invalid('');
  const parsed = parseReference(repo);
  if (!parsed.ok) throw invalid(parsed.error);
  if (parsed.digest) throw invalid('cannot import digest reference');
  const { ok: _ok, ...ref } = parsed;
  if (tag === '') return { ...ref, tag: ref.tag ?? 'latest' };
  // reference.WithTag checks the tag against the tag grammar.
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw invalid('invalid tag format');
  return { ...ref, tag };
}

/**
 * `POST /images/{name}/tag` as moby 28 does it. The route parses the new name
 * (api/server/router/image: RepoTagReference, the `sha256` name refused),
 * finds the source image (GetImage, 404 "No such image"), and tags it.
 *
 * With the containerd image store (daemon/containerd/image_tag.go: TagImage,
 * createOrReplaceImage) a tag is one more containerd image record, a name
 * pointing at the same target: Images/Create; when the name exists already and
 * points elsewhere the old record is replaced (the image it named is kept under
 * a dangling name if that was its last name); then the target's dangling name,
 * if one was kept, is deleted. With the overlay2 graph driver the name goes
 * into dockerd's own reference store and containerd is not asked.
 * Either way the daemon logs an image `tag` event.
 */
export function* tagImage(
  host: Host,
  inbound: Inbound,
  source: string,
  target: ImageRef,
): Task<void> {
  if (familiarName(target) === 'sha256')
    throw invalid('refusing to create an ambiguous tag using digest algorithm as name');
  const d = () => contextOf<DockerdState>(host.dockerd);
  const parsedSource = parseReference(source);
  const image =
    findImage(d(), source) ??
    (parsedSource.ok && parsedSource.digest ? d().images[parsedSource.digest] : undefined);
  if (!image) throw notFound(`No such image: ${tagKey(source) ?? source}`);
  const name = canonicalString(target);
  const familiar = familiarString(target);
  const graph = usesGraphDriver(host);
  if (!graph) {
    // resolveImage by the image's ID: the records whose target is that digest.
    const wire = yield* inbound.call<{ images: WireImage[] }>({
      to: 'containerd',
      protocol: 'grpc',
      operation: GRPC.imagesList,
      op: GRPC_OP[GRPC.imagesList],
      subjects: { image: image.id },
      request: toContainerd(host, { filters: [`target.digest==${image.id}`] }),
      summary: `dockerd resolves ${source} to an image record, for its target and labels`,
    });
    const record = wire.body?.images?.[0];
    const targetDesc = record?.target ?? { media_type: '', digest: image.id, size: 0 };
    const newImage = { name, labels: record?.labels ?? {}, target: targetDesc };
    const created = yield* call(host, inbound, GRPC.imagesCreate, { image: newImage }, familiar, {
      summary: `create the name ${familiar} → ${image.id.slice(0, 19)}…`,
    });
    if (created.status === 'AlreadyExists') {
      const previousId = d().tags[familiar];
      if (previousId === image.id) {
        emitImageEvent(host, image.id, familiar, 'tag');
        return;
      }
      const previous = previousId ? d().images[previousId] : undefined;
      // softImageDelete: the image the name pointed at keeps a dangling name if this was its last.
      if (previous && previous.repoTags.filter((t) => t !== familiar).length === 0)
        yield* call(
          host,
          inbound,
          GRPC.imagesCreate,
          {
            image: {
              name: `moby-dangling@${previous.id}`,
              labels: {},
              target: { ...targetDesc, digest: previous.id },
            },
          },
          familiar,
          {
            summary: `${familiar} named another image, with no other name: it is kept as dangling (<none>)`,
          },
        );
      yield* call(host, inbound, GRPC.imagesDelete, { name }, familiar, {
        summary: `delete the old record of ${familiar}`,
      });
      yield* call(host, inbound, GRPC.imagesCreate, { image: newImage }, familiar, {
        summary: `create the name ${familiar} → ${image.id.slice(0, 19)}…`,
      });
    }
    yield* call(host, inbound, GRPC.imagesDelete, { name: `moby-dangling@${image.id}` }, familiar, {
      summary: 'a dangling name for the same image, if one was kept, is no longer needed',
    });
  }
  const before = d().images[image.id]!;
  recordImage(host, before, familiar);
  // With the containerd image store every name of an image gives a repo digest (the target).
  if (!graph) {
    const after = d().images[image.id]!;
    const digested = `${familiarName(target)}@${image.id}`;
    if (!after.repoDigests.includes(digested))
      commit(host.dockerd, {
        type: 'image.stored',
        image: { ...after, repoDigests: [...after.repoDigests, digested] },
      });
  }
  emitImageEvent(host, image.id, familiar, 'tag');
}

function* call(
  host: Host,
  inbound: Inbound,
  operation: typeof GRPC.imagesCreate | typeof GRPC.imagesDelete,
  request: object,
  image: string,
  text: { summary: string },
) {
  return yield* inbound.call({
    to: 'containerd',
    protocol: 'grpc',
    operation,
    op: GRPC_OP[operation],
    subjects: { image },
    request: toContainerd(host, request),
    summary: text.summary,
  });
}
