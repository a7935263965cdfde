import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IsvcListPage } from '../src/features/isvc-list';
import { RuntimesPage } from '../src/features/runtimes';
import { localProblems } from '../src/features/yaml-editor/problems';
import { i18n, setLocale } from '../src/i18n';
import { parseYaml } from '../src/lib/yaml-paths';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const renderList = () => renderAt(<IsvcListPage ns={ns} />, { url: `/ns/${ns}`, path: '/ns/:ns' });
const failWith = (status: number, reason: string, message: string) =>
  http.get(apiPaths.isvcs(ns), () =>
    HttpResponse.json({ status, reason, message, causes: [], requestId: 'req-7' }, { status }),
  );

beforeEach(async () => {
  await setLocale('ko');
});
afterEach(async () => {
  await setLocale('en');
});

describe('pages in Korean', () => {
  it('the list: headings, columns, phases and counts from the Korean catalogue; Kubernetes words kept', async () => {
    server.use(handlers.list(), handlers.podCounts());
    renderList();
    const crash = (await screen.findByRole('link', { name: 'sklearn-irisv2' })).closest('tr') as HTMLElement;
    expect(screen.getByRole('heading', { level: 1, name: 'InferenceService' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /^상태/ })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: '검색' })).toHaveAttribute('placeholder', '이름, 형식, 런타임');
    expect(within(crash).getByText('준비 안 됨')).toBeInTheDocument();
    // the server's reason stays as Kubernetes said it
    expect(within(crash).getByText('MinimumReplicasUnavailable')).toBeInTheDocument();
    expect(screen.getByText('InferenceService 5개')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '생성' })).toBeInTheDocument();
  });

  it('a 403 says in Korean what was refused and where, with Kubernetes’ own message kept', async () => {
    server.use(
      handlers.podCounts(),
      failWith(403, 'Forbidden', 'inferenceservices is forbidden: User "u" cannot list'),
    );
    renderList();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`${ns} namespace에서 InferenceService 목록 조회 권한이 없습니다`);
    expect(alert).toHaveTextContent('Kubernetes가 거부했습니다 (inferenceservices is forbidden: User "u" cannot list)');
  });

  it('a known reason code gets a Korean sentence; an unknown one shows its code; the server text stays', async () => {
    server.use(handlers.podCounts(), failWith(503, 'ClusterUnavailable', 'etcd is not answering'));
    const first = renderList();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'InferenceService 목록 조회에 실패했습니다: Kubernetes 클러스터를 사용할 수 없습니다',
    );
    expect(alert).toHaveTextContent('etcd is not answering — 요청 ID req-7');
    first.unmount();

    server.use(failWith(500, 'SomethingNew', 'a brand-new failure'));
    renderList();
    const other = await screen.findByRole('alert');
    expect(other).toHaveTextContent('InferenceService 목록 조회에 실패했습니다 (SomethingNew)');
    expect(other).toHaveTextContent('a brand-new failure');
  });

  it('runtimes: Kubernetes kinds stay English in Korean headings and empty states', async () => {
    server.use(
      http.get(apiPaths.servingRuntimes(ns), () => HttpResponse.json({ items: [] })),
      http.get(apiPaths.clusterServingRuntimes(), () => HttpResponse.json({ items: [] })),
    );
    renderAt(<RuntimesPage ns={ns} />, { url: `/ns/${ns}/runtimes`, path: '/ns/:ns/runtimes' });
    expect(await screen.findByText('ServingRuntime이(가) 없습니다.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Serving 런타임' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'ClusterServingRuntime' })).toBeInTheDocument();
  });

  it('the editor flags the seed’s ProtocolVersion typo in Korean, with the fix named', () => {
    const seed =
      'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: a\nspec:\n  predictor:\n    # Serving Protocol Version 주석\n    sklearn:\n      ProtocolVersion: "v2"\n';
    const [p] = localProblems(parseYaml(seed), fixtures.isvcSchemaFixture, i18n.t);
    expect(p?.message).toBe(
      '알 수 없는 필드 "ProtocolVersion" (spec.predictor.sklearn): protocolVersion을(를) 뜻하셨나요?',
    );
    expect(p?.fix?.title).toBe('ProtocolVersion을(를) protocolVersion(으)로 바꾸기');
  });
});
