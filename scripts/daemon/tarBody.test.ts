import { describe, expect, it } from 'vitest';
import { decodeTar, encodeTar, isTarUpload } from './tarBody';

describe('docker cp at the wire: entries ↔ tar bytes', () => {
  const body = { entries: [{ name: 'notes.txt', content: 'hello\n', mode: 0o644 }] };

  it('writes a ustar archive: one header, the content padded to 512, two zero blocks', () => {
    const tar = encodeTar(body, 0);
    expect(tar.length).toBe(2048);
    expect(tar.subarray(0, 9).toString()).toBe('notes.txt');
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(tar.subarray(512, 518).toString()).toBe('hello\n');
    // The checksum: the header's bytes summed with the checksum field as spaces.
    const h = Buffer.from(tar.subarray(0, 512));
    h.write('        ', 148, 'ascii');
    const sum = [...h].reduce((a, b) => a + b, 0);
    expect(parseInt(tar.subarray(148, 154).toString(), 8)).toBe(sum);
  });

  it('reads back what it wrote', () => {
    expect(decodeTar(encodeTar(body, 0))).toEqual(body);
  });

  it('reads only the upload of PUT /containers/{id}/archive as tar', () => {
    expect(isTarUpload('PUT', '/v1.50/containers/web/archive')).toBe(true);
    expect(isTarUpload('GET', '/v1.50/containers/web/archive')).toBe(false);
    expect(isTarUpload('PUT', '/v1.50/volumes/x')).toBe(false);
  });
});
