/** A running program inside a container, as the kernel sees it: it can be signalled. */
export interface RunningProgram {
  pid: number;
  containerId: string;
  argv: string[];
  /** Deliver a signal; the program decides (handle, ignore as PID 1, or die). */
  signal(name: string): void;
}

export class ProcessTable {
  private byPid = new Map<number, RunningProgram>();

  add(p: RunningProgram): void {
    this.byPid.set(p.pid, p);
  }

  remove(pid: number): void {
    this.byPid.delete(pid);
  }

  get(pid: number): RunningProgram | undefined {
    return this.byPid.get(pid);
  }

  get size(): number {
    return this.byPid.size;
  }
}
