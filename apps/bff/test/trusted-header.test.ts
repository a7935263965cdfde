import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAddress, proxyMatcher } from '../src/auth/trusted-header';
import { HttpApiError } from '../src/http/api-error';
import { errorHandler } from '../src/http/errors';
import { testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

describe('proxyMatcher', () => {
  it('matches addresses and CIDRs, IPv4-mapped peers included', () => {
    const m = proxyMatcher(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(m('10.1.2.3')).toBe(true);
    expect(m('::ffff:10.1.2.3')).toBe(true);
    expect(m('127.0.0.1')).toBe(true);
    expect(m('::1')).toBe(true);
    expect(m('192.168.0.1')).toBe(false);
    expect(m(undefined)).toBe(false);
    expect(normaliseAddress('::ffff:1.2.3.4')).toBe('1.2.3.4');
  });
});

describe('trusted-header mode', () => {
  const api = new FakeServer();
  beforeAll(async () => {
    await api.start();
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices', 200, { items: [] });
  });
  afterAll(() => api.stop());

  it('impersonates the header identity when the peer is a trusted proxy', async () => {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '127.0.0.1,::1',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
    });
    await request(app).get('/api/me').expect(401);
    const me = await request(app)
      .get('/api/me')
      .set('kubeflow-userid', 'user@example.com')
      .set('kubeflow-groups', 'kubeflow-users, team-a')
      .expect(200);
    expect(me.body).toMatchObject({
      mode: 'trusted-header',
      user: { name: 'user@example.com', groups: ['kubeflow-users', 'team-a'] },
    });
    await request(app)
      .get('/api/namespaces/ns/inferenceservices')
      .set('kubeflow-userid', 'user@example.com')
      .set('kubeflow-groups', 'kubeflow-users')
      .expect(200);
    const sent = api.requests.at(-1);
    expect(sent?.headers['impersonate-user']).toBe('user@example.com');
    expect(sent?.headers['impersonate-group']).toBe('kubeflow-users');
    expect(sent?.headers.authorization).toBe('Bearer service-token');
  });

  it('ignores the header from any other peer', async () => {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '10.9.9.9',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
    });
    const res = await request(app).get('/api/me').set('kubeflow-userid', 'admin').set('x-forwarded-for', '10.9.9.9');
    expect(res.status).toBe(401);
  });
});

describe('errorHandler', () => {
  it('answers unknown errors with a 500 ApiError carrying only the request id', async () => {
    const app = express();
    app.use((req, _res, next) => {
      (req as { id?: string }).id = 'rid-1';
      next();
    });
    app.get('/boom', () => {
      throw new Error('secret internals at /src/x.ts:1');
    });
    app.get('/known', () => {
      throw new HttpApiError({ status: 404, reason: 'NotFound', message: 'gone', causes: [] });
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const res = await request(app).get('/boom').expect(500);
    expect(res.body).toEqual({
      status: 500,
      reason: 'InternalError',
      message: 'Internal error',
      causes: [],
      requestId: 'rid-1',
    });
    await request(app)
      .get('/known')
      .expect(404, { status: 404, reason: 'NotFound', message: 'gone', causes: [], requestId: 'rid-1' });
  });
});
