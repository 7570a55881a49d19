/**
 * F6 / Shift+F6 move the keyboard focus between the parts of the page, the
 * way desktop apps and browsers cycle their panes. The terminal keeps Tab
 * for completion, so without this a keyboard user who reached it could not
 * go forward to the transport bar, the timeline, the inspector or the
 * diagram.
 */

export const REGIONS = ['terminal', 'transport', 'timeline', 'inspector', 'diagram'] as const;
export type Region = (typeof REGIONS)[number];

/** The element each region's container is (used to find where focus is now). */
const CONTAINER: Record<Region, string> = {
  terminal: '[data-testid=terminal]',
  transport: '#playback-controls',
  timeline: '[data-testid=timeline]',
  inspector: '[data-testid=inspector-region]',
  diagram: '[data-testid=diagram]',
};

/**
 * What receives focus in each region, best first: the terminal's input, the
 * play/pause button, the timeline row at the cursor (else any row, else its
 * filters), the inspector's scrollable body, the diagram itself.
 */
const TARGETS: Record<Region, string[]> = {
  terminal: ['[data-testid=terminal] textarea'],
  transport: ['#playback-controls .transport__button--main', '#playback-controls button'],
  timeline: [
    '[data-testid=timeline-item][data-current]',
    '[data-testid=timeline-item]',
    '[data-testid=timeline] select',
  ],
  inspector: ['[data-testid=inspector-region]'],
  diagram: ['[data-testid=diagram]'],
};

/**
 * The index of the region `step` places away from `current` (-1: none yet),
 * wrapping around and passing over those that cannot take focus now.
 */
export function nextRegion(
  current: number,
  step: 1 | -1,
  available: readonly boolean[],
): number | null {
  const n = available.length;
  if (n === 0) return null;
  let i = current < 0 ? (step === 1 ? -1 : n) : current;
  for (let tries = 0; tries < n; tries++) {
    i = (((i + step) % n) + n) % n;
    if (available[i] && i !== current) return i;
  }
  return null;
}

function visible(el: Element): el is HTMLElement {
  return el instanceof HTMLElement && el.getClientRects().length > 0;
}

function target(region: Region, doc: Document): HTMLElement | null {
  for (const selector of TARGETS[region]) {
    const el = [...doc.querySelectorAll(selector)].find(
      (e) => visible(e) && !(e as HTMLButtonElement).disabled,
    );
    if (el) return el as HTMLElement;
  }
  return null;
}

/** Which region holds the focus now (-1: none of them). */
export function currentRegion(doc: Document = document): number {
  const active = doc.activeElement;
  if (!active) return -1;
  return REGIONS.findIndex((r) => active.closest(CONTAINER[r]) !== null);
}

/** Focus one region; returns false when it is not on the page now (a folded dock). */
export function focusRegion(region: Region, doc: Document = document): boolean {
  const el = target(region, doc);
  if (!el) return false;
  el.focus();
  return true;
}

/** F6 (forward) or Shift+F6 (backward): focus the next region. */
export function cycleRegion(step: 1 | -1, doc: Document = document): Region | null {
  const available = REGIONS.map((r) => target(r, doc) !== null);
  const i = nextRegion(currentRegion(doc), step, available);
  if (i === null) return null;
  const region = REGIONS[i]!;
  focusRegion(region, doc);
  return region;
}
