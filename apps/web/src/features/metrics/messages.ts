/**
 * The metrics feature's strings, as the i18next namespace `metrics` (registered on the app's i18n instance
 * when the feature loads). Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const metricsEn = {
  tab: {
    label: 'Metrics',
    range: 'Time range',
    ranges: { '15m': '15 min', '1h': '1 hour', '6h': '6 hours', '24h': '24 hours', '7d': '7 days' },
    autoRefresh: 'Auto-refresh every {{seconds}} s',
    updated: 'Updated {{time}}',
    component: 'Component',
    allComponents: 'All components',
    totals: '{{requests}} requests and {{errors}} server errors in this range',
    totalsNoStatus: '{{requests}} requests in this range (this runtime does not export status codes)',
  },
  charts: {
    requests: 'Requests',
    latency: 'Latency',
    errorRatio: 'Server errors',
    cpu: 'CPU',
    memory: 'Memory (working set)',
    readyReplicas: 'Ready replicas',
    tokens: 'Tokens',
    loadingChart: 'Loading the chart…',
  },
  series: {
    all: 'all',
    prompt: 'prompt',
    generated: 'generated',
    p50: 'p50',
    p95: 'p95',
    p99: 'p99',
    value: 'value',
  },
  units: {
    reqPerSec: 'req/s',
    reqPerMin: 'req/min',
    ms: 'ms',
    percent: '%',
    cores: 'cores',
    mib: 'MiB',
    replicas: 'replicas',
    tokensPerSec: 'tokens/s',
  },
  empty: {
    notConfiguredTitle: 'Metrics are not configured',
    notConfigured:
      'ServeDeck reads metrics from Prometheus. Set SERVEDECK_PROMETHEUS_URL (and, behind auth, SERVEDECK_PROMETHEUS_TOKEN_FILE / SERVEDECK_PROMETHEUS_CA_FILE) on the ServeDeck server to turn them on.',
    unavailableTitle: 'Prometheus is unreachable',
    noTraffic: 'No traffic yet: send requests from the test console to see them here.',
    noLatency: 'No latency yet: it appears with the first requests.',
    noErrors: 'No status codes: this runtime does not export them, or there is no traffic yet.',
    noResources: 'No samples yet: Prometheus has not scraped this InferenceService’s pods (are they running?).',
    noTokens: 'No token counts: only OpenAI-style runtimes (vLLM) export them.',
    forbiddenTitle: 'You may not read this InferenceService',
    readFailedTitle: 'The metrics could not be read',
  },
  crosshair: {
    time: 'Time',
  },
  list: {
    column: 'Requests (30 min)',
    perMinute: '{{value}} req/min now',
    none: 'No requests in the last 30 minutes',
  },
  load: {
    title: 'Load test',
    intro: 'Send the request above N times, C at a time, through ServeDeck (as you), then watch it on the Metrics tab.',
    count: 'Requests (N)',
    concurrency: 'Concurrency (C)',
    start: 'Send {{count}} requests',
    cancel: 'Cancel',
    running: '{{done}} of {{total}} sent',
    cancelled: 'Cancelled after {{done}} of {{total}}',
    finished: '{{total}} sent in {{seconds}} s',
    invalid: 'N must be 1 to {{maxCount}} and C 1 to {{maxConcurrency}}',
    statuses: 'Status codes',
    failures: '{{count}} failed without an answer',
    histogram: 'Latency histogram',
    percentiles: 'p50 {{p50}} · p95 {{p95}} · p99 {{p99}}',
    bucket: '{{from}}–{{to}} ms: {{count}}',
  },
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const metricsKo: Shape<typeof metricsEn> = {
  tab: {
    label: '메트릭',
    range: '기간',
    ranges: { '15m': '15분', '1h': '1시간', '6h': '6시간', '24h': '24시간', '7d': '7일' },
    autoRefresh: '{{seconds}}초마다 자동 새로고침',
    updated: '{{time}}에 갱신',
    component: '컴포넌트',
    allComponents: '모든 컴포넌트',
    totals: '이 기간 요청 {{requests}}건, 서버 오류 {{errors}}건',
    totalsNoStatus: '이 기간 요청 {{requests}}건 (이 런타임은 상태 코드를 내보내지 않습니다)',
  },
  charts: {
    requests: '요청',
    latency: '지연 시간',
    errorRatio: '서버 오류',
    cpu: 'CPU',
    memory: '메모리 (워킹 셋)',
    readyReplicas: '준비된 레플리카',
    tokens: '토큰',
    loadingChart: '차트를 불러오는 중…',
  },
  series: {
    all: '전체',
    prompt: '프롬프트',
    generated: '생성',
    p50: 'p50',
    p95: 'p95',
    p99: 'p99',
    value: '값',
  },
  units: {
    reqPerSec: '요청/초',
    reqPerMin: '요청/분',
    ms: 'ms',
    percent: '%',
    cores: '코어',
    mib: 'MiB',
    replicas: '레플리카',
    tokensPerSec: '토큰/초',
  },
  empty: {
    notConfiguredTitle: '메트릭이 설정되지 않았습니다',
    notConfigured:
      'ServeDeck은 Prometheus에서 메트릭을 읽습니다. ServeDeck 서버에 SERVEDECK_PROMETHEUS_URL(인증이 필요하면 SERVEDECK_PROMETHEUS_TOKEN_FILE / SERVEDECK_PROMETHEUS_CA_FILE)을 설정하면 켜집니다.',
    unavailableTitle: 'Prometheus에 연결할 수 없습니다',
    noTraffic: '아직 트래픽이 없습니다. 테스트 콘솔에서 요청을 보내면 여기에 표시됩니다.',
    noLatency: '아직 지연 시간이 없습니다. 첫 요청과 함께 나타납니다.',
    noErrors: '상태 코드가 없습니다. 이 런타임이 내보내지 않거나 아직 트래픽이 없습니다.',
    noResources: '아직 샘플이 없습니다. Prometheus가 이 InferenceService의 Pod를 수집하지 않았습니다 (실행 중인가요?).',
    noTokens: '토큰 수가 없습니다. OpenAI 방식 런타임(vLLM)만 내보냅니다.',
    forbiddenTitle: '이 InferenceService를 읽을 권한이 없습니다',
    readFailedTitle: '메트릭을 읽지 못했습니다',
  },
  crosshair: {
    time: '시각',
  },
  list: {
    column: '요청 (30분)',
    perMinute: '현재 {{value}} 요청/분',
    none: '최근 30분 동안 요청이 없습니다',
  },
  load: {
    title: '부하 테스트',
    intro: '위의 요청을 N번, 동시에 C개씩 ServeDeck을 거쳐 (본인 권한으로) 보낸 뒤 메트릭 탭에서 확인하세요.',
    count: '요청 수 (N)',
    concurrency: '동시성 (C)',
    start: '요청 {{count}}건 보내기',
    cancel: '취소',
    running: '{{total}}건 중 {{done}}건 보냄',
    cancelled: '{{total}}건 중 {{done}}건 보낸 뒤 취소됨',
    finished: '{{total}}건을 {{seconds}}초에 보냄',
    invalid: 'N은 1–{{maxCount}}, C는 1–{{maxConcurrency}}이어야 합니다',
    statuses: '상태 코드',
    failures: '{{count}}건은 응답 없이 실패',
    histogram: '지연 시간 히스토그램',
    percentiles: 'p50 {{p50}} · p95 {{p95}} · p99 {{p99}}',
    bucket: '{{from}}–{{to}} ms: {{count}}건',
  },
};

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MetricsKey = Leaves<typeof metricsEn>;
