import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MARSHAL,
  TemplateExecError,
  TemplateParseError,
  goJsonCompact,
  renderTemplate,
} from './goTemplate';

const captures = JSON.parse(
  readFileSync(new URL('./fixtures/version-format-captures.json', import.meta.url), 'utf8'),
) as {
  version: unknown;
  cases: Array<{ template: string; stdout: string; stderr: string }>;
};

/** What `docker version --format` prints: the text and a newline, or the error as version.go reports it. */
function versionFormat(template: string): { stdout: string; stderr: string } {
  try {
    const out = renderTemplate(template, captures.version, {
      name: 'version',
      rootType: 'system.versionInfo',
      fieldTypes: {
        Client: 'system.clientVersion',
        Server: 'types.Version',
        'Components[]': 'types.ComponentVersion',
      },
      mapFields: new Set(['Details']),
    });
    return { stdout: `${out}\n`, stderr: '' };
  } catch (e) {
    if (e instanceof TemplateParseError)
      return { stdout: '', stderr: `template parsing error: ${e.message}\n` };
    if (e instanceof TemplateExecError)
      return { stdout: `${e.partial}\n`, stderr: `${e.message}\n` };
    throw e;
  }
}

describe('Go text/template, against the real docker version --format', () => {
  for (const c of captures.cases)
    it(c.template, () => {
      expect(versionFormat(c.template)).toEqual({ stdout: c.stdout, stderr: c.stderr });
    });
});

describe('maps, structs and docker/cli functions', () => {
  const inspect = {
    Name: '/web',
    State: { Status: 'running', Pid: 1201 },
    Config: { Labels: { b: '2', a: '<1>' }, Cmd: ['nginx', '-g', 'daemon off;'] },
  };
  const opts = { mapFields: new Set(['Labels']), rootType: 'types.ContainerJSON' };

  it('walks a field chain and reads a map key; a missing key is <no value>', () => {
    expect(
      renderTemplate('{{.State.Status}} {{.Config.Labels.a}} {{.Config.Labels.x}}', inspect, opts),
    ).toBe('running <1> <no value>');
  });

  it('missingkey=error fails on a missing key, as the CLI’s raw-JSON fallback does', () => {
    expect(() =>
      renderTemplate('{{.Foo}}', inspect, { allMaps: true, missingKeyError: true }),
    ).toThrow('template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"');
  });

  it('json of a map sorts keys and leaves <>& alone (SetEscapeHTML(false)); of a struct keeps field order', () => {
    expect(renderTemplate('{{json .Config.Labels}}', inspect, opts)).toBe('{"a":"<1>","b":"2"}');
    expect(renderTemplate('{{json .State}}', inspect, opts)).toBe(
      '{"Status":"running","Pid":1201}',
    );
  });

  it('prints a map as map[k:v], a slice as [a b]', () => {
    expect(renderTemplate('{{.Config.Labels}} {{.Config.Cmd}}', inspect, opts)).toBe(
      'map[a:<1> b:2] [nginx -g daemon off;]',
    );
  });

  it('ranges over a map in key order with $k, $v', () => {
    expect(
      renderTemplate('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', inspect, opts),
    ).toBe('a=<1>;b=2;');
  });

  it('index of a string fails as Go does', () => {
    expect(() => renderTemplate('{{index .Name "a"}}', inspect, opts)).toThrow(
      'template: :1:2: executing "" at <index .Name "a">: error calling index: cannot index slice/array with type string',
    );
  });

  it('a row that marshals itself is json’d by its own marshaller', () => {
    const row = { ID: 'x', [MARSHAL]: () => '{"ID":"x"}' };
    expect(renderTemplate('{{json .}}', row)).toBe('{"ID":"x"}');
  });

  it('refuses an unknown function at parse time', () => {
    expect(() => renderTemplate('{{foo .ID}}', {})).toThrow(TemplateParseError);
    expect(() => renderTemplate('{{foo .ID}}', {})).toThrow(
      'template: :1: function "foo" not defined',
    );
  });

  it('header functions leave the header intact', () => {
    expect(renderTemplate('{{upper .Names}}', { Names: 'NAMES' }, { headerFunctions: true })).toBe(
      'NAMES',
    );
  });

  it('goJsonCompact escapes U+2028 even without HTML escaping', () => {
    expect(goJsonCompact('a\u2028<')).toBe('"a\\u2028<"');
  });
});
