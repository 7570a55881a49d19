import type { CommandResult, SessionInput } from '../../sim/engine';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { activeShell, type TranscriptEntry } from '../terminal/shellSession';

/** As `npm run sim` and the lesson check do: one simulated second between command lines. */
export const THINK_MS = 1000;

/** The inputs that run `lines` on a fresh host, a second apart (a lesson's or drill's setup). */
export function setupInputs(lines: readonly string[]): SessionInput[] {
  const inputs: SessionInput[] = [];
  lines.forEach((line, i) => {
    if (i > 0) inputs.push({ op: 'advance', ms: THINK_MS });
    inputs.push({ op: 'run', line });
  });
  return inputs;
}

/** How many command lines the current host has run (engine ids count 1, 2, 3…). */
export function commandCount(): number {
  return bridge.session.inputs.reduce((n, input) => n + (input.op === 'run' ? 1 : 0), 0);
}

/** Results of the commands from id `since` on, in order. */
export function resultsSince(since: number): CommandResult[] {
  const out: CommandResult[] = [];
  for (let id = Math.max(1, since); ; id++) {
    const r = bridge.result(id);
    if (!r) return out;
    out.push(r);
  }
}

/** Every command of the current host as the terminal showed it, and the one still attached, if any. */
export function currentTranscript(): { entries: TranscriptEntry[]; attached: number | null } {
  const entries: TranscriptEntry[] = [];
  let attached: number | null = null;
  for (const r of resultsSince(1)) {
    entries.push({ command: r.command, output: r.output });
    if (r.exitCode === null && bridge.isAttached(r.id)) attached = r.id;
  }
  return { entries, attached };
}

/**
 * Replace the host with one rebuilt from `inputs` and show it as it ends:
 * the diagram at the last message (nothing is animated again) and the
 * terminal redrawn command by command. `history` replaces the ↑ history
 * (a reload); `note` tells the learner why the terminal changed.
 */
export async function rebuildHost(
  inputs: readonly SessionInput[],
  options: { columns?: number; history?: readonly string[]; note?: string } = {},
): Promise<void> {
  await bridge.restore({ columns: options.columns, inputs });
  player.skip();
  const { entries, attached } = currentTranscript();
  activeShell()?.restore({
    transcript: entries,
    attached,
    history: options.history,
    note: options.note,
  });
}
