/**
 * The quick actions' strings, as the i18next namespace `quickActions` (registered on the app's i18n instance when
 * the feature loads). Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const quickActionsEn = {
  scale: 'Scale…',
  storage: 'Change model…',
  undo: 'Undo: {{what}}',
  what: { scale: 'scale', storage: 'model change', undo: 'undo' },
  title: {
    scale: 'Scale {{name}}',
    storage: 'Change the model of {{name}}',
    undo: 'Undo the last {{what}} of {{name}}',
  },
  field: {
    minReplicas: 'Minimum replicas (spec.predictor.minReplicas)',
    maxReplicas: 'Maximum replicas (spec.predictor.maxReplicas; empty: KServe’s default)',
    storageUri: 'Storage URI ({{path}})',
  },
  error: {
    wholeNumber: '{{field}} must be a whole number, 0 or more.',
    maxZero: '{{field}} must be at least 1.',
    maxBelowMin: '{{field}} must not be below minReplicas.',
    required: '{{field}} is required.',
    noModel: 'This InferenceService’s predictor has no model block (custom containers): edit its YAML instead.',
    unchanged: 'Nothing changes: the values are the ones the InferenceService has now.',
    unsupported: '{{field}}: {{message}}',
  },
  check: 'Check (dry run)',
  checking: 'Checking with the server (dry run)…',
  reviewText: 'The server accepted this change in a dry run. Nothing is written until you apply it.',
  changeLine: '{{field}}: {{before}} → {{after}}',
  unset: '(not set)',
  before: 'Live spec',
  after: 'After the change',
  apply: 'Apply',
  applying: 'Applying…',
  back: 'Back',
  cancel: 'Cancel',
  close: 'Close',
  done: 'Applied.',
  recorded: 'Recorded as revision {{revision}} of the history.',
  notRecorded: 'Not recorded in the history: {{message}}',
  undoNow: 'Undo',
  failed: 'Could not apply the change',
  conflictTitle: '{{name}} changed since you looked',
  conflictText: 'Someone else changed it. Now:',
  movedText: 'These fields are no longer what this change expects; it was not sent:',
  retry: 'Check again against the latest',
  actionLabel: 'change {{name}}',
};

export const quickActionsKo: typeof quickActionsEn = {
  scale: '스케일…',
  storage: '모델 변경…',
  undo: '되돌리기: {{what}}',
  what: { scale: '스케일', storage: '모델 변경', undo: '되돌리기' },
  title: {
    scale: '{{name}} 스케일',
    storage: '{{name}}의 모델 변경',
    undo: '{{name}}의 마지막 {{what}} 되돌리기',
  },
  field: {
    minReplicas: '최소 레플리카 (spec.predictor.minReplicas)',
    maxReplicas: '최대 레플리카 (spec.predictor.maxReplicas, 비우면 KServe 기본값)',
    storageUri: '스토리지 URI ({{path}})',
  },
  error: {
    wholeNumber: '{{field}}은(는) 0 이상의 정수여야 합니다.',
    maxZero: '{{field}}은(는) 1 이상이어야 합니다.',
    maxBelowMin: '{{field}}은(는) minReplicas보다 작을 수 없습니다.',
    required: '{{field}}을(를) 입력하세요.',
    noModel: '이 InferenceService의 predictor에는 model 블록이 없습니다(사용자 정의 컨테이너). YAML에서 수정하세요.',
    unchanged: '바뀌는 것이 없습니다. 지금 InferenceService에 있는 값입니다.',
    unsupported: '{{field}}: {{message}}',
  },
  check: '확인(드라이 런)',
  checking: '서버에서 확인하는 중(드라이 런)…',
  reviewText: '서버가 드라이 런에서 이 변경을 받아들였습니다. 적용하기 전에는 아무것도 쓰지 않습니다.',
  changeLine: '{{field}}: {{before}} → {{after}}',
  unset: '(설정 안 됨)',
  before: '현재 스펙',
  after: '변경 후',
  apply: '적용',
  applying: '적용하는 중…',
  back: '뒤로',
  cancel: '취소',
  close: '닫기',
  done: '적용했습니다.',
  recorded: '기록에 리비전 {{revision}}(으)로 남겼습니다.',
  notRecorded: '기록에 남기지 못했습니다: {{message}}',
  undoNow: '되돌리기',
  failed: '변경을 적용하지 못했습니다',
  conflictTitle: '확인한 뒤에 {{name}}이(가) 바뀌었습니다',
  conflictText: '누군가 바꿨습니다. 지금 값:',
  movedText: '이 필드들이 이 변경이 예상한 값이 아니어서 보내지 않았습니다:',
  retry: '최신 상태로 다시 확인',
  actionLabel: '{{name}} 변경',
};

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type QuickActionsKey = Leaves<typeof quickActionsEn>;
