/** How a running program takes a signal: it handles it, ignores it (as PID 1 may), or dies. */
export type SignalReceiver = (name: string) => void;

/**
 * Where the kernel delivers a signal for each PID that runs a program. This is
 * no second process table: which processes exist, with their argv, container
 * and namespaces, is the kernel's state (KernelState.processes); this only
 * holds, for the ones running a simulated program, the code a signal reaches.
 */
export class ProcessTable {
  private byPid = new Map<number, SignalReceiver>();

  add(pid: number, receive: SignalReceiver): void {
    this.byPid.set(pid, receive);
  }

  remove(pid: number): void {
    this.byPid.delete(pid);
  }

  receiverOf(pid: number): SignalReceiver | undefined {
    return this.byPid.get(pid);
  }
}
