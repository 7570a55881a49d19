import { createActor } from 'xstate';
import type { OutputChunk } from '../../sim/engine';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { appStore } from '../store';
import type { SessionMode } from '../store/sessionSlice';
import { drillActive, drillCeiling } from '../store/learnSlice';
import { completeWord, formatColumns } from './completion';
import { describeKeys, parseKeys, type Key } from './keys';
import { History } from './lineEditor';
import { LineInput } from './lineInput';
import { sessionMachine, sessionModeOf, type SessionEvent } from './sessionMachine';
import { awaitsHereDocument } from '../../sim/shell/syntax';

/** The part of xterm the session needs (so it can be driven without a DOM). */
export interface TerminalSink {
  readonly cols: number;
  /** Column of the cursor once everything written so far is on screen. */
  cursorX(): number;
  write(data: string): void;
  clear(): void;
}

const PROMPT = '\x1b[1;32m$\x1b[0m ';
/** bash's PS2: the prompt for the next line of a command not yet complete (a here-document). */
const PS2 = '> ';
const PROMPT_WIDTH = 2;
export const BANNER =
  '\x1b[2mA simulated Docker host. Try: docker run hello-world\r\n' +
  // ── host: who the learner is on the host (its programs answer accordingly) ──
  'You are learner, in the docker group; sudo runs a command as root (no password here)\r\n' +
  'Esc skips an animation · Tab completes · ↑/↓ history\x1b[0m\r\n';

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

