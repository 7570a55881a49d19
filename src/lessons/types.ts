/**
 * The shapes of DockScope's teaching content: lessons (steps with goals),
 * interview drills (predict the next hop) and the question bank. Everything
 * here is plain data, JSON-serialisable, so lessons can be listed, shared in
 * a link, checked headlessly and rendered by the UI without running code.
 */
import type { CommandResult, HostView, Message } from '../sim/engine';
import type { Fault } from '../sim/core/faults';

/** A count range: both bounds inclusive, either may be left out. */
export interface CountRange {
  min?: number;
  max?: number;
}

/**
 * What a container must look like. Every field given must match; the rest is
 * free. `image` is compared as a reference (`nginx` = `nginx:latest` =
 * `docker.io/library/nginx:latest`). `port` is `"8080->80"` or
 * `"8080->80/tcp"`: host port and container port as `docker ps` shows them.
 */
export interface ContainerMatch {
  name?: string;
  image?: string;
  /** Docker's state word: created, running, exited, … */
  state?: string;
  exitCode?: number;
  port?: string;
  /** Whether its containerd-shim-runc-v2 is alive. */
  hasShim?: boolean;
}

/** What a trace message must look like; `operation` is a regex source (case-sensitive). */
export interface MessageMatch {
  from?: string;
  to?: string;
  /** The machine the sender runs on (`local`, `node-2`, `registry-1.docker.io`, …). */
  fromHost?: string;
  /** The machine the receiver runs on. */
  toHost?: string;
  protocol?: Message['protocol'];
  kind?: Message['kind'];
  operation?: string;
  /** Exact status (HTTP code, gRPC code name, exit status). */
  status?: number | string;
}

/**
 * A step's goal: declarative data checked against the engine, never code.
 * State goals (image, container, counts) are preferred: a step completes when
 * its goal holds, whatever commands got there. Trace goals (message, output,
 * exitCode) look only at what happened since the step began, for facts that
 * only the trace shows (a pull that printed `Already exists`).
 *
 * Any goal may carry a `label`: the plain words the UI shows instead of the
 * generated description.
 */
export type Goal = (
  | { all: Goal[] }
  | { any: Goal[] }
  | { not: Goal }
  /** An image with this reference is (or is not) in the image store of `host` (default `local`). */
  | { image: string; present: boolean; host?: string }
  /**
   * Containers matching `container` on Docker host `host` (default `local`, the learner's
   * own daemon; `node-2`, `node-3`) number within `count` (default: at least one).
   */
  | { container: ContainerMatch; count?: CountRange; host?: string }
  /** At least one message since the step began matches. */
  | { message: MessageMatch; since: 'step'; count?: CountRange }
  /** Some command run since the step began printed text matching this regex (stdout or stderr). */
  | { output: string; since: 'step'; stream?: 'stdout' | 'stderr' }
  /** Some command run since the step began exited with this code; `command` (regex) narrows which. */
  | { exitCode: number; since: 'step'; command?: string }
  /** Number of live shims (containerd-shim-runc-v2 processes). */
  | { shims: CountRange }
  /** Number of images in the local store. */
  | { images: CountRange }
) & { label?: string };

/** What a goal is checked against. */
export interface GoalContext {
  /** The learner's own Docker host (`local`). */
  view: HostView;
  /** Another Docker host's objects (`node-2`, …); absent or undefined: goals on it do not hold. */
  viewOf?: (host: string) => HostView | undefined;
  trace: readonly Message[];
  /** Results of the commands run so far (any order; filtered by id). */
  results: readonly CommandResult[];
  /** First trace seq that belongs to the current step (messages before it are ignored). */
  sinceSeq: number;
  /** First command id that belongs to the current step. */
  sinceCommand: number;
}

export interface LessonStep {
  id: string;
  /** What to do, in one or two sentences. */
  task: string;
  /** Clickable suggestions: typed into the terminal when clicked. */
  commands: string[];
  goal: Goal;
  hints: string[];
  /** Commands that reach the goal from the state the previous steps leave. */
  solution: string[];
  /** Shown once the step is done: what just happened, pointing at the diagram. */
  explain: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** One line for the lesson list. */
  summary: string;
  /** A short paragraph shown before the first step. */
  intro: string;
  /** Docker commands run silently first: the lesson's starting state. */
  setup: string[];
  steps: LessonStep[];
}

/** How one step fared headlessly. */
export interface StepReport {
  id: string;
  /** The goal was false when the step began (true here is an authoring bug). */
  falseBefore: boolean;
  /** The goal held after the solution ran. */
  reached: boolean;
  /** Commands that printed "not simulated" or crashed the engine. */
  problems: string[];
  goal: string;
}

export interface LessonReport {
  id: string;
  title: string;
  /** Setup commands that failed (non-zero exit) or are not simulated. */
  setupProblems: string[];
  steps: StepReport[];
  /** Every step's goal was false before and reached after, with no problems. */
  ok: boolean;
}

export interface HeadlessOptions {
  seed?: number;
  /** Simulated ms between commands (default 1000, as `npm run sim` does). */
  thinkMs?: number;
}

/** An interview drill: watch a command and predict where each message goes. */
export interface Drill {
  id: string;
  title: string;
  /** "What happens when you type docker run nginx?" */
  prompt: string;
  /** Commands run silently first (e.g. a pull, so the image is local). */
  setup: string[];
  /** The command whose trace is quizzed. */
  command: string;
  level: 'overview' | 'full';
}

/** One "who receives the next message?" question. */
export interface HopQuestion {
  /** The trace message this asks about. */
  seq: number;
  /** Component id that sends it (`shim-…`, `container-…` kept as is, for highlighting). */
  from: string;
  /** Component id that receives it. */
  answer: string;
  /** The answer as a role name, one of `choices` (`shim`, `container`, `dockerd`, …). */
  role: string;
  /** Role names to pick from, in diagram order. */
  choices: string[];
  /** Why it goes there: shown after answering. */
  explanation: string;
  /** The operation, shown once answered (`POST /v1.54/containers/create`). */
  operation: string;
}

/** A learner's pick for one question: a role name or a component id (a diagram click). */
export interface DrillAnswer {
  question: HopQuestion;
  picked: string;
}

export interface DrillScore {
  correct: number;
  total: number;
  /** 0–100, rounded; 0 when there were no questions. */
  percent: number;
  /** The seqs answered wrongly, in order. */
  missed: number[];
}

export type QuestionTopic =
  | 'client-daemon'
  | 'rest-api'
  | 'registry'
  | 'objects'
  | 'containerd-runc'
  | 'kernel'
  | 'lifecycle'
  | 'networking'
  | 'logs'
  | 'kubernetes';

/** How a question is answered by pointing at the simulation. */
export interface QuestionShow {
  setup: string[];
  /** Replayed (animated) after the silent setup. */
  commands: string[];
  /** Component ids to highlight (fixed ids, or `shim` / `container` for any of those). */
  highlight: string[];
  /** The message that proves the answer: the first one matching, among the replayed commands'. */
  focus?: { operation?: string; from?: string; to?: string; status?: number | string };
  // ── fault: faults put in force (or a shim killed) after the setup, as the first part of
  // what is replayed, before the commands (sim/core/faults.ts) ──
  faults?: Fault[];
}

export interface Question {
  id: string;
  topic: QuestionTopic;
  question: string;
  /** 1–3 sentences. */
  answer: string;
  show: QuestionShow;
}
