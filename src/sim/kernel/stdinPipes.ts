/** How much early input a pipe holds before a reader comes (lines; the real pipe holds 64 KiB). */
const MAX_BUFFERED = 256;

type Reader = (text: string | undefined) => void;

/**
 * The read end of each container's stdin, as the kernel holds it: what the
 * shim writes waits in the pipe until the container's program reads it (input
 * can arrive while init still waits on exec.fifo). `undefined` is end of input.
 */
export class StdinPipes {
  private readers = new Map<string, Reader>();
  private buffered = new Map<string, Array<string | undefined>>();

  write(containerId: string, text: string | undefined): void {
    const reader = this.readers.get(containerId);
    if (reader) {
      reader(text);
      return;
    }
    const held = this.buffered.get(containerId) ?? [];
    if (held.length < MAX_BUFFERED) this.buffered.set(containerId, [...held, text]);
  }

  /** The program execs and reads its stdin: first what waited in the pipe. */
  open(containerId: string, reader: Reader): void {
    this.readers.set(containerId, reader);
    const held = this.buffered.get(containerId);
    this.buffered.delete(containerId);
    held?.forEach((text) => reader(text));
  }

  /** The container's init exited: its pipe goes with it. */
  close(containerId: string): void {
    this.readers.delete(containerId);
    this.buffered.delete(containerId);
  }
}
