/**
 * The Overview's readiness card strings, as the i18next namespace `readiness` (registered when the details
 * feature loads). Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const readinessEn = {
  title: 'Model readiness',
  intro: 'Asked through the inference route as you, at the address in the InferenceService status.',
  server: 'Server',
  model: 'Model {{model}}',
  check: 'Check again',
  checking: 'Checking…',
  checkedAt: 'Checked',
  failed: 'Could not check readiness',
  state: {
    ready: 'Ready',
    'not-ready': 'Not ready',
    unreachable: 'Unreachable',
    unsupported: 'Not checked',
  },
  status: 'HTTP {{status}}',
  serverUpModelNot: 'The server is up but the model is not loaded.',
  serverDown: 'The model server does not answer as ready.',
  allReady: 'The server and the model are ready.',
  unsupported: 'A custom container: no KServe protocol to ask.',
};

export type ReadinessKey = Exclude<keyof typeof readinessEn, 'state'> | `state.${keyof (typeof readinessEn)['state']}`;

export const readinessKo: typeof readinessEn = {
  title: 'Model 준비 상태',
  intro: 'InferenceService status의 주소로, 사용자 본인 권한으로 추론 경로를 통해 조회합니다.',
  server: '서버',
  model: 'Model {{model}}',
  check: '다시 확인',
  checking: '확인 중…',
  checkedAt: '확인 시각',
  failed: '준비 상태를 확인할 수 없습니다',
  state: {
    ready: '준비됨',
    'not-ready': '준비 안 됨',
    unreachable: '연결 불가',
    unsupported: '확인 안 함',
  },
  status: 'HTTP {{status}}',
  serverUpModelNot: '서버는 실행 중이지만 Model이 로드되지 않았습니다.',
  serverDown: 'Model 서버가 준비 상태로 응답하지 않습니다.',
  allReady: '서버와 Model이 모두 준비되었습니다.',
  unsupported: '사용자 정의 컨테이너: 조회할 KServe 프로토콜이 없습니다.',
};
