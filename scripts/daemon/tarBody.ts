/**
 * `docker cp` through `npm run daemon` (obs): the engine carries a tar stream
 * as its entries (`{ entries: [{ name, content, mode }] }`); the real CLI sends
 * and expects tar bytes. This converts at the wire: a PUT to
 * `/containers/{id}/archive` is read as a tar archive (regular files; other
 * entries skipped), and an `application/x-tar` answer is written as one
 * (a ustar header per file, the content padded to 512 bytes, two zero blocks).
 */
const ARCHIVE = /\/containers\/[^/]+\/archive$/;

interface TarEntry {
  name: string;
  content: string;
  mode: number;
}

/** Whether a request's body is a tar archive rather than JSON. */
export const isTarUpload = (method: string, path: string) => method === 'PUT' && ARCHIVE.test(path);

const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;

function header(e: TarEntry, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name.slice(0, 100), 0, 'utf8');
  h.write(octal(e.mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** The entries as a tar archive. */
export function encodeTar(body: unknown, mtime = Math.floor(Date.now() / 1000)): Buffer {
  const entries = ((body ?? {}) as { entries?: TarEntry[] }).entries ?? [];
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.content, 'utf8');
    parts.push(
      header(e, data.length, mtime),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A tar archive's regular files as entries (`./` and directory prefixes kept as the CLI wrote them). */
export function decodeTar(raw: Buffer): { entries: TarEntry[] } {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= raw.length) {
    const h = raw.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const field = (from: number, len: number) =>
      h
        .subarray(from, from + len)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim();
    const size = parseInt(field(124, 12) || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const data = raw.subarray(at + 512, at + 512 + size);
    if (type === '0' || type === '') {
      entries.push({
        name,
        content: data.toString('utf8'),
        mode: parseInt(field(100, 8) || '644', 8),
      });
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return { entries };
}
