import type { Route } from '../router';
import { boolValue } from '../queryValues';
import { commit, contextOf } from '../../core/actors';
import { GRPC } from '../../containerd/services';
import {
  canonicalString,
  familiarString,
  parseReference,
  withDefaultTag,
} from '../../image/reference';
import type { DockerdState } from '../model';
import { DaemonError, conflict, invalid, notFound } from '../errors';
import { fetchAndUnpack, recordImage, resolve } from '../pull';
import { findImage, tagKey } from '../lookup';
import { imageSummary } from '../views';
import { matchesReference, referencePatterns } from '../imageFilters';

const state = (host: Parameters<Route['handler']>[0]['host']) =>
  contextOf<DockerdState>(host.dockerd);

export const imageRoutes: Route[] = [
  {
    method: 'POST',
    path: '/images/create',
    *handler({ host, inbound, query }) {
      const from = query.fromImage ?? '';
      const parsed = parseReference(
        query.tag && !query.tag.startsWith('sha256:')
          ? `${from}:${query.tag}`
          : query.tag
            ? `${from}@${query.tag}`
            : from,
      );
      if (!parsed.ok) throw invalid(parsed.error);
      const ref = withDefaultTag(parsed);
      const p = { host, inbound, ref };
      const target = yield* resolve(p);
      inbound.head(200, 'the pull has started: progress follows as a stream of JSON messages', {
        'Content-Type': 'application/json',
      });
      const write = (m: object, summary: string) => inbound.write(m, summary, 'pull progress');
      write(
        {
          status: `Pulling from ${ref.path.startsWith('library/') ? ref.path : ref.path}`,
          id: ref.tag ?? ref.digest,
        },
        `pulling ${familiarString(ref)}`,
      );
      const tag = familiarString(ref);
      const local = state(host).tags[tag];
      if (local === target.digest) {
        write({ status: `Digest: ${target.digest}` }, 'same digest as the local image');
        write({ status: `Status: Image is up to date for ${tag}` }, 'nothing to download');
        return { status: 200, summary: 'pull finished: already up to date' };
      }
      try {
        const image = yield* fetchAndUnpack(p, target);
        recordImage(host, image, tag);
      } catch (error) {
        if (!(error instanceof DaemonError)) throw error;
        write(
          { errorDetail: { message: error.message }, error: error.message },
          `pull failed: ${error.message}`,
        );
        return { status: 200, summary: 'pull stream ends with an error' };
      }
      write(
        { status: `Digest: ${target.digest}` },
        `the image index digest is ${target.digest.slice(0, 19)}…`,
      );
      write({ status: `Status: Downloaded newer image for ${tag}` }, `${tag} is ready`);
      return { status: 200, summary: 'pull finished' };
    },
  },
  {
    method: 'GET',
    path: '/images/json',
    *handler({ host, inbound, query }) {
      yield* inbound.call({
        to: 'containerd',
        protocol: 'grpc',
        operation: 'containerd.services.images.v1.Images/List',
        request: {},
        summary: 'dockerd lists the images containerd holds in the moby namespace',
      });
      const images = Object.values(state(host).images).sort(
        (a, b) => Date.parse(b.created) - Date.parse(a.created) || a.id.localeCompare(b.id),
      );
      const patterns = referencePatterns(query.filters);
      const matching = (refs: string[]) =>
        refs.filter((r) => patterns.some((p) => matchesReference(p, r)));
      const listed = patterns.length
        ? images
            .map(imageSummary)
            .map((i) => ({
              ...i,
              RepoTags: matching(i.RepoTags),
              RepoDigests: matching(i.RepoDigests),
            }))
            .filter((i) => i.RepoTags.length > 0 || i.RepoDigests.length > 0)
        : images.map(imageSummary);
      return {
        status: 200,
        body: listed,
        summary: `${listed.length} image${listed.length === 1 ? '' : 's'}`,
      };
    },
  },
  {
    method: 'GET',
    path: '/images/{name}/json',
    handler: ({ host, params }) => {
      const image = findImage(state(host), params.name!);
      if (!image) throw notFound(`No such image: ${tagKey(params.name!) ?? params.name}`);
      return {
        status: 200,
        body: {
          ...imageSummary(image),
          Architecture: image.platform.architecture,
          Os: 'linux',
          Config: image.config,
          RootFS: { Type: 'layers', Layers: image.layers.map((l) => l.diffId) },
        },
        summary: 'image details',
      };
    },
  },
  {
    method: 'DELETE',
    path: '/images/{name}',
    *handler({ host, inbound, params, query }) {
      const name = params.name!;
      const force = boolValue(query.force);
      const d = state(host);
      const image = findImage(d, name);
      if (!image) throw notFound(`No such image: ${tagKey(name) ?? name}`);
      const byTag = tagKey(name);
      const isTagRef = !!byTag && d.tags[byTag] === image.id;
      const users = Object.values(d.containers).filter((c) => c.imageId === image.id);
      const running = users.find((c) => c.state === 'running');
      const shown = isTagRef ? byTag : image.id.slice(7, 19);
      const deletesImage = !isTagRef || image.repoTags.length <= 1;
      if (force && running) {
        throw conflict(
          `conflict: unable to delete ${shown} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`,
        );
      }
      if (!force && deletesImage && users.length > 0) {
        throw conflict(
          `conflict: unable to delete ${shown} (must be forced) - container ${users[0]!.id.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`,
        );
      }
      if (!force && !isTagRef && image.repoTags.length > 1) {
        throw conflict(
          `conflict: unable to delete ${shown} (must be forced) - image is referenced in multiple repositories`,
        );
      }
      const untag = isTagRef ? [byTag!] : image.repoTags;
      const result: Array<Record<string, string>> = [];
      if (users.length > 0 && image.repoTags.every((t) => untag.includes(t))) {
        // moby keeps an image its containers still use under a dangling name, so GC spares it.
        yield* inbound.call({
          to: 'containerd',
          protocol: 'grpc',
          operation: GRPC.imagesCreate,
          request: { name: `moby-dangling@${image.id}`, target: image.id },
          summary:
            'containers still use this image: dockerd keeps it under a dangling name so its layers survive',
        });
      }
      for (const tag of untag) {
        const parsed = parseReference(tag);
        const canonical = parsed.ok ? canonicalString(withDefaultTag(parsed)) : tag;
        const last =
          image.repoTags.filter((t) => !untag.includes(t)).length === 0 &&
          tag === untag[untag.length - 1];
        yield* inbound.call({
          to: 'containerd',
          protocol: 'grpc',
          operation: GRPC.imagesDelete,
          request: { name: canonical, sync: last },
          summary: last
            ? `delete the image record ${tag}; containerd garbage-collects content no other image uses`
            : `delete the image name ${tag}`,
        });
        commit(host.dockerd, { type: 'image.untagged', tag });
        result.push({ Untagged: tag });
      }
      const remaining = image.repoTags.filter((t) => !untag.includes(t));
      if (remaining.length === 0 && users.length > 0) {
        // Forced while stopped containers use it: untagged, but kept (dangling) for them.
        for (const d of image.repoDigests) result.push({ Untagged: d });
        commit(host.dockerd, {
          type: 'image.stored',
          image: { ...image, repoTags: [], repoDigests: [] },
        });
      } else if (remaining.length > 0) {
        commit(host.dockerd, { type: 'image.stored', image: { ...image, repoTags: remaining } });
      } else {
        commit(host.dockerd, { type: 'image.deleted', imageId: image.id });
        for (const d of image.repoDigests) result.push({ Untagged: d });
        result.push({ Deleted: image.id });
      }
      return {
        status: 200,
        body: result,
        summary: result.map((r) => Object.entries(r)[0]!.join(': ')).join(', '),
      };
    },
  },
];
