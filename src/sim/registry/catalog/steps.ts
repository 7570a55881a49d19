/**
 * Tiny constructors for history steps, so the image files read like the
 * Dockerfiles they come from. They only build data.
 */
import type { HistoryStep } from './types';

export const BUILDKIT_COMMENT = 'buildkit.dockerfile.v0';

/** A BuildKit `RUN` step: `RUN /bin/sh -c <script> # buildkit`, one layer. */
export const run = (script: string): HistoryStep => ({
  createdBy: `RUN /bin/sh -c ${script} # buildkit`,
  comment: BUILDKIT_COMMENT,
});

/** A BuildKit step that writes files (`COPY … # buildkit`, `ADD …`, `WORKDIR …`): one layer. */
export const files = (instruction: string): HistoryStep => ({
  createdBy: instruction,
  comment: BUILDKIT_COMMENT,
});

/** A BuildKit metadata step (`ENV`, `LABEL`, `CMD`, `EXPOSE`, …): no layer. */
export const meta = (instruction: string): HistoryStep => ({
  createdBy: instruction,
  comment: BUILDKIT_COMMENT,
  emptyLayer: true,
});

/** `ENV k=v` steps, one per variable, as BuildKit records them. */
export const envSteps = (vars: readonly string[]): HistoryStep[] =>
  vars.map((v) => meta(`ENV ${v}`));
