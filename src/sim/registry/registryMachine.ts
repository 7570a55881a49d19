import { assign, setup } from 'xstate';
import { dict, put } from '../core/records';

/**
 * Docker Hub (`registry-1.docker.io`) and its token service
 * (`auth.docker.io`). The content itself is static data (the catalog); what
 * changes is what they have served: tokens issued and pulls counted, which
 * is what Docker Hub's rate limit is built on.
 */
export interface RegistryState {
  tokensIssued: number;
  /**
   * Tokens the token service issued, with the access they grant. The real
   * registry verifies a signed JWT; here it looks the claims up.
   */
  tokens: Record<string, { repository: string; actions: string[] }>;
  /** Manifest GETs per repository (Docker Hub counts these as pulls). */
  pulls: Record<string, number>;
  blobsServed: number;
}

export type RegistryEvent =
  | { type: 'token.issued'; token: string; repository: string; actions: string[] }
  | { type: 'manifest.served'; repository: string }
  | { type: 'blob.served'; digest: string };

export const registryMachine = setup({
  types: { context: {} as RegistryState, events: {} as RegistryEvent },
}).createMachine({
  id: 'registry',
  context: () => ({ tokensIssued: 0, tokens: dict(), pulls: dict(), blobsServed: 0 }),
  initial: 'online',
  states: {
    online: {
      on: {
        'token.issued': {
          actions: assign(({ context, event }) => ({
            tokensIssued: context.tokensIssued + 1,
            tokens: put(context.tokens, event.token, {
              repository: event.repository,
              actions: event.actions,
            }),
          })),
        },
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
