import { assign, setup } from 'xstate';
import { dict, drop, put } from '../core/records';

/** OCI runtime states, as `runc state` reports them. */
export type OciStatus = 'creating' | 'created' | 'running' | 'stopped';

/**
 * runc is a short-lived binary; what persists between its invocations is its
 * state directory, `<--root>/<id>/state.json` (the root the shim passes: for
 * Docker's first daemon /var/run/docker/runtime-runc/moby). This actor
 * models that directory and enforces the OCI lifecycle:
 * creating → created → running → stopped, delete only when stopped.
 */
export interface RuncState {
  containers: Record<string, { status: OciStatus; pid: number; bundle: string }>;
}

export type RuncEvent =
  | { type: 'oci.creating'; id: string; bundle: string }
  | { type: 'oci.created'; id: string; pid: number }
  | { type: 'oci.started'; id: string }
  | { type: 'oci.stopped'; id: string }
  | { type: 'oci.deleted'; id: string };

const statusIs =
  (...allowed: OciStatus[]) =>
  ({ context, event }: { context: RuncState; event: RuncEvent }) => {
    const c = context.containers[event.id];
    return !!c && allowed.includes(c.status);
  };

const setStatus = (context: RuncState, id: string, status: OciStatus, pid?: number) => ({
  containers: put(context.containers, id, {
    ...context.containers[id]!,
    status,
    ...(pid === undefined ? {} : { pid }),
  }),
});

export const runcMachine = setup({
  types: { context: {} as RuncState, events: {} as RuncEvent },
  guards: {
    isNew: ({ context, event }) => !context.containers[event.id],
    isCreating: statusIs('creating'),
    isCreated: statusIs('created'),
    isLive: statusIs('creating', 'created', 'running'),
    isStopped: statusIs('stopped'),
  },
}).createMachine({
  id: 'runc',
  context: () => ({ containers: dict() }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'oci.creating': {
          guard: 'isNew',
          actions: assign(({ context, event }) => ({
            containers: put(context.containers, event.id, {
              status: 'creating' as const,
              pid: 0,
              bundle: event.bundle,
            }),
          })),
        },
        'oci.created': {
          guard: 'isCreating',
          actions: assign(({ context, event }) =>
            setStatus(context, event.id, 'created', event.pid),
          ),
        },
        'oci.started': {
          guard: 'isCreated',
          actions: assign(({ context, event }) => setStatus(context, event.id, 'running')),
        },
        'oci.stopped': {
          guard: 'isLive',
          actions: assign(({ context, event }) => setStatus(context, event.id, 'stopped')),
        },
        'oci.deleted': {
          guard: 'isStopped',
          actions: assign(({ context, event }) => {
            return { containers: drop(context.containers, event.id) };
          }),
        },
      },
    },
  },
});
