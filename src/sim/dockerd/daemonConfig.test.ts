import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, parseDaemonJson } from './daemonConfig';

describe('daemon.json as dockerd reads it', () => {
  it("gives Go's encoding/json syntax errors word for word", () => {
    expect(goJsonSyntaxError('{"a": 1,}')).toBe(
      "invalid character '}' looking for beginning of object key string",
    );
    expect(goJsonSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonSyntaxError('{"a": 1 "b": 2}')).toBe(
      "invalid character '\"' after object key:value pair",
    );
    expect(goJsonSyntaxError('{"a": tru}')).toBe(
      "invalid character '}' in literal true (expecting 'e')",
    );
    expect(goJsonSyntaxError('{"a": 1')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError("{'a': 1}")).toBe(
      "invalid character '\\'' looking for beginning of object key string",
    );
    expect(goJsonSyntaxError('{} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError('{"a": [1 2]}')).toBe("invalid character '2' after array element");
    expect(goJsonSyntaxError('{"live-restore": true}')).toBeUndefined();
  });

  it('refuses unknown keys and a non-object, and reads the settings DockScope models', () => {
    expect(parseDaemonJson('{"bogus": 1}')).toEqual({
      ok: false,
      error: "the following directives don't match any configuration option: bogus",
    });
    expect(parseDaemonJson('[]')).toEqual({
      ok: false,
      error: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(parseDaemonJson('{"live-restore": "yes"}')).toMatchObject({
      ok: false,
      error: 'json: cannot unmarshal string into Go struct field Config.live-restore of type bool',
    });
    expect(parseDaemonJson(undefined)).toMatchObject({ ok: true, config: { liveRestore: false } });
    expect(parseDaemonJson('  \n')).toMatchObject({ ok: true });
    expect(
      parseDaemonJson(
        '{"live-restore": true, "debug": true, "labels": ["a=b"], "exec-opts": ["native.cgroupdriver=cgroupfs"], "log-opts": {"max-size": "10m"}}',
      ),
    ).toEqual({
      ok: true,
      config: {
        liveRestore: true,
        debug: true,
        labels: ['a=b'],
        cgroupDriver: 'cgroupfs',
        containerdSnapshotter: true,
      },
    });
    // The image store: DockScope's default is the containerd store; false is overlay2.
    expect(parseDaemonJson('{"features": {"containerd-snapshotter": false}}')).toMatchObject({
      ok: true,
      config: { containerdSnapshotter: false },
    });
    expect(parseDaemonJson('{"features": {"containerd-snapshotter": "no"}}')).toEqual({
      ok: false,
      error: 'json: cannot unmarshal string into Go struct field Config.features of type bool',
    });
    expect(parseDaemonJson('{"exec-opts": ["native.cgroupdriver=foo"]}')).toEqual({
      ok: false,
      error: 'native.cgroupdriver option foo not supported',
      stage: 'start',
    });
  });
});
