import { describe, expect, it } from 'vitest';
import {
  fieldOwners,
  formatFieldPath,
  MANAGED_FIELDS_LIMITS,
  ownedPaths,
  ownersOf,
  parseManagedFields,
} from '../src/managed-fields';

const isvc = {
  metadata: {
    name: 'iris',
    labels: { team: 'a', 'app.kubernetes.io/name': 'iris' },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        time: '2026-12-06T01:00:00Z',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
          'f:spec': { 'f:predictor': { 'f:model': { 'f:modelFormat': {}, 'f:storageUri': {} } } },
        },
      },
      {
        manager: 'servedeck',
        operation: 'Update',
        time: '2026-12-06T02:00:00Z',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {} } },
          'f:spec': {
            'f:predictor': {
              'f:minReplicas': {},
              'f:containers': { 'k:{"name":"kserve-container"}': { '.': {}, 'f:name': {}, 'f:image': {} } },
              'f:args': { 'v:"--debug"': {} },
            },
          },
        },
      },
      {
        manager: 'kserve-controller',
        operation: 'Update',
        subresource: 'status',
        time: '2026-12-06T03:00:00Z',
        fieldsV1: { 'f:status': { 'f:url': {} } },
      },
    ],
  },
  spec: {
    predictor: {
      minReplicas: 2,
      model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://b/m' },
      containers: [{ name: 'other' }, { name: 'kserve-container', image: 'x' }],
      args: ['--a', '--debug'],
    },
  },
  status: { url: 'http://iris' },
};

