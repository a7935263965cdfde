/**
 * The merged log view's strings, as the i18next namespace `logsMerged` (the Logs tab's older strings stay in the
 * app catalogue under `logs.*`). Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const logsMergedEn = {
  component: 'Component',
  components: { predictor: 'predictor', transformer: 'transformer', explainer: 'explainer' },
  allPods: 'All {{count}} pods, merged',
  mergedTitle: 'Merged log of the {{component}} pods ({{pods}}), container {{container}}, lines in time order',
  downloadWhole: 'Download whole log',
  downloadHint: 'The whole log from the cluster, not only the lines shown',
  podsMerged: 'Pods merged: {{pods}}',
};

export type LogsMergedKey =
  | Exclude<keyof typeof logsMergedEn, 'components'>
  | `components.${keyof (typeof logsMergedEn)['components']}`;

export const logsMergedKo: typeof logsMergedEn = {
  component: '컴포넌트',
  components: { predictor: 'predictor', transformer: 'transformer', explainer: 'explainer' },
  allPods: 'Pod {{count}}개 전체, 병합',
  mergedTitle: '{{component}} Pod({{pods}})의 병합 로그, 컨테이너 {{container}}, 시간 순서',
  downloadWhole: '전체 로그 다운로드',
  downloadHint: '화면에 표시된 줄만이 아니라 클러스터의 전체 로그',
  podsMerged: '병합된 Pod: {{pods}}',
};
