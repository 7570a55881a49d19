import type { Route } from '../router';
import { parsePlatform } from '../../image/platform';
import { emitImageEvent } from '../events';
import { toContainerd } from '../containerdNamespace';
import { boolValue } from '../queryValues';
import { commit, contextOf } from '../../core/actors';
import { GRPC } from '../../containerd/services';
import { familiarString, parseReference, withDefaultTag } from '../../image/reference';
import type { DockerdState } from '../model';
import { DaemonError, invalid, notFound } from '../errors';
import { deleteImage } from '../imageDelete';
import { repoTagReference, tagImage } from '../imageTag';
import { decodeRegistryAuth, pushImage } from '../push';
import {
  fetchAndUnpack,
  keepDangling,
  nameImage,
  previousImage,
  recordImage,
  releaseLease,
  resolve,
  takeLease,
} from '../pull';
import type { PullContext } from '../pullWire';
import { findImage, tagKey } from '../lookup';
import { graphImageInspect, imageInspect, listGraphImages, listImages } from '../views';
import { usesGraphDriver } from '../graphStore';
import { pullWithGraphDriver, storeImage } from '../graphPull';
import type { WireImage } from '../../containerd/containerdServer';

const state = (host: Parameters<Route['handler']>[0]['host']) =>
  contextOf<DockerdState>(host.dockerd);

