import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidc, testApp } from '../helpers/app';
import { FakeServer } from '../helpers/fake-apiserver';

/** An issuer that is down: discovery cached earlier, but nothing answers now. */
class DownOidc extends FakeOidc {
  up = false;
  async reachable() {
    return this.up;
  }
  override async finishLogin(): ReturnType<FakeOidc['finishLogin']> {
    if (!this.up) throw new TypeError('fetch failed');
    return super.finishLogin();
  }
}

describe('sign-in while the identity provider is down', () => {
  const apiserver = new FakeServer();
  beforeAll(() => apiserver.start());
  afterAll(() => apiserver.stop());
  const env = () => ({
    SERVEDECK_KUBECONFIG: apiserver.kubeconfig(),
    SERVEDECK_OIDC_ISSUER: 'https://dex.example.test/dex?x=1',
    SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
  });

  it('shows a browser a page that names the issuer and offers a retry (503, no stack), then signs in once it is back', async () => {
    const oidc = new DownOidc();
    const { app } = await testApp(env(), oidc);
    const page = await request(app).get('/auth/login?returnTo=/ns/team-a').set('accept', 'text/html,*/*;q=0.8');
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['retry-after']).toBe('30');
    expect(page.text).toContain('Sign-in is unavailable');
    expect(page.text).toContain('The identity provider (https://dex.example.test/dex) is not reachable');
    expect(page.text).toContain('keeps working until your session expires');
    expect(page.text).toContain('href="/auth/login?returnTo=%2Fns%2Fteam-a">Try again</a>');
    expect(page.text).toContain('href="/ns/team-a">Back to ServeDeck</a>');
    expect(page.text).not.toMatch(/at .*\.ts|Error:|<script/);

    const api = await request(app).get('/auth/login').set('accept', 'application/json');
    expect(api.status).toBe(503);
    expect(api.body).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });

    oidc.up = true;
    const ok = await request(app).get('/auth/login?returnTo=/ns/team-a').set('accept', 'text/html');
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toMatch(/^https:\/\/issuer\.test\/auth/);
  });

  it('says the issuer is down (not "login failed") when it goes away between the redirect and the callback', async () => {
    const oidc = new DownOidc();
    oidc.up = true;
    const { app } = await testApp(env(), oidc);
    const agent = request.agent(app);
    await agent.get('/auth/login?returnTo=/ns/team-a').set('accept', 'text/html').expect(302);
    oidc.up = false;
    const back = await agent.get('/auth/callback?code=c&state=s1').set('accept', 'text/html');
    expect(back.status).toBe(503);
    expect(back.text).toContain('Sign-in is unavailable');
    oidc.up = true;
    const again = await agent.get('/auth/login?returnTo=/ns/team-a').set('accept', 'text/html').expect(302);
    expect(again.headers.location).toMatch(/state=s1/);
    const done = await agent.get('/auth/callback?code=c&state=s1');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/ns/team-a');
  });
});
