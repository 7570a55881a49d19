import { assign, setup } from 'xstate';
import { drop, put, stateDict } from '../core/records';

/** A blob a client pushed: its media type and size, and the exact bytes of a manifest or config. */
export interface PushedBlob {
  mediaType: string;
  size: number;
  json?: string;
}

/**
 * Docker Hub's registry (`registry-1.docker.io`). The catalog's content is
 * static data; what changes is what it has served (pulls counted, which is
 * what Docker Hub's rate limit is built on) and what was pushed to it: blobs
 * by digest, open upload sessions, and each pushed repository's tags. It keeps
 * no tokens: it checks each one's signature (token.ts).
 */
export interface RegistryState {
  /** Manifest GETs per repository (Docker Hub counts these as pulls). */
  pulls: Record<string, number>;
  blobsServed: number;
  /** Pushed blobs and manifests, by digest. */
  blobs: Record<string, PushedBlob>;
  /** Pushed repositories: tag → manifest digest. */
  repositories: Record<string, Record<string, string>>;
  /** Which pushed repository holds which blob: `<repository>@<digest>`. */
  links: Record<string, true>;
  /** Upload sessions (POST /v2/<name>/blobs/uploads/) not finished yet: uuid → repository. */
  uploads: Record<string, string>;
}

export type RegistryEvent =
  | { type: 'manifest.served'; repository: string }
  | { type: 'blob.served'; digest: string }
  | { type: 'upload.started'; uuid: string; repository: string }
  | { type: 'blob.stored'; uuid?: string; digest: string; blob: PushedBlob }
  | { type: 'blob.linked'; repository: string; digest: string }
  | { type: 'manifest.stored'; repository: string; tag?: string; digest: string; blob: PushedBlob };

export const registryMachine = setup({
  types: { context: {} as RegistryState, events: {} as RegistryEvent },
}).createMachine({
  id: 'registry',
  context: () => ({
    pulls: stateDict(),
    blobsServed: 0,
    blobs: stateDict(),
    repositories: stateDict(),
    uploads: stateDict(),
    links: stateDict(),
  }),
  initial: 'online',
  states: {
    online: {
      on: {
        'manifest.served': {
          actions: assign(({ context, event }) => ({
            pulls: put(context.pulls, event.repository, (context.pulls[event.repository] ?? 0) + 1),
          })),
        },
        'blob.served': {
          actions: assign(({ context }) => ({ blobsServed: context.blobsServed + 1 })),
        },
        'upload.started': {
          actions: assign(({ context, event }) => ({
            uploads: put(context.uploads, event.uuid, event.repository),
          })),
        },
        'blob.stored': {
          actions: assign(({ context, event }) => {
            const uploads = event.uuid ? drop(context.uploads, event.uuid) : context.uploads;
            return { blobs: put(context.blobs, event.digest, event.blob), uploads };
          }),
        },
        'blob.linked': {
          actions: assign(({ context, event }) => ({
            links: put(context.links, `${event.repository}@${event.digest}`, true as const),
          })),
        },
        'manifest.stored': {
          actions: assign(({ context, event }) => {
            const tags = context.repositories[event.repository] ?? {};
            return {
              blobs: put(context.blobs, event.digest, event.blob),
              repositories: put(
                context.repositories,
                event.repository,
                event.tag ? { ...tags, [event.tag]: event.digest } : tags,
              ),
            };
          }),
        },
      },
    },
  },
});
