import type { ComponentId, Message } from '../core/types';
import { COMPONENT_KINDS } from '../core/components';
import { entryOf, type StepTitle } from './operations';

/** A Docker daemon (the machine's dockerd, or a second one such as dockerd-bootstrap). */
const DAEMONS: ReadonlySet<string> = new Set(
  COMPONENT_KINDS.filter((k) => k.slot === 'daemon').map((k) => k.role),
);
const isDaemon = (id: string): boolean => DAEMONS.has(id);

/** For a step the catalogue names no title for (should not happen: a test checks real traces). */
export const OVERVIEW_FALLBACK_TITLE = 'components inside the host work together';

/**
 * The components the overview level shows as themselves. Everything else
 * (containerd, the shims, runc, the kernel, the containers' pipes) is the
 * inside of the host: its messages collapse into one step per thing dockerd
 * asked for, or per thing that came up from below.
 */
export const OVERVIEW_COMPONENTS: readonly ComponentId[] = COMPONENT_KINDS.filter(
  (k) => k.overview && !k.perContainer,
).map((k) => k.role as ComponentId);

const OVERVIEW_SET: ReadonlySet<string> = new Set(OVERVIEW_COMPONENTS);

/** One step of the overview: a contiguous run of trace messages. */
export interface OverviewStep {
  /** Position in `OverviewIndex.steps`, from 0. */
  index: number;
  /** First and last seq of the step (inclusive); every seq in between belongs to it. */
  first: number;
  last: number;
  /**
   * The arrow the overview draws. For a message between overview components,
   * its own ends. For a collapsed step, the pair dockerd sees: `dockerd →
   * containerd` for a call it makes, `containerd → dockerd` for an exit that
   * comes up, `container-… → dockerd` for output (until a message touching
   * dockerd arrives, the lead message's ends).
   */
  from: string;
  to: string;
  /**
   * True when the step stands for internal messages (however many). A run
   * of stream frames between two overview components (pull progress, log
   * lines) is not collapsed, but may span many messages: `last > first`.
   */
  collapsed: boolean;
  /** Plain words: the message's summary, or the collapsed step's title. */
  title: string;
}

export const isOverviewComponent = (id: string): boolean => OVERVIEW_SET.has(id);

/** A message both of whose ends the overview shows. */
export const isOverviewMessage = (m: Pick<Message, 'from' | 'to'>): boolean =>
  OVERVIEW_SET.has(m.from) && OVERVIEW_SET.has(m.to);

type Titled = Pick<Message, 'from' | 'kind' | 'op' | 'subjects'>;

/**
 * What the catalogue calls a step led by `m`: the op's overview title when
 * `m` starts the work (dockerd's own request into the host, or an event or
 * output coming up from below), else the title for the rest of a call that
 * other messages interrupted.
 */
function stepTitleOf(m: Titled): StepTitle | undefined {
  const entry = entryOf(m.op);
  if (!entry) return undefined;
  const starts = m.kind === 'request' ? isDaemon(m.from) : m.kind !== 'response';
  if (starts && entry.overview)
    return typeof entry.overview === 'function' ? entry.overview(m.subjects ?? {}) : entry.overview;
  return entry.resumed === undefined ? undefined : { title: entry.resumed };
}

/** The title of a collapsed step led by message `m`. */
export function collapsedTitle(m: Titled): string {
  return stepTitleOf(m)?.title ?? OVERVIEW_FALLBACK_TITLE;
}

/**
 * The title of a run of stream frames along one arrow, by what they carry:
 * pull progress, a container's output framed for the CLI, what the learner types.
 */
export function streamRunTitle(lead: Pick<Message, 'op' | 'summary'>): string {
  const overview = entryOf(lead.op)?.overview;
  return overview && typeof overview !== 'function' ? overview.title : lead.summary;
}

/** dockerd's own request into the host: the start of a top-level internal call. */
const isTopLevelCall = (m: Message): boolean =>
  m.kind === 'request' && isDaemon(m.from) && !OVERVIEW_SET.has(m.to);

/** Output from a container's process: consecutive chunks of one container are one step. */
const isContainerOutput = (m: Message): boolean =>
  m.kind === 'stream' && m.from.startsWith('container-');

/** dockerd writing a container's stdin FIFO, which the container's shim reads. */
const isContainerInput = (m: Message): boolean =>
  m.kind === 'stream' && isDaemon(m.from) && m.to.startsWith('shim-');

/** The kernel telling a shim its child exited: where an exit chain begins. */
const isExitNotice = (m: Message): boolean => m.from === 'kernel' && m.to.startsWith('shim-');

interface OpenStep {
  step: OverviewStep;
  commandId: number | undefined;
  lead: Message;
  /** The arrow is fixed once a message touching dockerd is in the step. */
  arrowFixed: boolean;
  /** The step's latest call from dockerd (its seq) has not been answered yet. */
  pending: boolean;
  /** Seq of the step's latest top-level call from dockerd, if any. */
  call: number | undefined;
}

/** Same pair, same command, both stream frames: one run of progress or output. */
const continuesStream = (m: Message, open: OpenStep): boolean =>
  !open.step.collapsed &&
  open.lead.kind === 'stream' &&
  m.kind === 'stream' &&
  m.from === open.lead.from &&
  m.to === open.lead.to &&
  m.commandId === open.commandId;

/**
 * Groups a trace into overview steps, incrementally: `catchUp` looks only at
 * messages it has not seen, so calling it after every new message costs
 * O(new messages). The last step may still grow (and its arrow and title
 * firm up) until a message that starts another step arrives.
 *
 * @example
 * const index = new OverviewIndex();
 * index.catchUp(engine.trace);
 * index.stepOf(200)?.title; // 'dockerd asks containerd to create the container’s process …'
 */
