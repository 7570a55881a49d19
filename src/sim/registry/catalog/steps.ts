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

// The classic builder's history (images built without BuildKit: debian, ubuntu,
// mysql, mongo, registry, traefik in late 2024). No comment field.

/** A classic `RUN`: `/bin/sh -c <script>`, one layer. With build args in scope it is prefixed `|N k=v …`. */
export const shRun = (script: string, buildArgs: readonly string[] = []): HistoryStep => ({
  createdBy: `${buildArgs.length ? `|${buildArgs.length} ${buildArgs.join(' ')} ` : ''}/bin/sh -c ${script}`,
});

/** A classic metadata step (`ENV`, `CMD`, `EXPOSE`, `LABEL`, `ARG`…): `#(nop)`, no layer. */
export const nop = (instruction: string): HistoryStep => ({
  createdBy: `/bin/sh -c #(nop)  ${instruction}`,
  emptyLayer: true,
});

/** A classic `COPY`/`ADD` of files: `#(nop) COPY file:<hash> in <dest> `, one layer. */
export const nopCopy = (instruction: 'COPY' | 'ADD', dest: string): HistoryStep => ({
  createdBy: `/bin/sh -c #(nop) ${instruction} file:{fileHash} in ${dest} `,
});
