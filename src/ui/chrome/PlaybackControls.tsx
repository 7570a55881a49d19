import { memo, useCallback, useId, useState, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { player } from '../playback/player';
import { useAppStore } from '../store';
import { SPEEDS, parseSpeed } from '../store/playbackSlice';
import { SHORTCUTS } from '../playback/shortcuts';

/** Paths on a 16×16 grid: drawn, not font glyphs (not every system font has ⏮ and ⏭). */
const ICONS = {
  replay: 'M8 3a5 5 0 1 1-4.6 3H1l3-3.5L7 6H4.9A3.5 3.5 0 1 0 8 4.5V3z',
  back: 'M3 3h2v10H3zM13 3v10L6 8z',
  forward: 'M11 3h2v10h-2zM3 3v10l7-5z',
  play: 'M4 2.5v11l9.5-5.5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  // A window with its lower part shaded: the dock under the diagram.
  dock: 'M1 2h14v12H1zM2.5 3.5v5h11v-5zM2.5 10v2.5h11V10z',
  // Two arrows pushing outwards: widen the inspector.
  wide: 'M1 8l4-4v3h6V4l4 4-4 4V9H5v3z',
} as const;

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}

/** A transport button: an icon, its name (also the tooltip, with its key), one action. */
function IconButton({
  icon,
  label,
  keys,
  hint,
  onClick,
  disabled,
  pressed,
  testId,
  main = false,
}: {
  icon: keyof typeof ICONS;
  label: string;
  /** `aria-keyshortcuts` value and how the tooltip writes it. */
  keys?: { aria: string; shown: string };
  /** A longer tooltip than the label. */
  hint?: string;
  onClick: () => void;
  disabled?: boolean;
  pressed?: boolean;
  testId: string;
  main?: boolean;
}) {
  return (
    <button
      type="button"
      className={main ? 'transport__button transport__button--main' : 'transport__button'}
      onClick={onClick}
      disabled={disabled}
      aria-pressed={pressed}
      aria-label={label}
      aria-keyshortcuts={keys?.aria}
      title={hint ?? (keys ? `${label} (${keys.shown})` : label)}
      data-testid={testId}
    >
      <Icon name={icon} />
    </button>
  );
}

const speedLabel = (s: (typeof SPEEDS)[number]) => (s === 'instant' ? 'Instant' : `${s}×`);

