import { describe, expect, it } from 'vitest';
import {
  checkFormFields,
  EMPTY_FORM_FIELDS,
  formatChoices,
  type IsvcFormFields,
  protocolChoices,
  quantityValue,
  runtimeChoices,
} from '../src/create-choices';
import { runtimeOffers } from '../src/runtime-selection';
import { checkStorageUri } from '../src/storage-uri';
import { kserveClusterRuntimes } from './support/kserve-runtimes';

const offers = runtimeOffers([], kserveClusterRuntimes);

describe('create choices from the runtimes the cluster offers', () => {
  it('lists each format once, with its versions, leaving out multi-node and multi-model runtimes', () => {
    const formats = formatChoices(offers);
    expect(formats.map((f) => f.name)).toEqual([
      'huggingface',
      'lightgbm',
      'mlflow',
      'onnx',
      'openvino',
      'pytorch',
      'sklearn',
      'tensorflow',
      'tensorrt',
      'triton',
      'vLLM',
      'xgboost',
    ]);
    expect(formats.find((f) => f.name === 'sklearn')).toEqual({
      name: 'sklearn',
      versions: ['0', '1'],
      autoSelect: true,
    });
    expect(formatChoices([])).toEqual([]);
  });

  it("orders a format's runtimes as KServe would pick them, then those only usable by name", () => {
    expect(runtimeChoices('sklearn', undefined, offers).map((r) => [r.name, r.autoSelect])).toEqual([
      ['kserve-sklearnserver', true],
      ['kserve-mlserver', true],
      ['kserve-predictiveserver', false],
    ]);
    expect(runtimeChoices('pytorch', undefined, offers).map((r) => [r.name, r.autoSelect])).toEqual([
      ['kserve-torchserve', true],
      ['kserve-tritonserver', false],
    ]);
  });

  it('offers the protocols of the named runtime, or those some auto-selected runtime speaks', () => {
    expect(protocolChoices({ format: 'sklearn' }, offers)).toEqual(['v1', 'v2']);
    expect(protocolChoices({ format: 'sklearn', runtime: 'kserve-mlserver' }, offers)).toEqual(['v2']);
    expect(protocolChoices({ format: 'tensorflow' }, offers)).toEqual(['v1', 'v2', 'grpc-v1', 'grpc-v2']);
    expect(protocolChoices({ format: 'vLLM', runtime: 'kserve-vllmserver' }, offers)).toEqual([
      'v1',
      'v2',
      'grpc-v1',
      'grpc-v2',
    ]);
  });
});

describe('storage URI check (KServe ValidateStorageURI)', () => {
  it.each([
    'gs://kfserving-examples/models/sklearn/1.0/model',
    's3://bucket/model',
    'pvc://claim/path',
    'https://example.com/model.joblib',
    'hf://distilbert/distilbert-base-uncased',
    'oci://registry/model:1',
    'oci+native://registry/model:1',
    'https://acct.blob.core.windows.net/container/model',
    '/mnt/models',
    'models/local',
  ])('accepts %s', (uri) => {
    expect(checkStorageUri(uri).ok).toBe(true);
  });

  it("refuses other schemes with KServe's own message", () => {
    const r = checkStorageUri('ftp://host/model');
    expect(r).toMatchObject({ ok: false, scheme: 'ftp' });
    if (!r.ok)
      expect(r.message).toBe(
        'storageUri, must be one of: [gs://, s3://, pvc://, file://, https://, http://, hdfs://, webhdfs://, oci://, oci+native://, hf://] or match https://{}.blob.core.windows.net/{}/{} or be an absolute or relative local path. StorageUri [ftp://host/model] is not supported',
      );
    expect(checkStorageUri('http://acct.blob.core.windows.net/c/m').ok).toBe(false);
  });
});

describe('form field checks', () => {
  const good: IsvcFormFields = {
    ...EMPTY_FORM_FIELDS,
    name: 'iris',
    format: 'sklearn',
    storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
  };
  const codes = (f: Partial<IsvcFormFields>) =>
    checkFormFields({ ...good, ...f }, offers).map((p) => `${p.field}:${p.code}`);

  it('passes a complete draft', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ cpuRequest: '100m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '1Gi' })).toEqual([]);
    expect(codes({ minReplicas: '2', maxReplicas: '0' })).toEqual([]);
  });

  it('names each field KServe or Kubernetes would refuse', () => {
    expect(codes({ name: '' })).toEqual(['name:required']);
    expect(codes({ name: '1iris' })).toEqual(['name:nameFormat']);
    expect(codes({ name: 'Iris' })).toEqual(['name:nameFormat']);
    expect(codes({ name: `a${'b'.repeat(63)}` })).toEqual(['name:nameTooLong']);
    expect(codes({ format: '' })).toEqual(['format:required']);
    expect(codes({ format: 'onnx', protocol: 'v1' })).toEqual([]);
    expect(codes({ format: 'mlflow', protocol: 'v1' })).toEqual(['runtime:noRuntime']);
    expect(codes({ runtime: 'kserve-mlserver', protocol: 'v1' })).toEqual(['runtime:runtimeProtocol']);
    expect(codes({ runtime: 'kserve-xgbserver' })).toEqual(['runtime:runtimeFormat']);
    expect(codes({ runtime: 'gone' })).toEqual(['runtime:runtimeNotFound']);
    expect(codes({ storageUri: '' })).toEqual(['storageUri:required']);
    expect(codes({ storageUri: 'ftp://x/y' })).toEqual(['storageUri:unsupportedScheme']);
    expect(codes({ cpuRequest: 'lots' })).toEqual(['cpuRequest:quantity']);
    expect(codes({ memoryRequest: '2Gi', memoryLimit: '1Gi' })).toEqual(['memoryLimit:limitBelowRequest']);
    expect(codes({ minReplicas: '-1' })).toEqual(['minReplicas:wholeNumber']);
    expect(codes({ minReplicas: '3', maxReplicas: '2' })).toEqual(['minReplicas:minAboveMax']);
    expect(codes({ maxReplicas: '1.5' })).toEqual(['maxReplicas:wholeNumber']);
  });

  it('reads quantities the way Kubernetes writes them', () => {
    expect(quantityValue('100m')).toBeCloseTo(0.1);
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('1G')).toBe(1e9);
    expect(quantityValue('x')).toBeUndefined();
  });
});
