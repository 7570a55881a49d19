// What a terminal's line discipline does to input before a program reads it: the simulated
// programs read whole lines, but the real CLI sends bytes as they come (with `-t`, one
// keystroke at a time, Enter as "\r"). Lines are handed on once complete.

export interface LineSink {
  line(text: string): void;
  eof(): void;
}

export class LineDiscipline {
  private buffer = '';
  private closed = false;

  /** `tty`: canonical mode of a pty (ICRNL, VERASE, VEOF, VINTR); otherwise a plain pipe. */
  constructor(
    private readonly tty: () => boolean,
    private readonly sink: LineSink,
  ) {}

  write(text: string): void {
    if (this.closed) return;
    const tty = this.tty();
    for (const ch of tty ? text.replace(/\r\n?/g, '\n') : text) {
      if (tty && (ch === '\x7f' || ch === '\b')) {
        this.buffer = [...this.buffer].slice(0, -1).join('');
      } else if (tty && ch === '\x03') {
        this.buffer = ''; // ^C: the shell reading the line drops it
      } else if (tty && ch === '\x04') {
        if (this.buffer === '') return this.end();
        this.flush();
      } else {
        this.buffer += ch;
        if (ch === '\n') this.flush();
      }
    }
  }

  /** The writer closed its side: what is left is the last (unterminated) line. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.sink.eof();
  }

  private flush(): void {
    if (this.buffer === '') return;
    const line = this.buffer;
    this.buffer = '';
    this.sink.line(line);
  }
}
