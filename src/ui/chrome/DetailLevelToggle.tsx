import { memo } from 'react';
import { useAppStore } from '../store';
import { DETAIL_LEVELS, type DetailLevel } from '../store/detailSlice';
import { DETAIL_LEVEL_TEXT } from '../narration/levelTexts';
import '../inspector/inspector.css';

/**
 * Overview / Under the hood: two pressed-or-not buttons in one group. The
 * player and the diagram read the level from the store; the position in the
 * trace stays where it is.
 */
export const DetailLevelToggle = memo(function DetailLevelToggle() {
  const level = useAppStore((s) => s.detailLevel);
  const setLevel = useAppStore((s) => s.setDetailLevel);
  return (
    <div
      className="detail-level"
      role="group"
      aria-label="Level of detail"
      data-testid="detail-level"
    >
      {DETAIL_LEVELS.map((l: DetailLevel) => (
        <button
          key={l}
          type="button"
          className="detail-level__option"
          aria-pressed={level === l}
          data-level={l}
          title={DETAIL_LEVEL_TEXT[l].hint}
          onClick={() => setLevel(l)}
        >
          {DETAIL_LEVEL_TEXT[l].label}
        </button>
      ))}
    </div>
  );
});
