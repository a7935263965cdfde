import { describe, expect, it } from 'vitest';
import * as fixtures from '../src/fixtures/index';
import { deriveIsvcStatus, modelFormatOf, protocolOf, summarizeIsvc } from '../src/isvc-status';
import { inferenceServiceSchema } from '../src/k8s-objects';

const parse = (o: unknown) => inferenceServiceSchema.parse(o);

describe('deriveIsvcStatus', () => {
  it('is Ready when the Ready condition is True', () => {
    expect(deriveIsvcStatus(parse(fixtures.readyIsvc))).toEqual({ phase: 'Ready' });
  });
  it('is Not ready with the failing sub-condition reason', () => {
    expect(deriveIsvcStatus(parse(fixtures.crashLoopIsvc))).toEqual({
      phase: 'NotReady',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  });
  it('is Failed when modelStatus says the load failed, with lastFailureInfo', () => {
    expect(deriveIsvcStatus(parse(fixtures.failedIsvc))).toMatchObject({
      phase: 'Failed',
      reason: 'ModelLoadFailed',
      message: expect.stringContaining('no objects found'),
    });
  });
  it('is Loading while Ready is Unknown or absent', () => {
    expect(deriveIsvcStatus(parse(fixtures.loadingIsvc))).toMatchObject({
      phase: 'Loading',
      reason: 'RevisionMissing',
    });
    expect(deriveIsvcStatus(parse({ metadata: { name: 'new' }, spec: {} }))).toEqual({ phase: 'Loading' });
  });
  it('is Stopped when the stop annotation is "true", whatever the conditions say', () => {
    expect(deriveIsvcStatus(parse(fixtures.stoppedIsvc)).phase).toBe('Stopped');
  });
});

describe('summaries', () => {
  it('reads format, runtime and protocol from model or legacy framework blocks', () => {
    const ready = summarizeIsvc(parse(fixtures.readyIsvc));
    expect(ready).toMatchObject({
      modelFormat: 'sklearn',
      runtime: 'kserve-sklearnserver',
      protocol: 'v1',
      deploymentMode: 'Serverless',
      desiredReplicas: 1,
    });
    const legacy = parse(fixtures.crashLoopIsvc);
    expect(modelFormatOf(legacy)).toBe('sklearn');
    expect(protocolOf(legacy)).toBe('v2');
    expect(summarizeIsvc(legacy).deploymentMode).toBe('RawDeployment');
  });
  it('falls back to the runtime the controller picked', () => {
    const picked = parse({
      ...fixtures.crashLoopIsvc,
      status: { ...fixtures.crashLoopIsvc.status, clusterServingRuntimeName: 'kserve-mlserver' },
    });
    expect(summarizeIsvc(picked).runtime).toBe('kserve-mlserver');
  });
  it('defaults the protocol to v2 for triton and v1 otherwise, and desired replicas to 0 when stopped', () => {
    const triton = parse({
      metadata: { name: 't' },
      spec: { predictor: { model: { modelFormat: { name: 'triton' } } } },
    });
    expect(protocolOf(triton)).toBe('v2');
    expect(protocolOf(parse(fixtures.failedIsvc))).toBe('v1');
    expect(summarizeIsvc(parse(fixtures.stoppedIsvc)).desiredReplicas).toBe(0);
  });
});