// eslint-disable-next-line no-control-regex -- the redraw sequences of pull progress bars
const REDRAW = /\x1b\[(\d*A|2K)/;

/** One command of a restored session, drawn as the terminal first showed it. */
export interface TranscriptEntry {
  command: string;
  output: readonly OutputChunk[];
}

/** The session on the page (one terminal; StrictMode may briefly mount two, the newest wins). */
const page: { current: ShellSession | null } = { current: null };

/**
 * The shell on the page, for the parts that type into it (a clicked lesson
 * command, a shared scenario) or redraw it (a restored session). They go
 * through the session, so commands run one at a time and show their output
 * only once animated, exactly as if typed.
 */
export function activeShell(): ShellSession | null {
  return page.current;
}

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
 *
 * Where it is (booting, editing, running, attached and waiting or typing a
 * line) is the state of `sessionMachine`; this class does what each move
 * means (the prompt, the engine calls) and holds the data (lines, queued keys).
 */
export class ShellSession {
  private readonly machine = createActor(sessionMachine).start();
  private readonly history = new History();
  /** The command line after `$ `. */
  private readonly shell: LineInput;
  /** A line typed to an attached container's stdin (after its own prompt, if any). */
  private readonly stdin: LineInput;
  private queued: Key[] = [];
  private pending: OutputChunk[] = [];
  /** A Tab completion is on its way back from the engine: keys wait for it, in order. */
  private completing = false;
  /** The last key typed while attached was Ctrl-P: a Ctrl-Q now is the detach sequence. */
  private ctrlP = false;
  /** Whether the last thing printed ended a row (so the prompt starts on a fresh one). */
  private atLineStart = true;
  private disposers: Array<() => void> = [];

  constructor(private readonly term: TerminalSink) {
    const print = (data: string) => this.print(data);
    this.shell = new LineInput(print, () => this.term.cols);
    this.stdin = new LineInput(print, () => this.term.cols);
  }

  /** What the status bar shows: editing, running (booting too) or attached. */
  private get mode(): SessionMode {
    return sessionModeOf(this.machine.getSnapshot().value);
  }

  /** The first prompt has been shown (or a restored session drawn instead). */
  private get booted(): boolean {
    return !this.machine.getSnapshot().matches('booting');
  }

  /** The command the terminal is running or attached to. */
  private get commandId(): number | null {
    return this.machine.getSnapshot().context.commandId;
  }

  /** Attached, and the learner has begun a line for the container's stdin. */
  private get stdinStarted(): boolean {
    return this.machine.getSnapshot().matches({ attached: 'typing' });
  }

  /** Move the session's machine, and tell the status bar where it is now. */
  private send(event: SessionEvent): void {
    this.machine.send(event);
    this.publish();
  }

  start(): () => void {
    this.disposers.push(
      bridge.onOutput((_id, chunk) => this.pending.push(chunk)),
      appStore.subscribe((s, prev) => {
        if (
          s.animatedSeq !== prev.animatedSeq ||
          s.inFlight !== prev.inFlight ||
          // A drill answered or stopped lifts the limit on what may be printed.
          s.drill !== prev.drill
        )
          this.progress();
      }),
    );
    this.print(BANNER);
    // Keys typed while the engine's code loads are queued like type-ahead.
    this.publish();
    page.current = this;
    void bridge.ready().then(() => {
      if (this.booted) return;
      this.send({ type: 'engine.ready' });
      this.prompt();
      const keys = this.queued;
      this.queued = [];
      if (keys.length > 0) this.feed(keys);
    });
    return () => {
      if (page.current === this) page.current = null;
      this.disposers.splice(0).forEach((d) => d());
    };
  }

  /** The ↑ history, oldest first. */
  get historyEntries(): readonly string[] {
    return this.history.all;
  }

  /**
   * Type a command line and press Enter, as the learner would. At the prompt
   * it runs now; while a command is still being replayed it waits its turn
   * like typed-ahead keys. A container attached to the terminal would receive
   * the keys as its input, so then nothing is typed and 'attached' is returned.
   */
  type(line: string): 'ran' | 'queued' | 'attached' {
    if (this.mode === 'attached') return 'attached';
    if (this.mode === 'editing' && this.booted && this.queued.length === 0 && !this.completing) {
      this.shell.set({ buffer: line, cursor: line.length });
      this.submit();
      return 'ran';
    }
    this.queued.push(...parseKeys(`${line}\r`));
    this.publish();
    return 'queued';
  }

  /**
   * Redraw the terminal for a host rebuilt from its inputs (a reload, an
   * imported file, a lesson's starting state): each command as it was shown,
   * prompt, line and output, with no animation. `attached` is a command still
   * holding the terminal (a foreground container), `note` a dim line on top.
   */
  restore(options: {
    transcript: readonly TranscriptEntry[];
    attached: number | null;
    history?: readonly string[];
    note?: string;
  }): void {
    this.pending = [];
    this.queued = [];
    if (options.history) this.history.load(options.history);
    this.term.clear();
    this.print('\x1b[2K\r');
    this.atLineStart = true;
    this.print(BANNER);
    if (options.note) {
      // Backticks mark code in the panel's texts; the terminal shows the words alone.
      const note = options.note.replace(/`/g, '').replace(/\n/g, '\r\n');
      this.print(`\x1b[2m${note}\x1b[0m\r\n`);
    }
    for (const entry of options.transcript) {
      if (!this.atLineStart) this.print('\r\n');
      this.print(`${PROMPT}${entry.command.replace(/\n/g, `\r\n${PS2}`)}\r\n`);
      this.print(entry.output.map(forTerminal).join(''));
    }
    this.send({ type: 'session.restored', attached: options.attached });
    if (options.attached === null) this.prompt();
  }

  /** Everything xterm's `onData` delivers: typing, pastes, control keys. */
  input(data: string): void {
    this.feed(parseKeys(data));
  }

  private feed(keys: Key[]): void {
    if (drillActive(appStore.getState())) {
      // A drill owns the terminal until its last question: Esc would print
      // the answers, Ctrl-C would go to its container, a new command would
      // add messages under the questions. The status bar says why.
      appStore
        .getState()
        .showNotice(
          'The terminal is paused during a drill: answer the question in the panel, or stop the drill to type again.',
          'info',
        );
      return;
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (this.completing) {
        // Keys after Tab apply to the completed line, as in a real shell.
        this.queued.push(...keys.slice(i));
        this.publish();
        return;
      }
      if (key.type === 'escape') {
        player.skip();
      } else if (key.type === 'interrupt' && this.mode !== 'editing') {
        this.interrupt();
      } else if (this.mode === 'editing') {
        this.editKey(key);
      } else if (this.mode === 'attached') {
        this.stdinKey(key);
      } else {
        this.queued.push(...keys.slice(i));
        this.publish();
        return;
      }
    }
  }

  private editKey(key: Key): void {
    switch (key.type) {
      case 'enter':
        return this.submit();
      case 'interrupt':
        this.shell.finish('^C');
        return this.prompt();
      case 'clearScreen':
        this.term.clear();
        return this.shell.redraw();
      case 'tab':
        return this.complete();
      case 'up':
      case 'ctrlP':
      case 'down': {
        const entry =
          key.type === 'down' ? this.history.down() : this.history.up(this.shell.line.buffer);
        if (entry !== undefined) this.shell.set({ buffer: entry, cursor: entry.length });
        return;
      }
      default:
        this.shell.edit(key);
    }
  }

  /** Tab: the engine's worker knows the commands, flags and names; the line waits for its answer. */
  private complete(): void {
    const { buffer, cursor } = this.shell.line;
    const before = buffer.slice(0, cursor);
    this.completing = true;
    void bridge.complete(before).then((list) => {
      this.completing = false;
      const line = this.shell.line;
      // Only onto the line it was asked for (a restored session may have replaced it).
      if (this.mode === 'editing' && line.buffer === buffer && line.cursor === cursor)
        this.completed(before, buffer.slice(cursor), list);
      const keys = this.queued;
      this.queued = [];
      if (keys.length > 0) this.feed(keys);
      else this.publish();
    });
  }

  private completed(before: string, after: string, candidates: string[]): void {
    const result = completeWord(before, candidates);
    if (result.list.length > 0) {
      this.shell.finish();
      this.print(formatColumns(result.list, this.term.cols) + '\r\n');
      this.prompt();
      this.shell.set({ buffer: before + after, cursor: before.length });
    } else if (result.before !== before) {
      this.shell.set({ buffer: result.before + after, cursor: result.before.length });
    }
  }

  /** The lines of a command bash is still reading (a here-document before its delimiter line). */
  private continued: string | undefined;

  private submit(): void {
    const line = this.shell.finish();
    const command = this.continued === undefined ? line : `${this.continued}\n${line}`;
    if (awaitsHereDocument(command)) {
      this.continued = command;
      this.publish();
      this.print(PS2);
      this.shell.begin(PS2, PS2.length);
      return;
    }
    this.continued = undefined;
    // A multi-line command is not recalled with the arrows (the line editor edits one line).
    if (!command.includes('\n')) this.history.push(command);
    const trimmed = command.trim();
    if (trimmed === '') return this.prompt();
    if (trimmed === 'clear') {
      this.term.clear();
      this.print('\x1b[2K\r');
      return this.prompt();
    }
    // The engine reports its own failures as output; this is a last resort, so the shell never hangs.
    const failed = (error: unknown) =>
      this.print(`\x1b[31mDockScope could not run this command: ${String(error)}\x1b[0m\r\n`);
    let pending;
    try {
      pending = bridge.run(command);
    } catch (error) {
      failed(error);
      return this.prompt();
    }
    // The line is already on screen; the engine's answer (in its worker) arrives later.
    this.send({ type: 'command.started', id: pending.id });
    pending.done.then(
      () => this.answered(),
      (error: unknown) => {
        if (this.commandId !== pending.id) return;
        failed(error);
        this.send({ type: 'command.finished' });
        this.prompt();
      },
    );
  }

  /** Attached to a container: edit a line locally, send it on Enter. */
  private stdinKey(key: Key): void {
    if (!this.stdinStarted) {
      // The container printed its own prompt (or nothing): the line starts where the cursor is.
      const col = this.term.cursorX();
      this.stdin.begin(col > 0 ? `\x1b[${col}C` : '', col);
      this.send({ type: 'line.begun' });
    }
    const id = this.commandId;
    // Ctrl-P Ctrl-Q: the docker CLI's detach keys. They go to the CLI as the bytes they are;
    // with a terminal it detaches, without one they are input like any other.
    if (key.type === 'ctrlP' || key.type === 'ctrlQ') {
      const seq = key.type === 'ctrlQ' && this.ctrlP;
      this.ctrlP = key.type === 'ctrlP';
      if (seq && id !== null) {
        this.send({ type: 'input.sent' });
        void bridge.stdin(id, '\x10\x11').then(() => this.answered());
      }
      return;
    }
    this.ctrlP = false;
    if (key.type === 'eof' && this.stdin.line.buffer === '') {
      // Ctrl-D on an empty line: end of input, as a terminal sends it.
      if (id === null) return;
      this.send({ type: 'input.sent' });
      void bridge.endInput(id).then(() => this.answered());
      return;
    }
    if (key.type !== 'enter') {
      this.stdin.edit(key);
      return;
    }
    // With -t the container's terminal echoes the line itself; without, the local terminal does.
    const text = id !== null && bridge.usesTty(id) ? this.stdin.erase() : this.stdin.finish();
    if (id === null) return;
    this.send({ type: 'input.sent' });
    void bridge.stdin(id, `${text}\n`).then(() => this.answered());
  }

  /** Ctrl-C while busy: forward it to an attached command, and drop typed-ahead keys. */
  private interrupt(): void {
    this.queued = [];
    const id = this.commandId;
    if (id !== null && bridge.isAttached(id)) {
      this.print('^C\r\n');
      this.send({ type: 'input.sent' });
      void bridge.interrupt(id).then(() => this.answered());
    }
    this.publish();
    this.progress();
  }

  /** The engine has answered something the learner did: its messages are in the trace now. */
  private answered(): void {
    this.progress();
  }

  /** Called whenever the animation moves: print what it has reached; end the command when all is shown. */
  private progress(): void {
    // During a drill nothing past the open question is printed, even if the cursor was pushed there.
    const animated = Math.min(appStore.getState().animatedSeq, drillCeiling(appStore.getState()));
    let shown = 0;
    while (shown < this.pending.length && this.pending[shown]!.seq <= animated) shown++;
    if (shown > 0) this.print(this.pending.splice(0, shown).map(forTerminal).join(''));
    if (
      this.mode === 'editing' ||
      this.commandId === null ||
      // The engine has not answered yet: the command's messages and output are still to come.
      bridge.busy ||
      !player.idle ||
      this.pending.length > 0
    )
      return;
    const result = bridge.result(this.commandId);
    if (result && result.exitCode === null && bridge.isAttached(this.commandId)) {
      // Still attached: typed-ahead keys go to the container, as in a real terminal.
      this.send({ type: 'command.attached' });
    } else {
      this.send({ type: 'command.finished' });
      this.prompt();
    }
    const keys = this.queued;
    this.queued = [];
    if (keys.length > 0) this.feed(keys);
  }

  private prompt(): void {
    this.continued = undefined;
    this.publish();
    this.print((this.atLineStart ? '' : '\r\n') + PROMPT);
    this.shell.begin(PROMPT, PROMPT_WIDTH);
  }

  /** The status bar: the session's mode, the keys typed ahead, where Ctrl-C goes. */
  private publish(): void {
    const mode = this.mode;
    const ctrlC =
      mode === 'attached' && this.commandId !== null ? bridge.ctrlCRoute(this.commandId) : 'cli';
    appStore.getState().setSession({ mode, typeAhead: describeKeys(this.queued), ctrlC });
  }

  private print(data: string): void {
    if (!data) return;
    this.term.write(data);
    const last = data.replace(ESCAPE_SEQUENCE, '').slice(-1);
    if (last) this.atLineStart = last === '\n';
  }
}