export const imageRoutes: Route[] = [
  {
    method: 'POST',
    path: '/images/create',
    op: 'engine.images.create',
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
      // ── obs: `platform=linux/arm64` picks that manifest of the index ──
      const platform = query.platform ? parsePlatform(query.platform) : undefined;
      if (platform && !platform.ok) throw invalid(platform.error);
      const p: PullContext = {
        host,
        inbound,
        ref,
        ...(platform ? { platform: platform.platform } : {}),
      };
      const tag = familiarString(ref);
      const write = (m: object, summary: string) =>
        inbound.write(m, summary, 'engine.images.progress', 'pull progress');
      let streaming = false;
      // The 200 and the first message go out together: until then an error is an HTTP error.
      const start = () => {
        if (streaming) return;
        streaming = true;
        inbound.head(200, 'the pull has started: progress follows as a stream of JSON messages', {
          'Content-Type': 'application/json',
        });
        write({ status: `Pulling from ${ref.path}`, id: ref.tag ?? ref.digest }, `pulling ${tag}`);
      };
      // ── storage: with the overlay2 graph driver dockerd pulls alone (graphPull.ts) ──
      if (usesGraphDriver(host)) {
        const previous = state(host).tags[tag];
        let pulled;
        try {
          pulled = yield* pullWithGraphDriver(p, start);
        } catch (error) {
          if (!(error instanceof DaemonError) || !streaming) throw error;
          write(
            { errorDetail: { message: error.message }, error: error.message },
            `pull failed: ${error.message}`,
          );
          return { status: 200, summary: 'pull stream ends with an error' };
        }
        recordImage(host, state(host).images[pulled.image.id]!, tag);
        yield* storeImage(p, state(host).images[pulled.image.id]!);
        write(
          { status: `Digest: ${pulled.digest}` },
          `the image index digest is ${pulled.digest.slice(0, 19)}…`,
        );
        const same = previous === pulled.image.id;
        write(
          {
            status: same
              ? `Status: Image is up to date for ${tag}`
              : `Status: Downloaded newer image for ${tag}`,
          },
          same ? 'nothing to download' : `${tag} is ready`,
        );
        emitImageEvent(
          host,
          tag,
          tag.replace(/(?::[^:/@]+)?(?:@.*)?$/, ''),
          'pull',
          state(host).images[pulled.image.id]?.config.Labels ?? {},
        );
        return {
          status: 200,
          summary: same ? 'pull finished: already up to date' : 'pull finished',
        };
      }
      const lease = yield* takeLease(p);
      try {
        const old = yield* previousImage(p);
        const previous = old?.target.digest;
        const target = yield* resolve(p);
        const held = state(host).images[target.digest];
        // The image is held for another platform: this one's manifest and layers are fetched.
        const known =
          held && (!p.platform || held.platform.architecture === p.platform.architecture)
            ? held
            : undefined;
        try {
          if (known) {
            // Everything is in containerd already: its fetch handlers find each
            // blob (Content/Write answers AlreadyExists) and the unpacker every
            // snapshot, so nothing is written. The simulation skips those checks.
            start();
          } else {
            const image = yield* fetchAndUnpack(p, target, start);
            commit(host.dockerd, { type: 'image.stored', image });
          }
          yield* nameImage(p, target);
        } catch (error) {
          if (!(error instanceof DaemonError) || !streaming) throw error;
          write(
            { errorDetail: { message: error.message }, error: error.message },
            `pull failed: ${error.message}`,
          );
          return { status: 200, summary: 'pull stream ends with an error' };
        }
        recordImage(host, state(host).images[target.digest]!, tag);
        write(
          { status: `Digest: ${target.digest}` },
          `the image index digest is ${target.digest.slice(0, 19)}…`,
        );
        if (previous === target.digest) {
          write({ status: `Status: Image is up to date for ${tag}` }, 'nothing to download');
        } else {
          write({ status: `Status: Downloaded newer image for ${tag}` }, `${tag} is ready`);
          if (old) yield* keepDangling(p, old);
        }
        // ── obs: LogImageEvent(FamiliarString(ref), FamiliarName(ref), pull), with the image's labels ──
        emitImageEvent(
          host,
          tag,
          tag.replace(/(?::[^:/@]+)?(?:@.*)?$/, ''),
          'pull',
          state(host).images[target.digest]?.config.Labels ?? {},
        );
        return {
          status: 200,
          summary:
            previous === target.digest ? 'pull finished: already up to date' : 'pull finished',
        };
      } finally {
        yield* releaseLease(p, lease);
      }
    },
  },
  {
    method: 'GET',
    path: '/images/json',
    op: 'engine.images.list',
    *handler({ host, inbound, query }) {
      // ── storage: overlay2's image store is dockerd's own: containerd is not asked ──
      if (usesGraphDriver(host)) {
        const listed = listGraphImages(state(host), query.filters);
        return {
          status: 200,
          body: listed,
          summary: `${listed.length} image${listed.length === 1 ? '' : 's'} in dockerd's own image store (overlay2)`,
        };
      }
      const answer = yield* inbound.call<{ images: WireImage[] }>({
        to: 'containerd',
        protocol: 'grpc',
        operation: GRPC.imagesList,
        op: 'containerd.images.list',
        request: toContainerd(host, { filters: [] }),
        summary: `dockerd asks containerd for every image record in its namespace, ${host.daemon.containerdNamespace}`,
      });
      const listed = listImages(state(host), answer.body?.images ?? [], query.filters);
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
    op: 'engine.images.inspect',
    *handler({ host, inbound, params }) {
      const image = findImage(state(host), params.name!);
      if (!image) throw notFound(`No such image: ${tagKey(params.name!) ?? params.name}`);
      if (usesGraphDriver(host))
        return { status: 200, body: graphImageInspect(host, image), summary: 'image details' };
      // moby lists containerd's records that point at the image: its names and target.
      const answer = yield* inbound.call<{ images: WireImage[] }>({
        to: 'containerd',
        protocol: 'grpc',
        operation: GRPC.imagesList,
        op: 'containerd.images.list',
        request: toContainerd(host, { filters: [`target.digest==${image.id}`] }),
        summary: `dockerd asks containerd for the image records that point at ${image.id.slice(0, 19)}…`,
      });
      const records = (answer.body?.images ?? []).filter((r) => r.target.digest === image.id);
      return {
        status: 200,
        body: imageInspect(image, records, records[0]?.target),
        summary: 'image details',
      };
    },
  },
  {
    method: 'POST',
    path: '/images/{name}/tag',
    op: 'engine.images.tag',
    *handler({ host, inbound, params, query }) {
      const target = repoTagReference(query.repo ?? '', query.tag ?? '');
      yield* tagImage(host, inbound, params.name!, target);
      return { status: 201, summary: `${familiarString(target)} now names the image too` };
    },
  },
  {
    method: 'POST',
    path: '/images/{name}/push',
    op: 'engine.images.push',
    *handler({ host, inbound, params, query, req }) {
      const ref = repoTagReference(params.name!, query.tag ?? '');
      if (usesGraphDriver(host))
        throw new DaemonError(
          'NotImplemented',
          'DockScope: docker push with the overlay2 graph driver is not simulated (only with the containerd image store)',
        );
      // Header names are case-insensitive (Node hands the real CLI's lower-cased).
      const header = Object.entries(req.headers ?? {}).find(
        ([k]) => k.toLowerCase() === 'x-registry-auth',
      )?.[1];
      const auth = decodeRegistryAuth(header);
      const write = (m: object, summary: string) =>
        inbound.write(m, summary, 'engine.images.pushprogress', 'push progress');
      let streaming = false;
      const start = () => {
        if (streaming) return;
        streaming = true;
        inbound.head(200, 'the push has started: progress follows as a stream of JSON messages', {
          'Content-Type': 'application/json',
        });
      };
      try {
        yield* pushImage(host, inbound, ref, auth, start, write);
      } catch (error) {
        if (!(error instanceof DaemonError) || !streaming) throw error;
        write(
          { errorDetail: { message: error.message }, error: error.message },
          `push failed: ${error.message}`,
        );
        return { status: 200, summary: 'push stream ends with an error' };
      }
      return { status: 200, summary: 'push finished' };
    },
  },
  {
    method: 'DELETE',
    path: '/images/{name}',
    op: 'engine.images.remove',
    *handler({ host, inbound, params, query }) {
      const force = boolValue(query.force);
      const result = yield* deleteImage(host, inbound, params.name!, force);
      return {
        status: 200,
        body: result,
        summary: result.map((r) => Object.entries(r)[0]!.join(': ')).join(', '),
      };
    },
  },
];
