import { describe, expect, it } from 'vitest';
import { registryRoute } from './registryHosts';
import { parseReference } from '../image/reference';

const routeOf = (image: string) => {
  const ref = parseReference(image);
  if (!ref.ok) throw new Error(ref.error);
  return registryRoute(ref.domain);
};

describe('registryRoute: the registry host of the reference decides (containerd ConfigureHosts)', () => {
  it.each([
    'nginx',
    'library/nginx',
    'user/app',
    'docker.io/library/nginx',
    'index.docker.io/nginx',
  ])('%s goes to Docker Hub', (image) => expect(routeOf(image)).toEqual({ kind: 'hub' }));

  it('localhost:5000 is tried over HTTPS first, on the given port, through the loopback', () => {
    expect(routeOf('localhost:5000/nginx')).toEqual({
      kind: 'unmodelled',
      host: 'localhost:5000',
      hostname: 'localhost',
      port: 5000,
      scheme: 'https',
      dial: 'loopback',
    });
  });

  it('localhost:80 is plain HTTP; localhost alone is HTTPS on 443', () => {
    expect(routeOf('localhost:80/x')).toMatchObject({ scheme: 'http', port: 80 });
    expect(routeOf('localhost/x')).toMatchObject({ scheme: 'https', port: 443, dial: 'loopback' });
    expect(routeOf('127.0.0.1:5000/x')).toMatchObject({ dial: 'loopback', hostname: '127.0.0.1' });
  });

  it('ghcr.io and registry.example.com are looked up in DNS and spoken to over HTTPS', () => {
    expect(routeOf('ghcr.io/o/r')).toMatchObject({ host: 'ghcr.io', scheme: 'https', dial: 'dns' });
    expect(routeOf('registry.example.com/team/app')).toMatchObject({
      host: 'registry.example.com',
      port: 443,
      dial: 'dns',
    });
    expect(routeOf('10.0.0.5:5000/x')).toMatchObject({ dial: 'ip', port: 5000 });
  });
});
