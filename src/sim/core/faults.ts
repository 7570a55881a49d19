/**
 * Faults a learner or a teacher injects: a table the wire (network.ts) reads
 * as each request arrives, so a failure is answered at the hop where it
 * happens (the registry's answer is a 429, containerd's write of a blob finds
 * the disk full, the kernel's bind(2) finds the port taken), and every part
 * upstream reacts to that answer as the real one does.
 *
 * Faults are engine inputs (`{ op: 'fault' }` in engine.ts): a reload, a share
 * link or a rewind replays them at the same point of the session.
 */
import type { Reply } from './network';
import type { ComponentId, MachineName, Op } from './types';
import { LOCAL } from './types';

/** Docker Hub's two machines (registry/hub.ts names them; core does not import from there). */
const HUB = 'registry-1.docker.io';
const AUTH = 'auth.docker.io';

/** A fault that stays until it is cleared. */
export type StandingFault =
  /**
   * Docker Hub cannot be reached. The mode DockScope models: the host's DNS
   * stub (systemd-resolved at 127.0.0.53) gets no answer from upstream and says
   * SERVFAIL, which Go's resolver reports as `server misbehaving`.
   */
  | { kind: 'registry-down' }
  /** Docker Hub's rate limit: manifest GETs (what counts as a pull) get 429. */
  | { kind: 'registry-429' }
  /** The registry refuses the token: every manifest and blob request gets 401. */
  | { kind: 'registry-401' }
  /** The registry answers 503 Service Unavailable to every request. */
  | { kind: 'registry-5xx' }
  /** The learner's machine's disk (/var/lib/containerd and /var/lib/docker on it) is full. */
  | { kind: 'disk-full' }
  /** A host process (not a container) listens on this TCP port on 0.0.0.0. */
  | { kind: 'port-taken'; port: number };

/** Something done once: the shim of a container is killed (SIGKILL), as `sudo kill -9` does. */
export type OneShotFault = { kind: 'kill-shim'; container: string };

export type Fault = StandingFault | OneShotFault;
export type FaultKind = Fault['kind'];

/** The fault inputs the engine logs. */
export type FaultInput =
  { op: 'fault'; set: Fault } | { op: 'fault'; clear: StandingFault['kind'] | 'all' };

/** What the panel and the lessons call each fault. */
export const FAULT_TITLES: Record<FaultKind, string> = {
  'registry-down': 'Docker Hub unreachable (DNS lookup fails)',
  'registry-429': 'Docker Hub rate limit (429)',
  'registry-401': 'Registry refuses access (401)',
  'registry-5xx': 'Registry error (503)',
  'disk-full': 'Disk full',
  'port-taken': 'Host port taken by a host process',
  'kill-shim': 'Kill a container’s shim (SIGKILL)',
};

/** The standing faults, in the order the panel lists them. */
export const STANDING_KINDS: readonly StandingFault['kind'][] = [
  'registry-down',
  'registry-429',
  'registry-401',
  'registry-5xx',
  'disk-full',
  'port-taken',
];

/** Docker Hub's rate-limit answer, as it words it for anonymous pulls (since April 2025). */
export const RATE_LIMIT_MESSAGE =
  'You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit';

/** The upstream DNS answer Go's resolver gets from the host's stub in the registry-down mode. */
export const REGISTRY_DOWN_DIAL_ERROR = (hostname: string) =>
  `dial tcp: lookup ${hostname} on 127.0.0.53:53: server misbehaving`;

/** What a request looks like to the fault table. */
export interface Hop {
  to: ComponentId;
  toHost: MachineName;
  /** The caller's machine. */
  fromHost: MachineName;
  op: Op;
  request: unknown;
}

/**
 * The faults in force, one per kind (a second `port-taken` for another port is
 * its own entry). Kept by the wire: one table for the whole world.
 */
export class FaultTable {
  private readonly standing = new Map<string, StandingFault>();

  /** Put a standing fault in force (again: no change). */
  set(fault: StandingFault): void {
    this.standing.set(keyOf(fault), fault);
  }

  /** Lift every fault of a kind (every port for `port-taken`), or all of them. */
  clear(kind: StandingFault['kind'] | 'all'): void {
    for (const [key, f] of this.standing)
      if (kind === 'all' || f.kind === kind) this.standing.delete(key);
  }

  has(kind: StandingFault['kind']): boolean {
    for (const f of this.standing.values()) if (f.kind === kind) return true;
    return false;
  }

  /** The faults in force, in the panel's order. */
  list(): StandingFault[] {
    return [...this.standing.values()].sort(
      (a, b) => STANDING_KINDS.indexOf(a.kind) - STANDING_KINDS.indexOf(b.kind),
    );
  }

  /** Whether a host process holds TCP `port` on the learner's machine. */
  portTaken(port: number): boolean {
    return this.standing.has(`port-taken:${port}`);
  }

  get size(): number {
    return this.standing.size;
  }

