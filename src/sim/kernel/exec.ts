import type { Host } from '../host';
import type { ComponentId } from '../core/types';
import type { Exec } from '../core/network';
import { commit, contextOf } from '../core/actors';
import type { KernelState } from './kernelMachine';

/**
 * A program the machine can run by name. `main` gets its PID and argv, sets
 * the program up (its own state, its endpoint on the wire) and returns the
 * argv of the process that stays, or undefined when the argv is not one it
 * runs. The program's code is its own component's: the kernel only starts it.
 */
export type Program = (
  pid: number,
  argv: readonly string[],
  id: ComponentId,
) => { argv: string[] } | undefined;

/**
 * The kernel's part of an `exec` of a program not yet running (containerd's
 * `containerd-shim-runc-v2 … start`): it gives the new process a PID, starts
 * the program, and keeps the process in its table. fork and execve are the
 * caller's syscalls, so the process exists before the exec's message arrives.
 */
export function kernelExec(host: Host, programs: ReadonlyMap<string, Program>): Exec {
  return (to, request) => {
    const argv = (request as { argv?: readonly string[] } | undefined)?.argv;
    const program = argv?.[0] !== undefined ? programs.get(argv[0]) : undefined;
    if (!argv || !program) return;
    const pid = contextOf<KernelState>(host.kernel).nextPid;
    const started = program(pid, argv, to);
    if (!started) return;
    // The long-lived process the start helper leaves behind, reparented to init.
    commit(host.kernel, {
      type: 'process.spawned',
      process: { pid, ppid: 1, argv: started.argv, started: host.scheduler.now },
    });
  };
}