export class OverviewIndex {
  private readonly list: OverviewStep[] = [];
  /** stepBySeq[seq - 1] = index of its step. */
  private readonly stepBySeq: number[] = [];
  private open: OpenStep | undefined;

  get steps(): readonly OverviewStep[] {
    return this.list;
  }

  /** How many messages have been grouped. */
  get seen(): number {
    return this.stepBySeq.length;
  }

  reset(): void {
    this.list.length = 0;
    this.stepBySeq.length = 0;
    this.open = undefined;
  }

  /**
   * Group the messages of `trace` not seen yet. A trace shorter than what was
   * seen is a new session (the bridge was reset): start over.
   */
  catchUp(trace: readonly Message[]): void {
    if (trace.length < this.stepBySeq.length) this.reset();
    for (let i = this.stepBySeq.length; i < trace.length; i++) this.add(trace[i]!);
  }

  stepOf(seq: number): OverviewStep | undefined {
    if (!Number.isInteger(seq) || seq < 1) return undefined;
    const i = this.stepBySeq[seq - 1];
    return i === undefined ? undefined : this.list[i];
  }

  private add(m: Message): void {
    const open = this.open;
    if (isOverviewMessage(m)) {
      // Pull progress and log lines come as many frames along one arrow:
      // one step for the whole run, not one press per line.
      if (open && continuesStream(m, open)) {
        this.join(m, open);
        open.step.title = streamRunTitle(open.lead);
        return;
      }
      // A progress frame dockerd sends while its own call into the host is
      // under way (or right after, before the next call) reports on that
      // work: it stays in the step instead of splitting the work in two.
      if (
        open?.step.collapsed &&
        m.kind === 'stream' &&
        isDaemon(m.from) &&
        m.commandId !== undefined &&
        m.commandId === open.commandId &&
        isTopLevelCall(open.lead)
      ) {
        this.join(m, open);
        return;
      }
      if (m.kind === 'stream') {
        const step = ownStep(m);
        this.open = {
          step,
          commandId: m.commandId,
          lead: m,
          arrowFixed: true,
          pending: false,
          call: undefined,
        };
        this.push(step, this.open);
        return;
      }
      this.open = undefined;
      this.push(ownStep(m), undefined);
      return;
    }
    if (open && !this.startsNewStep(m, open)) {
      this.join(m, open);
      if (isTopLevelCall(m)) {
        open.call = m.seq;
        open.pending = true;
      } else if (open.pending && m.kind === 'response' && m.replyTo === open.call)
        open.pending = false;
      if (!open.arrowFixed && (isDaemon(m.from) || isDaemon(m.to))) {
        open.step.from = m.from;
        open.step.to = m.to;
        open.arrowFixed = true;
      }
      return;
    }
    const touches = isDaemon(m.from) || isDaemon(m.to);
    const step: OverviewStep = {
      index: 0,
      first: m.seq,
      last: m.seq,
      from: m.from,
      // Input dockerd writes for a container (through its shim, which the overview does
      // not draw) is drawn to the container, as its output is drawn from it.
      to: isContainerInput(m) ? m.to.replace(/^shim-/, 'container-') : m.to,
      collapsed: true,
      title: collapsedTitle(m),
    };
    this.open = {
      step,
      commandId: m.commandId,
      lead: m,
      arrowFixed: touches,
      pending: isTopLevelCall(m),
      call: isTopLevelCall(m) ? m.seq : undefined,
    };
    this.push(step, this.open);
  }

  private join(m: Message, open: OpenStep): void {
    open.step.last = m.seq;
    this.stepBySeq.push(open.step.index);
  }

  private startsNewStep(m: Message, open: OpenStep): boolean {
    // Two commands' work interleaves (a foreground container runs while
    // another command is typed): keep them apart. Background messages (an
    // exit nobody asked for has no command) join whatever runs around them.
    if (m.commandId !== undefined && open.commandId !== undefined && m.commandId !== open.commandId)
      return true;
    if (!open.step.collapsed) return true;
    if (isExitNotice(m)) return true;
    // dockerd storing blob after blob (or any one call repeated): one step,
    // however many progress frames come between the calls.
    if (isTopLevelCall(m)) {
      if (!isTopLevelCall(open.lead) || m.commandId !== open.commandId) return true;
      const absorbs = stepTitleOf(open.lead)?.absorbs;
      return !(collapsedTitle(m) === open.step.title || absorbs?.includes(m.op));
    }
    if (isContainerOutput(m)) {
      if (isContainerOutput(open.lead)) return open.lead.from !== m.from;
      // Output written while dockerd's call is still under way (nginx logs
      // its shutdown while the signal travels) does not cut the call in two.
      // Tasks/Start is the exception: the process starts writing before the
      // call returns, and its first output is a step the learner should see.
      return !open.pending || open.lead.op === 'containerd.tasks.start';
    }
    // Anything else after a run of output (an exit, a reply) is a new thing.
    return isContainerOutput(open.lead);
  }

  private push(step: OverviewStep, open: OpenStep | undefined): void {
    step.index = this.list.length;
    this.list.push(step);
    this.stepBySeq.push(step.index);
    if (open) open.step = step;
  }
}

/** A message between overview components: a step of its own, told by its own summary. */
function ownStep(m: Message): OverviewStep {
  return {
    index: 0,
    first: m.seq,
    last: m.seq,
    from: m.from,
    to: m.to,
    collapsed: false,
    title: m.summary,
  };
}
