/**
 * Daemon errors carry a kind; the HTTP status follows from it the way moby's
 * `httpstatus.FromError` maps errdefs kinds.
 */
export type ErrorKind =
  | 'NotFound'
  | 'InvalidParameter'
  | 'Conflict'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotModified'
  | 'Unavailable'
  | 'NotImplemented'
  | 'System';

const STATUS: Record<ErrorKind, number> = {
  NotFound: 404,
  InvalidParameter: 400,
  Conflict: 409,
  Unauthorized: 401,
  Forbidden: 403,
  NotModified: 304,
  Unavailable: 503,
  NotImplemented: 501,
  System: 500,
};

export class DaemonError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export const notFound = (m: string) => new DaemonError('NotFound', m);
export const invalid = (m: string) => new DaemonError('InvalidParameter', m);
export const conflict = (m: string) => new DaemonError('Conflict', m);
export const systemError = (m: string) => new DaemonError('System', m);
