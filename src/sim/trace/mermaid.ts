import { kindOf, qualifiedId, roleRank } from '../core/components';
import type { Message } from '../core/types';
import { HTTP_REASON } from '../core/http';
import { isOverviewComponent, type OverviewStep } from './overview';

/**
 * A Mermaid sequence diagram of some messages of the trace: the text a
 * learner pastes into a Markdown file or mermaid.live. Pure: trace in, text
 * out.
 *
 * @example
 * toMermaid(commandMessages(engine.trace, r.id), { title: 'docker run hello-world' })
 * // 'sequenceDiagram\n  title docker run hello-world\n  participant client as docker CLI\n…'
 */
export interface MermaidOptions {
  /** Shown as the diagram's title (a command line). */
  title?: string;
  /**
   * At the overview level: the steps that cover these messages. One arrow
   * per step; a collapsed step is drawn with its title.
   */
  steps?: readonly OverviewStep[];
}

/**
 * At the overview level, everything the overview diagram does not draw
 * (containerd, shims, runc, the kernel, the containers' processes) is one
 * participant: the steps collapsed there are dockerd's calls into it and
 * what comes back up from it.
 */
const HOST = 'host';

/** A participant's label, where its id alone says too little (`node-2/host`: that machine's internals). */
function labelOf(id: string): string {
  const slash = id.indexOf('/');
  if (id.slice(slash + 1) === HOST)
    return slash < 0 ? 'Docker host internals' : `${id.slice(0, slash)} internals`;
  return slash < 0 ? (kindOf(id)?.participant ?? id) : id;
}

/**
 * The participant an overview step's end is drawn as: a component the overview
 * shows, on its machine (the lead message says which), or that machine's internals.
 */
function overviewEnd(end: string, lead: Message): string {
  const host =
    end === lead.from
      ? lead.fromHost
      : end === lead.to
        ? lead.toHost
        : isOverviewComponent(lead.to)
          ? lead.fromHost
          : lead.toHost;
  return qualifiedId(host, isOverviewComponent(end) ? end : HOST);
}

const rank = roleRank;

/** Mermaid participant ids: letters, digits and underscores only. */
const idOf = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Make text safe inside a Mermaid message or title: `;` ends a statement,
 * `#` starts an entity, `%%` a comment (a lone `%`, as in `%2F`, is fine), `<`/`>` may be read as HTML, and a
 * line break ends the message. Mermaid's own entity codes stand in for them.
 */
const ENTITIES: Record<string, string> = {
  '#': '#35;',
  ';': '#59;',
  '%%': '#37;#37;',
  '<': '#lt;',
  '>': '#gt;',
  '{': '#123;',
  '}': '#125;',
};

export function escapeMermaid(text: string): string {
  // One pass, so the codes' own `#` and `;` are never escaped again.
  return text.replace(/[\r\n]+/g, ' ').replace(/[#;<>{}]|%%/g, (c) => ENTITIES[c]!);
}

const MAX_LABEL = 140;
const cut = (s: string): string => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

function statusLabel(m: Message): string {
  if (m.status === undefined) return '';
  if (m.protocol === 'http' && typeof m.status === 'number') {
    const reason = m.status === 101 ? 'UPGRADED' : HTTP_REASON[m.status];
    return reason ? `${m.status} ${reason}` : String(m.status);
  }
  return String(m.status);
}

/** A request is drawn solid, its answer dashed, one-way streams and events as async arrows. */
function arrowOf(m: Message): string {
  if (m.kind === 'response') return '-->>';
  if (m.kind === 'stream' || m.kind === 'event') return '-)';
  return '->>';
}

function messageLine(m: Message): string {
  const status = statusLabel(m);
  const text = m.kind === 'response' && status ? `${status} ${m.operation}` : m.operation;
  const from = qualifiedId(m.fromHost, m.from);
  const to = qualifiedId(m.toHost, m.to);
  return `  ${idOf(from)}${arrowOf(m)}${idOf(to)}: ${escapeMermaid(cut(text))}`;
}

export function toMermaid(messages: readonly Message[], options: MermaidOptions = {}): string {
  const lines = ['sequenceDiagram'];
  if (options.title) lines.push(`  title ${escapeMermaid(options.title)}`);
  const body: string[] = [];
  const seen = new Set<string>();
  const note = (id: string) => seen.add(id);
  if (options.steps) {
    const bySeq = new Map(messages.map((m) => [m.seq, m]));
    for (const step of options.steps) {
      const lead = bySeq.get(step.first);
      if (!lead) continue;
      const from = overviewEnd(step.from, lead);
      const to = overviewEnd(step.to, lead);
      note(from);
      note(to);
      const title = escapeMermaid(cut(step.title));
      if (from === to) body.push(`  Note over ${idOf(from)}: ${title}`);
      else if (step.collapsed)
        body.push(`  ${idOf(from)}${lead.kind === 'request' ? '->>' : '-)'}${idOf(to)}: ${title}`);
      // A run of stream frames (pull progress, log lines): one arrow, named for the run.
      else if (step.last > step.first) body.push(`  ${idOf(from)}-)${idOf(to)}: ${title}`);
      else body.push(messageLine(lead));
    }
  } else {
    for (const m of messages) {
      note(qualifiedId(m.fromHost, m.from));
      note(qualifiedId(m.toHost, m.to));
      body.push(messageLine(m));
    }
  }
  const participants = [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const p of participants) {
    const label = labelOf(p);
    lines.push(
      label === idOf(p)
        ? `  participant ${p}`
        : `  participant ${idOf(p)} as ${escapeMermaid(label)}`,
    );
  }
  return [...lines, ...body].join('\n') + '\n';
}

/**
 * The messages of one command: those it sent, plus those it set off without
 * being their sender while it ran (a container's exit chain during `docker
 * stop` has no command of its own).
 */
export function commandMessages(trace: readonly Message[], commandId: number): Message[] {
  let first = 0;
  let last = -1;
  for (const m of trace) {
    if (m.commandId !== commandId) continue;
    if (!first) first = m.seq;
    last = m.seq;
  }
  return trace.filter(
    (m) =>
      m.commandId === commandId || (m.commandId === undefined && m.seq >= first && m.seq <= last),
  );
}