/** The keys of the page, listed in a small panel the `?` button (or key) opens. */
export const ShortcutsHelp = memo(function ShortcutsHelp({ id }: { id: string }) {
  return (
    <div id={id} className="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
      <p className="shortcuts__note">Outside the terminal and text fields:</p>
      <dl className="shortcuts__list">
        {SHORTCUTS.map((s) => (
          <div key={s.keys} className="shortcuts__row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
});

/**
 * The transport bar: play/pause, step back/forward, replay the last command,
 * a scrubber over the whole trace, the speed and the skip button. Each one
 * only calls the player; what the diagram shows follows from the store.
 */
export function PlaybackControls() {
  const speed = useAppStore((s) => s.speed);
  const setSpeed = useAppStore((s) => s.setSpeed);
  const playing = useAppStore((s) => s.playing);
  const cursor = useAppStore((s) => s.inFlight?.seq ?? s.animatedSeq);
  const busy = useAppStore((s) => s.inFlight !== null || s.backlog > 0);
  const helpOpen = useAppStore((s) => s.shortcutsOpen);
  const dockCollapsed = useAppStore((s) => s.dockCollapsed);
  const inspectorWide = useAppStore((s) => s.inspectorWide);
  const hideFuture = useAppStore((s) => s.hideFuture);
  const length = useSyncExternalStore(bridge.subscribe, () => bridge.getSnapshot().traceLength);
  const [scrubbing, setScrubbing] = useState<number | null>(null);
  const helpId = useId();
  const onSpeed = useCallback(
    (e: React.ChangeEvent<HTMLSelectElement>) => setSpeed(parseSpeed(e.target.value)),
    [setSpeed],
  );
  const onScrub = useCallback((e: React.ChangeEvent<HTMLInputElement>) => {
    const seq = Number(e.target.value);
    setScrubbing(seq);
    player.seek(seq);
  }, []);
  const endScrub = useCallback(() => setScrubbing(null), []);
  const toggleHelp = useCallback(
    () => useAppStore.setState((s) => ({ shortcutsOpen: !s.shortcutsOpen })),
    [],
  );
  const shown = scrubbing ?? cursor;
  return (
    <div
      id="playback-controls"
      className="transport"
      role="group"
      aria-label="Playback"
      data-playing={playing}
      tabIndex={-1}
    >
      <IconButton
        icon="replay"
        label="Replay the last command"
        onClick={() => player.replayLastCommand()}
        disabled={length === 0}
        testId="replay-last"
      />
      <IconButton
        icon="back"
        label="Step back"
        keys={{ aria: 'ArrowLeft', shown: '←' }}
        onClick={() => player.stepBack()}
        disabled={cursor === 0}
        testId="step-back"
      />
      {playing ? (
        <IconButton
          icon="pause"
          label="Pause"
          keys={{ aria: 'Space', shown: 'Space' }}
          onClick={() => player.pause()}
          testId="pause"
          main
        />
      ) : (
        <IconButton
          icon="play"
          label="Play"
          keys={{ aria: 'Space', shown: 'Space' }}
          onClick={() => player.play()}
          testId="play"
          main
        />
      )}
      <IconButton
        icon="forward"
        label="Step forward"
        keys={{ aria: 'ArrowRight', shown: '→' }}
        onClick={() => player.stepForward()}
        disabled={cursor >= length}
        testId="step-forward"
      />
      <input
        type="range"
        className="transport__scrubber"
        min={0}
        max={Math.max(0, length)}
        step={1}
        value={Math.min(shown, length)}
        onChange={onScrub}
        onPointerUp={endScrub}
        onKeyUp={endScrub}
        onBlur={endScrub}
        disabled={length === 0}
        aria-label="Position in the trace"
        aria-valuetext={hideFuture ? `message ${shown}` : `message ${shown} of ${length}`}
        data-testid="scrubber"
      />
      <output className="transport__position" data-testid="position" aria-live="off">
        {/* A drill hides the future: how many messages are left would give answers away. */}
        {hideFuture ? shown : `${shown}/${length}`}
      </output>
      <label className="transport__speed">
        <span>Speed</span>
        <select
          value={String(speed)}
          onChange={onSpeed}
          aria-label="Animation speed"
          data-testid="speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="text-button"
        onClick={() => player.skip()}
        disabled={!busy}
        aria-keyshortcuts="Escape"
        data-testid="skip"
      >
        Skip <kbd>Esc</kbd>
      </button>
      <IconButton
        icon="wide"
        label="Inspector full width"
        hint="Inspector full width (hides the timeline)"
        onClick={() => useAppStore.getState().setInspectorWide(!inspectorWide)}
        disabled={dockCollapsed}
        pressed={inspectorWide}
        testId="inspector-wide"
      />
      <IconButton
        icon="dock"
        label="Hide the timeline and inspector"
        hint="Hide the timeline and inspector (more room for the diagram)"
        onClick={() => useAppStore.getState().setDockCollapsed(!dockCollapsed)}
        pressed={dockCollapsed}
        testId="dock-toggle"
      />
      <div className="transport__help">
        <button
          type="button"
          className="transport__button"
          onClick={toggleHelp}
          aria-expanded={helpOpen}
          aria-controls={helpOpen ? helpId : undefined}
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
          title="Keyboard shortcuts (?)"
          data-testid="shortcuts"
        >
          ?
        </button>
        {helpOpen && <ShortcutsHelp id={helpId} />}
      </div>
    </div>
  );
}
