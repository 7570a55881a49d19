import type { LogLine } from './model';

/**
 * The json-file log driver's files, `/var/lib/docker/containers/<id>/<id>-json.log`:
 * on disk, not in dockerd's memory, and only ever appended to. Kept outside
 * the dockerd actor so a chatty container does not copy dockerd's state per line.
 */
export class LogStore {
  private files = new Map<string, LogLine[]>();

  append(containerId: string, line: LogLine): void {
    let f = this.files.get(containerId);
    if (!f) this.files.set(containerId, (f = []));
    f.push(line);
  }

  read(containerId: string): readonly LogLine[] {
    return this.files.get(containerId) ?? [];
  }

  remove(containerId: string): void {
    this.files.delete(containerId);
  }
}
