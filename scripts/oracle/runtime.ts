// Container process lifecycle for the fake daemon: hijacked attach sockets, pending
// POST /wait responses, start/exit/remove. Kept apart from the HTTP routing.
import type http from 'node:http';
import type { Socket } from 'node:net';
import { type Engine, programFor } from './engine';
import type { Container, Frame } from './model';

export type Condition = 'not-running' | 'next-exit' | 'removed';

/** What the fixture records about one response. */
export interface RecordedResponse {
  status: number;
  contentType?: string;
  /** JSON body, rendered with times relative to FIXTURE_EPOCH. */
  body?: unknown;
  /** Newline-delimited JSON messages (pull). */
  messages?: unknown[];
  /** Multiplexed stream frames (attach, logs). */
  frames?: Frame[];
}

interface Waiter {
  c: Container;
  condition: Condition;
  res: http.ServerResponse;
  rec: RecordedResponse;
}

interface Attachment {
  c: Container;
  socket: Socket;
  streams: ReadonlySet<number>;
  rec: RecordedResponse;
}

/** [stream, 0, 0, 0, len32be] + payload. */
export function encodeFrame(f: Frame): Buffer {
  const payload = Buffer.from(f.data, 'utf8');
  const head = Buffer.alloc(8);
  head[0] = f.stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

export class Runtime {
  private waiters: Waiter[] = [];
  private attachments: Attachment[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly mark: (event: string) => void,
  ) {}

  attach(c: Container, socket: Socket, streams: ReadonlySet<number>, rec: RecordedResponse): void {
    socket.on('error', () => undefined);
    this.attachments.push({ c, socket, streams, rec });
  }

  /** The 200 header is already out; answer when the condition is met. */
  wait(c: Container, condition: Condition, res: http.ServerResponse, rec: RecordedResponse): void {
    const waiter: Waiter = { c, condition, res, rec };
    if (condition === 'not-running' && c.state !== 'running') return this.answer(waiter);
    this.waiters.push(waiter);
    res.on('close', () => {
      if (this.waiters.includes(waiter))
        this.mark(`client closed wait ${c.id.slice(0, 12)} unanswered`);
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  private answer(w: Waiter): void {
    w.rec.body = { StatusCode: w.c.exitCode };
    this.mark(`← wait body ${JSON.stringify(w.rec.body)}`);
    w.res.end(`${JSON.stringify(w.rec.body)}\n`);
  }

  settle(c: Container, event: 'exit' | 'removed'): void {
    const done = this.waiters.filter(
      (w) =>
        w.c === c && (event === 'removed' ? w.condition === 'removed' : w.condition !== 'removed'),
    );
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) this.answer(w);
  }

  start(c: Container): void {
    c.state = 'running';
    c.startedRel = 0;
    const program = programFor(c);
    setTimeout(() => {
      for (const f of program.frames) {
        c.logs.push(f);
        for (const a of this.attachments.filter((x) => x.c === c && x.streams.has(f.stream))) {
          a.rec.frames?.push(f);
          a.socket.write(encodeFrame(f));
        }
      }
      if (program.exit !== null) this.exit(c, program.exit);
    }, 20);
  }

  exit(c: Container, code: number): void {
    c.state = 'exited';
    c.exitCode = code;
    c.finishedRel = 0;
    for (const a of this.attachments.filter((x) => x.c === c)) {
      this.mark('← attach stream EOF');
      a.socket.end();
    }
    this.attachments = this.attachments.filter((x) => x.c !== c);
    setTimeout(() => {
      this.settle(c, 'exit');
      if (c.autoRemove && this.engine.containers.includes(c)) {
        this.engine.remove(c, true);
        this.settle(c, 'removed');
      }
    }, 10);
  }

  close(): void {
    for (const a of this.attachments) a.socket.destroy();
  }
}
