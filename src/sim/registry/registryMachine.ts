import { assign, setup } from 'xstate';
import { put, stateDict } from '../core/records';

/**
 * Docker Hub's registry (`registry-1.docker.io`). The content itself is static
 * data (the catalog); what changes is what it has served: pulls counted, which
 * is what Docker Hub's rate limit is built on. It keeps no tokens: it checks
 * each one's signature (token.ts), and the token service keeps nothing.
 */
export interface RegistryState {
  /** Manifest GETs per repository (Docker Hub counts these as pulls). */
  pulls: Record<string, number>;
  blobsServed: number;
}

export type RegistryEvent =
  { type: 'manifest.served'; repository: string } | { type: 'blob.served'; digest: string };

export const registryMachine = setup({
  types: { context: {} as RegistryState, events: {} as RegistryEvent },
}).createMachine({
  id: 'registry',
  context: () => ({ pulls: stateDict(), blobsServed: 0 }),
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
      },
    },
  },
});
