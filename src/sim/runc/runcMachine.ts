import { storeLogic } from '../core/store';
import { drop, put, stateDict } from '../core/records';

/** OCI runtime states, as `runc state` reports them. */
export type OciStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

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
  | { type: 'oci.deleted'; id: string }
  // ── life: runc pause / resume ──
  | { type: 'oci.paused'; id: string }
  | { type: 'oci.resumed'; id: string };

const statusIs =
  (...allowed: OciStatus[]) =>
  (context: RuncState, event: RuncEvent): boolean => {
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

export const runcMachine = storeLogic<RuncState, RuncEvent>(() => ({ containers: stateDict() }), {
  'oci.creating': {
    guard: (context, event) => !context.containers[event.id],
    update: (context, event) => ({
      containers: put(context.containers, event.id, {
        status: 'creating' as const,
        pid: 0,
        bundle: event.bundle,
      }),
    }),
  },
  'oci.created': {
    guard: statusIs('creating'),
    update: (context, event) => setStatus(context, event.id, 'created', event.pid),
  },
  'oci.started': {
    guard: statusIs('created'),
    update: (context, event) => setStatus(context, event.id, 'running'),
  },
  'oci.stopped': {
    guard: statusIs('creating', 'created', 'running', 'paused'),
    update: (context, event) => setStatus(context, event.id, 'stopped'),
  },
  // ── life: a frozen cgroup is runc's "paused" ──
  'oci.paused': {
    guard: statusIs('running'),
    update: (context, event) => setStatus(context, event.id, 'paused'),
  },
  'oci.resumed': {
    guard: statusIs('paused'),
    update: (context, event) => setStatus(context, event.id, 'running'),
  },
  'oci.deleted': {
    guard: statusIs('stopped'),
    update: (context, event) => ({ containers: drop(context.containers, event.id) }),
  },
});
