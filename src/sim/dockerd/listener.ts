import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { HttpRequest } from '../core/http';

/**
 * dockerd's TCP listener, before its router sees anything: Go's crypto/tls
 * and net/http. One daemon has one TLS setting for all its TCP listeners
 * (DaemonSetup.tlsVerify), so the listener either speaks TLS and wants a
 * client certificate, or speaks plain HTTP. What does not fit gets Go's answer.
 * Undefined: the request goes on to the router.
 */
export function listenerAnswer(host: Host, inbound: Inbound): Reply | undefined {
  if (inbound.operation === 'TLS handshake') {
    const hello = inbound.request as { cert?: string };
    if (!host.setup.tlsVerify)
      // A plain HTTP server reads the ClientHello's bytes as a malformed request.
      return {
        status: 400,
        body: '400 Bad Request',
        summary: `this listener speaks plain HTTP: Go's net/http reads the TLS ClientHello as a malformed request and answers 400 in plain text`,
      };
    if (!hello.cert)
      return {
        status: 'certificate required',
        summary: 'dockerd runs with --tlsverify: a client without a certificate is turned away',
      };
    return {
      status: 'OK',
      summary:
        "handshake done: dockerd showed its certificate (signed by the CA), checked the CLI's certificate against the same CA, and both agreed on keys",
    };
  }
  const req = inbound.request as HttpRequest | undefined;
  if (req?.via === 'http' && host.setup.tlsVerify)
    return {
      status: 400,
      body: 'Client sent an HTTP request to an HTTPS server.\n',
      summary:
        "this listener speaks TLS: Go's server sees plain HTTP where a TLS record should start and answers 400 without passing it to dockerd's router",
    };
  return undefined;
}