  /**
   * The wire asks as a request arrives: does a fault answer it instead of its
   * callee? `undefined`: no, the callee handles it.
   */
  answer(hop: Hop): Reply | undefined {
    if (this.standing.size === 0) return undefined;
    if (hop.toHost === HUB || hop.toHost === AUTH) return this.registryAnswer(hop);
    if (hop.toHost !== LOCAL) return undefined;
    if (hop.to === 'containerd' && this.has('disk-full')) return diskFullWrite(hop);
    // storage: with overlay2, dockerd writes the download into /var/lib/docker/tmp itself.
    if (hop.to === 'kernel' && hop.op === 'kernel.tmp.write' && this.has('disk-full'))
      return {
        status: -28,
        summary:
          'fault: the disk is full: writing the download into /var/lib/docker/tmp fails (ENOSPC)',
      };
    if (hop.to === 'kernel' && hop.op === 'kernel.net.bind') return this.bindAnswer(hop);
    return undefined;
  }

  private registryAnswer(hop: Hop): Reply | undefined {
    if (this.has('registry-down'))
      return {
        status: 'dial error',
        body: { dialError: REGISTRY_DOWN_DIAL_ERROR(hop.toHost) },
        summary: `fault: ${hop.toHost} cannot be reached: the host's DNS stub (127.0.0.53) answers SERVFAIL for its name, so no connection opens and no request is sent (DockScope draws the failed dial on this arrow)`,
      };
    if (hop.to !== 'registry') return undefined;
    const req = hop.request as { method?: string; path?: string } | undefined;
    const isHead = req?.method === 'HEAD';
    if (this.has('registry-5xx'))
      return {
        status: 503,
        body: isHead ? undefined : '<html><body><h1>503 Service Unavailable</h1></body></html>',
        summary: 'fault: the registry answers 503 Service Unavailable',
      };
    if (this.has('registry-401'))
      return {
        status: 401,
        headers: {
          'Www-Authenticate': `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",error="insufficient_scope"`,
        },
        body: isHead
          ? undefined
          : {
              errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }],
            },
        summary: 'fault: 401, the registry does not accept this token for the repository',
      };
    // Only a manifest GET counts as a pull, so only it is refused: HEADs and blobs still pass.
    if (this.has('registry-429') && !isHead && /\/manifests\//.test(req?.path ?? ''))
      return {
        status: 429,
        body: { errors: [{ code: 'TOOMANYREQUESTS', message: RATE_LIMIT_MESSAGE }] },
        summary: 'fault: 429 Too Many Requests, the pull rate limit for this address is used up',
      };
    return undefined;
  }

  private bindAnswer(hop: Hop): Reply | undefined {
    const req = hop.request as { port?: number } | undefined;
    if (req?.port === undefined || !this.portTaken(req.port)) return undefined;
    return {
      status: -98,
      summary: `fault: EADDRINUSE, a host process (not a container) already listens on port ${req.port}`,
    };
  }
}

const keyOf = (f: StandingFault) => (f.kind === 'port-taken' ? `port-taken:${f.port}` : f.kind);

/**
 * containerd writes a blob into its content store (Content/Write, action
 * `commit`, which in DockScope stands for the data written and committed) and
 * the disk is full: the write into the ingest file fails.
 */
function diskFullWrite(hop: Hop): Reply | undefined {
  if (hop.op !== 'containerd.content.write') return undefined;
  const req = hop.request as { action?: string; ref?: string } | undefined;
  if (req?.action !== 'commit' || !req.ref) return undefined;
  return {
    status: 'Unknown',
    body: { ref: req.ref, error: 'no space left on device' },
    summary: 'fault: the disk is full: writing the blob into the content store fails (ENOSPC)',
  };
}

/** The faults in force after a log of inputs (what the page shows without asking the engine). */
export function activeFaults(inputs: readonly { op: string }[]): StandingFault[] {
  const table = new FaultTable();
  for (const input of inputs) {
    if (input.op !== 'fault') continue;
    applyFaultInput(table, input as FaultInput);
  }
  return table.list();
}

/** Do a fault input to a table; a one-shot fault is the caller's to carry out. */
export function applyFaultInput(table: FaultTable, input: FaultInput): OneShotFault | undefined {
  if ('clear' in input) {
    table.clear(input.clear);
    return undefined;
  }
  if (input.set.kind === 'kill-shim') return input.set;
  table.set(input.set);
  return undefined;
}

/** Whether a value read from storage or a link is a well-formed fault input. */
export function isFaultInput(v: Record<string, unknown>): v is FaultInput {
  if (v.op !== 'fault') return false;
  if ('clear' in v)
    return v.clear === 'all' || STANDING_KINDS.includes(v.clear as StandingFault['kind']);
  const f = v.set as Record<string, unknown> | undefined;
  if (typeof f !== 'object' || f === null) return false;
  switch (f.kind) {
    case 'port-taken':
      return (
        typeof f.port === 'number' && Number.isInteger(f.port) && f.port >= 1 && f.port <= 65535
      );
    case 'kill-shim':
      return typeof f.container === 'string' && f.container.length > 0 && f.container.length <= 128;
    default:
      return STANDING_KINDS.includes(f.kind as StandingFault['kind']);
  }
}