describe('managedFields per field', () => {
  it('resolves every claim to a concrete path of the object, list items by their key', () => {
    const owners = fieldOwners(isvc);
    const by = (m: string) =>
      owners
        .filter((o) => o.manager === m)
        .map((o) => formatFieldPath(o.path))
        .sort();
    expect(by('servedeck')).toEqual([
      'metadata.labels[app.kubernetes.io/name]',
      'spec.predictor.args[1]',
      'spec.predictor.containers[1]',
      'spec.predictor.containers[1].image',
      'spec.predictor.containers[1].name',
      'spec.predictor.minReplicas',
    ]);
    expect(by('kubectl-client-side-apply')).toEqual([
      'metadata.labels',
      'metadata.labels.team',
      'spec.predictor.model.modelFormat',
      'spec.predictor.model.storageUri',
    ]);
    expect(owners.find((o) => o.manager === 'kserve-controller')).toMatchObject({
      path: ['status', 'url'],
      subresource: 'status',
      time: '2026-12-06T03:00:00Z',
    });
  });

  it('answers who set a field, inheriting only from an ancestor owned as a whole', () => {
    const owners = fieldOwners(isvc);
    expect(ownersOf(owners, ['spec', 'predictor', 'minReplicas']).map((o) => o.manager)).toEqual(['servedeck']);
    // modelFormat is owned whole (a leaf of the field set): its name was set by the same manager
    expect(ownersOf(owners, ['spec', 'predictor', 'model', 'modelFormat', 'name'])).toMatchObject([
      { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-12-06T01:00:00Z', whole: true },
    ]);
    // labels is claimed as a map (`.`) only: a label nobody claims has no owner
    expect(ownersOf(owners, ['metadata', 'labels', 'other'])).toEqual([]);
    expect(ownersOf(owners, ['spec', 'predictor'])).toEqual([]);
  });

  it('lists co-owners newest first', () => {
    const obj = {
      metadata: {
        managedFields: [
          { manager: 'a', operation: 'Apply', time: '2026-01-01T00:00:00Z', fieldsV1: { 'f:spec': { 'f:x': {} } } },
          { manager: 'b', operation: 'Apply', time: '2026-02-01T00:00:00Z', fieldsV1: { 'f:spec': { 'f:x': {} } } },
        ],
      },
      spec: { x: 1 },
    };
    expect(ownersOf(fieldOwners(obj), ['spec', 'x']).map((o) => o.manager)).toEqual(['b', 'a']);
  });

  it('leaves out claims on what is no longer in the object', () => {
    const fields = { 'f:spec': { 'f:gone': {}, 'f:list': { 'k:{"name":"missing"}': { '.': {} }, 'i:7': {} } } };
    expect(ownedPaths(fields, { spec: { list: [{ name: 'x' }] } })).toEqual([]);
  });

  it('formats paths as Kubernetes writes them', () => {
    expect(formatFieldPath(['spec', 'predictor', 'containers', 0, 'image'])).toBe('spec.predictor.containers[0].image');
    expect(formatFieldPath(['metadata', 'annotations', 'serving.kserve.io/stop'])).toBe(
      'metadata.annotations[serving.kserve.io/stop]',
    );
  });
});

describe('managedFields from a hostile object', () => {
  it('reads nothing from what is not a list of entries', () => {
    for (const obj of [null, 7, 'x', [], { metadata: null }, { metadata: { managedFields: 'x' } }]) {
      expect(parseManagedFields(obj)).toEqual([]);
      expect(fieldOwners(obj)).toEqual([]);
    }
    const entries = parseManagedFields({
      metadata: { managedFields: [null, 3, 'x', { manager: 5, time: {}, operation: ['Update'], fieldsV1: 'no' }] },
    });
    expect(entries).toEqual([{ manager: 'unknown', operation: '', fieldsV1: 'no' }]);
  });

  it('skips keys that are not JSON, too long, of the wrong shape, or unknown', () => {
    const value = { spec: { l: [{ name: 'a' }, 'b'] } };
    const fields = {
      'f:spec': {
        'f:l': {
          'k:{not json': {},
          'k:"a string"': {},
          [`k:{"name":"${'a'.repeat(MANAGED_FIELDS_LIMITS.keyChars)}"}`]: {},
          'i:-1': {},
          'i:99999999999999999999': {},
          'v:"b"': {},
        },
        'x:weird': {},
      },
    };
    expect(ownedPaths(fields, value)).toEqual([{ path: ['spec', 'l', 1], whole: true }]);
  });

  it('does not follow __proto__ or inherited names', () => {
    const fields = JSON.parse('{"f:__proto__":{"f:polluted":{}},"f:constructor":{},"f:toString":{}}');
    expect(ownedPaths(fields, {})).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // an own __proto__ key (as JSON.parse makes it) is an ordinary field
    const value = JSON.parse('{"__proto__":{"polluted":1}}');
    expect(ownedPaths(fields, value)).toEqual([{ path: ['__proto__', 'polluted'], whole: true }]);
  });

  it('stops at the depth limit on absurd nesting without overflowing the stack', () => {
    let fields: Record<string, unknown> = {};
    let value: Record<string, unknown> = {};
    const f0 = fields;
    const v0 = value;
    for (let i = 0; i < 100_000; i++) {
      const f: Record<string, unknown> = {};
      const v: Record<string, unknown> = {};
      fields['f:a'] = f;
      value.a = v;
      fields = f;
      value = v;
    }
    expect(ownedPaths(f0, v0)).toEqual([]);
  });

  it('walks at most the node budget of a huge field set', () => {
    const wide: Record<string, unknown> = {};
    const value: Record<string, unknown> = {};
    for (let i = 0; i < 30_000; i++) {
      wide[`f:k${i}`] = {};
      value[`k${i}`] = i;
    }
    const owners = fieldOwners({ metadata: { managedFields: [{ manager: 'm', fieldsV1: wide }] }, ...value });
    expect(owners.length).toBeLessThanOrEqual(MANAGED_FIELDS_LIMITS.nodes);
  });

  it('bounds the value comparison of v: keys', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 500; i++) deep = [deep];
    const json = JSON.stringify(deep);
    expect(ownedPaths({ 'f:l': { [`v:${json}`]: {} } }, { l: [deep] })).toEqual([]);
  });
});
