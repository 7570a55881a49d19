/**
 * A program that only grows its memory: `tail /dev/zero`. /dev/zero never ends and holds no
 * newline, so tail keeps one ever longer "last line" in memory. Each step charges the new
 * pages to the container's cgroup through the kernel; the kernel's OOM killer ends it
 * when its cgroup's memory.max (or the host's memory) is reached. Simulated time: the
 * buffer doubles every few milliseconds, as reading /dev/zero is fast.
 */
import type { Task } from '../core/scheduler';
import { containerNodeId } from '../core/types';
import { aboutContainer } from '../trace/operations';
import { Killed, type ProcessContext } from './processContext';
import { childChain } from './processView';

const STEP_MS = 5;
const FIRST = 8 * 1048576;

export function* hogMemory(ctx: ProcessContext, tool: string): Task<number> {
  let held = 0;
  // The shell forked it (`sh -c 'echo a; tail /dev/zero; echo b'`): DockScope runs that child
  // inside the shell's process, so its kill is the tool's exit status (137) and the shell
  // goes on, as with a real child. `sh -c 'tail /dev/zero'` execs tail: the kill ends PID 1.
  const child = childChain(ctx).length > 0;
  for (;;) {
    const grow = Math.max(FIRST, held);
    const r = yield* ctx.host.net.call(containerNodeId(ctx.containerId), {
      to: 'kernel',
      protocol: 'syscall',
      operation: `page faults: +${grow / 1048576} MiB`,
      op: 'kernel.memory.charge',
      subjects: aboutContainer(ctx.containerId),
      request: { call: 'memory.charge', pid: ctx.spec.pid, bytes: grow, child, comm: tool },
      summary: `${tool} reads /dev/zero and never meets a newline: its buffer grows to ${(held + grow) / 1048576} MiB, and the kernel charges the new pages to the container's cgroup`,
    });
    // A child killed by SIGKILL: its shell reads status 128 + 9 and goes on.
    if (r.status !== 0 && child && ctx.isAlive) return 137;
    if (r.status !== 0 || !ctx.isAlive) {
      // The OOM killer's SIGKILL: the page fault never returns.
      yield* ctx.sleep(0);
      throw new Killed();
    }
    held += grow;
    yield* ctx.sleep(STEP_MS);
  }
}
