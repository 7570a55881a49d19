import { memo } from 'react';
import { PlaybackControls } from './chrome/PlaybackControls';
import { Inspector } from './inspector/Inspector';
import { Timeline } from './timeline/Timeline';

/**
 * Under the diagram: the transport bar, then the timeline of every message
 * and the inspector of the one selected (or at the cursor), side by side.
 */
export const TraceDock = memo(function TraceDock() {
  return (
    <div className="trace-dock" data-testid="trace-dock">
      <PlaybackControls />
      <div className="trace-dock__panes">
        <Timeline />
        <div className="trace-dock__inspector">
          <Inspector />
        </div>
      </div>
    </div>
  );
});
