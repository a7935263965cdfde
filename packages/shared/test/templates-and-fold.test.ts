import { describe, expect, it } from 'vitest';
import { ISVC_TEMPLATES, renderTemplate } from '../src/templates';
import { foldWatchEvent } from '../src/watch-fold';

describe('templates', () => {
  it('covers every runtime the brief names and fills in the namespace', () => {
    expect(ISVC_TEMPLATES.map((t) => t.id)).toEqual([
      'sklearn-v1',
      'sklearn-v2',
      'xgboost',
      'lightgbm',
      'mlserver',
      'tensorflow',
      'torchserve',
      'triton-onnx',
      'pmml',
      'huggingface',
    ]);
    const text = renderTemplate(ISVC_TEMPLATES[4] as (typeof ISVC_TEMPLATES)[number], {
      namespace: 'team-a',
      name: 'iris',
    });
    expect(text).toContain('  namespace: team-a\n');
    expect(text).toContain('      runtime: kserve-mlserver\n');
    expect(text).toContain('      protocolVersion: v2\n');
  });
});

describe('foldWatchEvent', () => {
  const a = { metadata: { namespace: 'n', name: 'a', resourceVersion: '1' } };
  const b = { metadata: { namespace: 'n', name: 'b', resourceVersion: '2' } };
  it('adds, replaces, deletes and resyncs by namespace/name', () => {
    let list = foldWatchEvent(undefined, { type: 'ADDED', object: a });
    list = foldWatchEvent(list, { type: 'ADDED', object: b });
    expect(list.items).toEqual([a, b]);
    const a2 = { metadata: { ...a.metadata, resourceVersion: '3' }, spec: { x: 1 } };
    list = foldWatchEvent(list, { type: 'MODIFIED', object: a2 });
    expect(list).toEqual({ items: [a2, b], resourceVersion: '3' });
    list = foldWatchEvent(list, { type: 'DELETED', object: b });
    expect(list.items).toEqual([a2]);
    expect(foldWatchEvent(list, { type: 'RESYNC', items: [b], resourceVersion: '9' })).toEqual({
      items: [b],
      resourceVersion: '9',
    });
  });
});
