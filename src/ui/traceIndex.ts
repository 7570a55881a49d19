import type { Message } from '../sim/engine';
import { bridgeNodeId, machineOf, nodeIdOf } from './diagram/nodeIds';
import { kindOf } from '../sim/core/components';

/** First and last seq at which something took part in the trace. */
export interface SeqSpan {
  first: number;
  last: number;
}

/** The unordered pair of components an edge joins, as one stable key. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}~${b}` : `${b}~${a}`;
}

/**
 * Grows with the trace (append-only, so each message is read once): when each
 * diagram node (a component on its machine, see nodeIdOf), each pair of them
 * and each machine first and last took part. The diagram asks it "does
 * `shim-…` exist yet at seq N?" or "has anything reached node-2 yet?"
 * without rescanning the trace.
 */
export class TraceIndex {
  readonly components = new Map<string, SeqSpan>();
  readonly pairs = new Map<string, SeqSpan & { a: string; b: string }>();
  readonly machines = new Map<string, SeqSpan>();
  /**
   * Per command, the machine whose daemon the CLI reaches through ssh
   * (`docker -H ssh://user@node-2 …`): the CLI's Engine API requests then
   * travel ssh → sshd → `docker system dial-stdio` → that dockerd's socket,
   * and the diagram draws them along that tunnel, not on a line of their own.
   */
  private readonly tunnels = new Map<number, string>();
  /** Per command, the machines whose own components (not the CLI's column) its messages reached. */
  private readonly commandMachines = new Map<number, Set<string>>();
  private seen = 0;

  /** Forget everything (the host was replaced). */
  reset(): void {
    this.components.clear();
    this.pairs.clear();
    this.machines.clear();
    this.tunnels.clear();
    this.commandMachines.clear();
    this.seen = 0;
  }

  /** The machines command `commandId`'s messages reached beyond the CLI, if it sent any. */
  machinesOf(commandId: number): ReadonlySet<string> | undefined {
    return this.commandMachines.get(commandId);
  }

  /**
   * The edge (pair key) a message between diagram nodes `from` and `to`
   * travels on: their own pair, or for the CLI's requests through an ssh
   * tunnel and their answers, the tunnel's last leg (`node-2/dial-stdio` to
   * `node-2/dockerd`), which the diagram draws from the CLI through ssh and
   * sshd (layout.ts).
   *
   * A packet between a container and the kernel that crosses a bridge travels
   * the container's veth wire to that bridge (`bridge-docker0`), which the
   * diagram draws inside the kernel (layout.ts).
   *
   * @example edgeOf({ commandId: 3, … }, 'client', 'node-2/dockerd') // 'node-2/dial-stdio~node-2/dockerd' after docker -H ssh://…
   * @example edgeOf({ protocol: 'packet', request: { bridge: 'docker0' }, … }, 'container-1a2b…', 'kernel') // 'bridge-docker0~container-1a2b…'
   */
  edgeOf(
    m: Pick<Message, 'commandId' | 'protocol' | 'request'> | undefined,
    from: string,
    to: string,
  ): string {
    const host = m?.commandId === undefined ? undefined : this.tunnels.get(m.commandId);
    if (host !== undefined) {
      const daemon = nodeIdOf(host, 'dockerd');
      if ((from === 'client' && to === daemon) || (from === daemon && to === 'client'))
        return pairKey(nodeIdOf(host, 'dial-stdio'), daemon);
    }
    const bridge = m?.protocol === 'packet' ? bridgeOf(m.request) : undefined;
    if (bridge) {
      const a = machineOf(from);
      const b = machineOf(to);
      const container = a.id === 'kernel' ? b : b.id === 'kernel' ? a : undefined;
      if (container?.id.startsWith('container-'))
        return pairKey(
          nodeIdOf(container.host, container.id),
          bridgeNodeId(container.host, bridge),
        );
    }
    return pairKey(from, to);
  }

  catchUp(trace: readonly Message[]): void {
    for (; this.seen < trace.length; this.seen++) {
      const m = trace[this.seen]!;
      const from = nodeIdOf(m.fromHost, m.from);
      const to = nodeIdOf(m.toHost, m.to);
      // The ssh client on the learner's machine asks a remote sshd to run dial-stdio: a tunnel for this command.
      if (m.from === 'ssh' && m.to === 'sshd' && m.commandId !== undefined)
        this.tunnels.set(m.commandId, m.toHost);
      if (m.commandId !== undefined) {
        let machines = this.commandMachines.get(m.commandId);
        if (!machines) this.commandMachines.set(m.commandId, (machines = new Set()));
        if (worksOn(m.from)) machines.add(m.fromHost);
        if (worksOn(m.to)) machines.add(m.toHost);
      }
      touch(this.components, from, m.seq);
      touch(this.components, to, m.seq);
      if (m.fromHost) touch(this.machines, m.fromHost, m.seq);
      if (m.toHost) touch(this.machines, m.toHost, m.seq);
      const key = this.edgeOf(m, from, to);
      const pair = this.pairs.get(key);
      if (pair) pair.last = m.seq;
      else {
        const [a, b] = key.split('~') as [string, string];
        this.pairs.set(key, { a, b, first: m.seq, last: m.seq });
      }
    }
  }
}

/** The bridge a packet message crosses (its body names it: src/sim/kernel/packets.ts PacketBody). */
function bridgeOf(request: unknown): string | undefined {
  const bridge = (request as { bridge?: unknown } | undefined)?.bridge;
  return typeof bridge === 'string' ? bridge : undefined;
}

/** A component that is a machine's own work, not the learner's CLI column (client, ssh). */
const worksOn = (id: string): boolean => kindOf(id)?.slot !== 'cli';

/**
 * The machines a message's command puts to work (its whole command, so the
 * diagram keeps one shape while the command plays): every machine any of its
 * messages reached beyond the CLI. A message of no command (a container
 * exiting later) involves the machines it runs between.
 */
export function machinesInvolved(
  index: TraceIndex,
  m: Pick<Message, 'commandId' | 'from' | 'to' | 'fromHost' | 'toHost'> | undefined,
): ReadonlySet<string> {
  if (!m) return new Set();
  const machines = m.commandId === undefined ? undefined : index.machinesOf(m.commandId);
  if (machines) return machines;
  const own = new Set<string>();
  if (worksOn(m.from)) own.add(m.fromHost);
  if (worksOn(m.to)) own.add(m.toHost);
  return own;
}

function touch(spans: Map<string, SeqSpan>, id: string, seq: number): void {
  const span = spans.get(id);
  if (span) span.last = seq;
  else spans.set(id, { first: seq, last: seq });
}
