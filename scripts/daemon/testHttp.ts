// Helpers for the daemon's tests: plain requests, Server-Sent Events, raw sockets.
import http from 'node:http';
import net from 'node:net';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface Target {
  port?: number;
  socketPath?: string;
}

export function request(
  to: Target,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...to, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An open `/_dockscope/events` stream: everything received so far, and a way to close it. */
export function openEvents(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = http.get(
      { port, path: '/_dockscope/events', headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', () => undefined);
        resolve({ status: res.statusCode!, text: () => text, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}

/** Send raw bytes on a new connection; resolve with all the server wrote back once it closes or `ms` pass. */
export function raw(port: number, bytes: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (c: Buffer) => (out += c.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

export const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Every form a secret could take in a trace: plain, JSON-escaped (JS and Go), base64 and base64url at each alignment. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1)]);
  forms.add(
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026'),
  );
  for (const pad of ['', 'x', 'xx']) {
    const b64 = Buffer.from(pad + secret).toString('base64');
    // Drop the characters that mix in neighbouring bytes: what is left is in any encoding of it.
    const inner = b64.slice(pad ? 4 : 0, -4);
    for (const f of [inner, inner.replace(/\+/g, '-').replace(/\//g, '_')])
      if (f.length >= 8) forms.add(f);
  }
  return [...forms];
}
