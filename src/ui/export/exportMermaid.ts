import { bridge } from '../bridge';
import { commandMessages, toMermaid } from '../../sim/trace/mermaid';
import { overviewIndex } from '../narration/overviewSteps';
import type { DetailLevel } from '../store/detailSlice';

/** The command the export is about: the selected message's, or else the last one that sent any. */
export function exportCommandId(selectedSeq: number | null): number | undefined {
  const trace = bridge.trace;
  const picked = selectedSeq !== null ? bridge.message(selectedSeq)?.commandId : undefined;
  if (picked !== undefined) return picked;
  for (let i = trace.length - 1; i >= 0; i--) {
    const id = trace[i]!.commandId;
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The Mermaid text of one command at a level, with its command line as the title. */
export function mermaidForCommand(
  commandId: number,
  level: DetailLevel,
): { command: string; text: string } {
  const messages = commandMessages(bridge.trace, commandId);
  const command = bridge.result(commandId)?.command ?? `command ${commandId}`;
  let steps;
  if (level === 'overview') {
    const index = overviewIndex();
    const seqs = new Set(messages.map((m) => m.seq));
    steps = index.steps.filter((s) => seqs.has(s.first));
  }
  return { command, text: toMermaid(messages, { title: command, steps }) };
}
