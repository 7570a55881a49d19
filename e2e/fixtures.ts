import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** A message seen travelling on the diagram. */
export interface SeenPacket {
  seq: number;
  from: string;
  to: string;
  /** The edge it travels (`bridge-docker0~container-…` for a packet on a veth wire). */
  edge: string;
  /** Milliseconds the player gave its trip (0 when it stands still). */
  duration: number;
}

/**
 * The DockScope page as a learner uses it: a terminal to type into and a
 * diagram to watch. Tests talk to this object, never to selectors directly.
 */
export class DockScope {
  readonly terminal: Locator;
  readonly diagram: Locator;
  readonly narration: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.terminal = page.getByTestId('terminal');
    this.diagram = page.getByTestId('diagram');
    this.narration = page.getByTestId('narration');
    this.status = page.getByTestId('terminal-status');
  }

  /**
   * Open the page; `speed` sets the animation speed control (1 = the pace a
   * learner sees). `level`: the page starts at the Overview; most tests look
   * at every message and choose Under the hood (the default here), the
   * pacing tests keep the page's own default (`'page'`).
   */
  async open(
    options: { speed?: 0.5 | 1 | 2 | 4 | 'instant'; level?: 'overview' | 'full' | 'page' } = {},
  ): Promise<void> {
    await this.page.goto('/');
    await expect(this.terminal.locator('.xterm-rows')).toContainText('$');
    await this.recordPackets();
    const level = options.level ?? 'full';
    if (level !== 'page')
      await this.page
        .getByTestId('detail-level')
        .getByRole('button', { name: level === 'full' ? 'Under the hood' : 'Overview' })
        .click();
    if (options.speed) await this.page.getByTestId('speed').selectOption(String(options.speed));
    await this.focus();
  }

  async focus(): Promise<void> {
    await this.terminal.click();
  }

  /** Type a command line and press Enter, as a person would. */
  async run(command: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.type(command);
    await this.page.keyboard.press('Enter');
  }

  /** Paste text into the terminal through a real paste event (the browser's clipboard path). */
  async paste(text: string): Promise<void> {
    await this.focus();
    await this.page.evaluate((t) => {
      const target = document.querySelector('[data-testid=terminal] textarea');
      if (!target) throw new Error('no terminal textarea');
      const data = new DataTransfer();
      data.setData('text/plain', t);
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, text);
  }

  /** The visible terminal rows, one per line. */
  async terminalText(): Promise<string> {
    const text = await this.terminal.locator('.xterm-rows').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /** The visible rows joined without breaks, so text that wrapped across rows can be matched. */
  async terminalFlat(): Promise<string> {
    const rows = await this.terminal.locator('.xterm-rows > div').allInnerTexts();
    return rows.map((r) => r.replace(/\u00a0/g, ' ').replace(/\n/g, '')).join('');
  }

  async expectTerminal(
    pattern: string | RegExp,
    options: { flat?: boolean; timeout?: number } = {},
  ): Promise<void> {
    await expect
      .poll(async () => (options.flat ? this.terminalFlat() : this.terminalText()), {
        timeout: options.timeout ?? 60_000,
      })
      .toMatch(typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern);
  }

  /** Wait until the replay has caught up and the prompt is back. */
  async waitForIdle(timeout = 120_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-mode', 'editing', { timeout });
    await expect(this.diagram).toHaveAttribute('data-animating', 'false', { timeout });
  }

  /** Switch to Lessons and open lesson `id`: the lesson panel. */
  async openLesson(id: string): Promise<Locator> {
    await this.page.getByTestId('mode-lessons').click();
    const panel = this.page.getByTestId('lesson-panel');
    await panel.locator(`[data-lesson="${id}"]`).click();
    return panel;
  }

  /** Press Escape: skip the running animation to its end. */
  async skip(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async packetCount(): Promise<number> {
    return this.page.getByTestId('packet').count();
  }

  /** A node of the diagram by its component id (`dockerd`, `shim-<12hex>`, `container-<12hex>`). */
  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  /** Nodes whose id starts with a prefix (`shim-`). */
  nodesStartingWith(prefix: string): Locator {
    return this.page.locator(`.react-flow__node[data-id^="${prefix}"]`);
  }

  /** Every packet that has appeared since the page opened, in order of appearance. */
  async seenPackets(): Promise<SeenPacket[]> {
    return this.page.evaluate(
      () => (window as unknown as { __seenPackets: SeenPacket[] }).__seenPackets,
    );
  }

  /** Watch the DOM for packets: each one that appears, however briefly, is recorded. */
  private async recordPackets(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: SeenPacket[] = [];
      const w = window as unknown as { __seenPackets: SeenPacket[] };
      w.__seenPackets = seen;
      const note = (el: Element) => {
        if (el.getAttribute('data-testid') !== 'packet') return;
        seen.push({
          seq: Number(el.getAttribute('data-seq')),
          from: el.getAttribute('data-from') ?? '',
          to: el.getAttribute('data-to') ?? '',
          edge: el.getAttribute('data-edge') ?? '',
          duration: Number(el.getAttribute('data-duration') ?? 0),
        });
      };
      new MutationObserver((records) => {
        for (const r of records)
          r.addedNodes.forEach((n) => {
            if (!(n instanceof Element)) return;
            note(n);
            n.querySelectorAll('[data-testid=packet]').forEach(note);
          });
      }).observe(document.body, { childList: true, subtree: true });
    });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const test = base.extend<{ app: DockScope }>({
  app: async ({ page }, use) => {
    await use(new DockScope(page));
  },
});

export { expect };
