import type { Op, Subjects } from '../trace/operations';

export type { Op, Subjects };

/**
 * The vocabulary every part of the engine shares: who talks (components), how
 * (protocols) and what a recorded message looks like. The trace is a list of
 * these messages; it is the single thing the UI animates and tests assert on.
 */
import type { Role } from './components';

/** Fixed components (one per machine; see ./components.ts). Per-container ones are `shim-<12hex>` and `container-<12hex>`. */
export type FixedComponentId = Exclude<Role, 'shim' | 'container'>;

export type ComponentId = FixedComponentId | `shim-${string}` | `container-${string}`;

/**
 * A machine of the world, by name: `local` (the learner's machine, where the CLI and its own
 * daemon run), `node-2`, `node-3`, `registry-1.docker.io`, `auth.docker.io`.
 */
export type MachineName = string;

/** The learner's machine. */
export const LOCAL: MachineName = 'local';

export type Protocol =
  | 'http'
  | 'tls'
  | 'ssh'
  | 'grpc'
  | 'ttrpc'
  | 'exec'
  | 'syscall'
  | 'stream'
  | 'event'
  /** An IP packet on the host's virtual network: veth pairs, bridges, NAT (ping, DNS, TCP). */
  | 'packet'
  /** systemctl ↔ systemd (PID 1), on the system bus (daemon). */
  | 'dbus';

/** `request` opens an exchange, `response` closes it; `stream` and `event` are one-way. */
export type MessageKind = 'request' | 'response' | 'stream' | 'event';

export interface Message {
  /** Position in the trace, from 1, gap-free. */
  seq: number;
  /** Simulated milliseconds since the host booted, when the message was sent. */
  time: number;
  /** The sender's id within its machine (`dockerd`, `shim-<id>`). */
  from: ComponentId;
  /** The machine the sender runs on. */
  fromHost: MachineName;
  to: ComponentId;
  /** The machine the receiver runs on. */
  toHost: MachineName;
  protocol: Protocol;
  kind: MessageKind;
  /** e.g. `POST /v1.50/containers/create`, `containerd.services.tasks.v1.Tasks/Create`, `runc create`. */
  operation: string;
  /**
   * What the message does, from the operation catalogue (`containerd.tasks.create`): an interned
   * string constant. Responses and stream chunks carry their request's op unless they name their own.
   */
  op: Op;
  /** What it concerns (container, image, layer…): only the keys that apply; absent when none do. */
  subjects?: Subjects;
  /** The content sent: an HTTP request, gRPC fields, argv, syscall arguments. */
  request?: unknown;
  /** The content returned (on `response` messages). */
  response?: unknown;
  /** Response headers as sent (HTTP responses that carry any: `Api-Version`, `Www-Authenticate`, `Docker-Content-Digest`, `Upgrade`…). */
  responseHeaders?: Record<string, string>;
  /** HTTP status, gRPC code name, exit status or syscall return, on responses. */
  status?: number | string;
  /** For a response: the seq of the request it answers. */
  replyTo?: number;
  /** The terminal command that caused it, if any (background events have none). */
  commandId?: number;
  /** One plain-language line. */
  summary: string;
}

export const shortId = (id: string): string => id.slice(0, 12);
export const shimId = (containerId: string): ComponentId => `shim-${shortId(containerId)}`;
export const containerNodeId = (containerId: string): ComponentId =>
  `container-${shortId(containerId)}`;
