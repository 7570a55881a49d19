import type { OutputChunk } from '../../sim/engine';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { appStore } from '../store';
import type { SessionMode } from '../store/sessionSlice';
import { completeWord, formatColumns } from './completion';
import { describeKeys, parseKeys, type Key } from './keys';
import { EMPTY_LINE, History, editLine, type Line } from './lineEditor';
import { LineView } from './lineView';

/** The part of xterm the session needs (so it can be driven without a DOM). */
export interface TerminalSink {
  readonly cols: number;
  write(data: string): void;
  clear(): void;
}

const PROMPT = '\x1b[1;32m$\x1b[0m ';
const PROMPT_WIDTH = 2;
const BANNER =
  '\x1b[2mDockScope: a simulated Docker host. Try: docker run hello-world\r\n' +
  'Esc skips an animation · Tab completes · ↑/↓ recall history\x1b[0m\r\n';

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

// eslint-disable-next-line no-control-regex -- the redraw sequences of pull progress bars
const REDRAW = /\x1b\[(\d*A|2K)/;

/**
 * Output as the engine gives it, with bare line feeds turned into CR LF for
 * xterm. Progress lines redraw themselves by moving the cursor up one row per
 * line, which only works if no line wraps: they are written with auto-wrap
 * off (a line wider than the terminal is cut at its edge, never reflowed).
 */
function forTerminal(chunk: OutputChunk): string {
  const text = chunk.text.replace(/\r?\n/g, '\r\n');
  return REDRAW.test(text) ? `\x1b[?7l${text}\x1b[?7h` : text;
}

/**
 * The shell in the terminal panel. It edits the line, runs commands on the
 * engine one at a time, and prints each output chunk only once the message
 * that carried it has been animated. Keys typed while a command is replayed
 * are kept and replayed at the next prompt (so a pasted block runs line by
 * line, each after the previous one's animation).
 */
export class ShellSession {
  private mode: SessionMode = 'editing';
  private line: Line = EMPTY_LINE;
  /** The line being typed to an attached container's stdin. */
  private stdinLine: Line = EMPTY_LINE;
  private readonly history = new History();
  private readonly view: LineView;
  private queued: Key[] = [];
  private pending: OutputChunk[] = [];
  private commandId: number | null = null;
  /** Whether the last thing printed ended a row (so the prompt starts on a fresh one). */
  private atLineStart = true;
  private disposers: Array<() => void> = [];

  constructor(private readonly term: TerminalSink) {
    this.view = new LineView(() => this.term.cols);
  }

  start(): () => void {
    this.disposers.push(
      bridge.onOutput((_id, chunk) => this.pending.push(chunk)),
      appStore.subscribe((s, prev) => {
        if (s.animatedSeq !== prev.animatedSeq || s.inFlight !== prev.inFlight) this.progress();
      }),
    );
    this.print(BANNER);
    this.prompt();
    return () => this.disposers.splice(0).forEach((d) => d());
  }

  /** Everything xterm's `onData` delivers: typing, pastes, control keys. */
  input(data: string): void {
    this.feed(parseKeys(data));
  }

  private feed(keys: Key[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key.type === 'escape') {
        player.skip();
      } else if (key.type === 'interrupt' && this.mode !== 'editing') {
        this.interrupt();
      } else if (this.mode === 'editing') {
        this.editKey(key);
      } else if (this.mode === 'attached') {
        this.stdinKey(key);
      } else {
        this.queue(keys.slice(i));
        return;
      }
    }
  }

  private queue(keys: Key[]): void {
    this.queued.push(...keys);
    this.setMode(this.mode);
  }

  private editKey(key: Key): void {
    switch (key.type) {
      case 'enter':
        return this.submit();
      case 'interrupt':
        this.print(this.view.finish().replace('\r\n', '^C\r\n'));
        this.line = EMPTY_LINE;
        return this.prompt();
      case 'clearScreen':
        this.term.clear();
        return this.redraw();
      case 'tab':
        return this.complete();
      case 'up':
      case 'down': {
        const entry = key.type === 'up' ? this.history.up(this.line.buffer) : this.history.down();
        if (entry !== undefined) this.setLine({ buffer: entry, cursor: entry.length });
        return;
      }
      default:
        return this.setLine(editLine(this.line, key));
    }
  }

  private setLine(next: Line): void {
    const prev = this.line;
    if (next === prev) return;
    this.line = next;
    const appended =
      next.cursor === next.buffer.length &&
      next.buffer.startsWith(prev.buffer) &&
      prev.cursor === prev.buffer.length;
    if (appended && this.view.atEnd(PROMPT_WIDTH, prev.buffer.length)) {
      this.print(
        this.view.append(next.buffer.slice(prev.buffer.length), PROMPT_WIDTH, next.buffer.length),
      );
    } else {
      this.redraw();
    }
  }

  private redraw(): void {
    this.print(this.view.draw(PROMPT, PROMPT_WIDTH, this.line.buffer, this.line.cursor));
  }

  private complete(): void {
    const before = this.line.buffer.slice(0, this.line.cursor);
    const after = this.line.buffer.slice(this.line.cursor);
    const result = completeWord(before, bridge.complete(before));
    if (result.list.length > 0) {
      this.print(this.view.finish() + formatColumns(result.list, this.term.cols) + '\r\n');
      this.print(PROMPT);
      this.view.reset(PROMPT_WIDTH);
      this.line = { buffer: '', cursor: 0 };
      this.setLine({ buffer: before + after, cursor: before.length });
    } else if (result.before !== before) {
      this.setLine({ buffer: result.before + after, cursor: result.before.length });
    }
  }

  private submit(): void {
    const command = this.line.buffer;
    this.print(this.view.finish());
    this.line = EMPTY_LINE;
    this.history.push(command);
    const trimmed = command.trim();
    if (trimmed === '') return this.prompt();
    if (trimmed === 'clear') {
      this.term.clear();
      this.print('\x1b[2K\r');
      return this.prompt();
    }
    const result = bridge.run(command);
    this.commandId = result.id;
    this.setMode('running');
    this.progress();
  }

  private stdinKey(key: Key): void {
    if (key.type === 'enter') {
      const text = this.stdinLine.buffer;
      this.stdinLine = EMPTY_LINE;
      this.print('\r\n');
      if (this.commandId !== null) {
        this.setMode('running');
        bridge.stdin(this.commandId, `${text}\n`);
        this.progress();
      }
      return;
    }
    const next = editLine(this.stdinLine, key);
    if (next === this.stdinLine) return;
    // Local echo, kept simple: only typing and backspace at the end of the line.
    if (key.type === 'text' && next.cursor === next.buffer.length) this.print(key.text);
    else if (key.type === 'backspace' && this.stdinLine.cursor === this.stdinLine.buffer.length)
      this.print('\b \b');
    else return;
    this.stdinLine = next;
  }

  /** Ctrl-C while busy: forward it to an attached command, and drop typed-ahead keys. */
  private interrupt(): void {
    this.queued = [];
    const id = this.commandId;
    if (id !== null && bridge.isAttached(id)) {
      this.print('^C\r\n');
      this.stdinLine = EMPTY_LINE;
      this.setMode('running');
      bridge.interrupt(id);
    }
    this.setMode(this.mode);
    this.progress();
  }

  /** Called whenever the animation moves: print what it has reached; end the command when all is shown. */
  private progress(): void {
    const animated = appStore.getState().animatedSeq;
    let shown = 0;
    while (shown < this.pending.length && this.pending[shown]!.seq <= animated) shown++;
    if (shown > 0) this.print(this.pending.splice(0, shown).map(forTerminal).join(''));
    if (
      this.mode === 'editing' ||
      this.commandId === null ||
      !player.idle ||
      this.pending.length > 0
    )
      return;
    const result = bridge.result(this.commandId);
    if (result && result.exitCode === null && bridge.isAttached(this.commandId)) {
      // Still attached: typed-ahead keys go to the container, as in a real terminal.
      this.setMode('attached');
    } else {
      this.commandId = null;
      this.prompt();
    }
    this.replayQueued();
  }

  private replayQueued(): void {
    const keys = this.queued;
    this.queued = [];
    if (keys.length > 0) this.feed(keys);
  }

  private prompt(): void {
    this.setMode('editing');
    this.print((this.atLineStart ? '' : '\r\n') + PROMPT);
    this.view.reset(PROMPT_WIDTH);
    this.line = EMPTY_LINE;
  }

  private setMode(mode: SessionMode): void {
    this.mode = mode;
    appStore.getState().setSession({ mode, typeAhead: describeKeys(this.queued) });
  }

  private print(data: string): void {
    if (!data) return;
    this.term.write(data);
    const last = data.replace(ESCAPE_SEQUENCE, '').slice(-1);
    if (last) this.atLineStart = last === '\n';
  }
}
