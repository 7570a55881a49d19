import { useCallback } from 'react';
import { player } from '../playback/player';
import { useAppStore } from '../store';
import { SPEEDS, type Speed } from '../store/playbackSlice';

/** Animation speed and the skip button (the same as the Escape key). */
export function PlaybackControls() {
  const speed = useAppStore((s) => s.speed);
  const setSpeed = useAppStore((s) => s.setSpeed);
  const busy = useAppStore((s) => s.inFlight !== null);
  const onSpeed = useCallback(
    (e: React.ChangeEvent<HTMLSelectElement>) => setSpeed(Number(e.target.value) as Speed),
    [setSpeed],
  );
  const onSkip = useCallback(() => player.skip(), []);
  return (
    <div className="playback" role="group" aria-label="Animation">
      <label className="playback__speed">
        <span>Speed</span>
        <select value={speed} onChange={onSpeed} aria-label="Animation speed" data-testid="speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="text-button"
        onClick={onSkip}
        disabled={!busy}
        aria-keyshortcuts="Escape"
        data-testid="skip"
      >
        Skip <kbd>Esc</kbd>
      </button>
    </div>
  );
}
