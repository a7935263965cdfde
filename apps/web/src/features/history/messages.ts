/**
 * The history feature's strings, as the i18next namespace `history` (registered on the app's i18n instance
 * when the feature loads). Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const historyEn = {
  title: 'Spec history',
  intro:
    'Every change made through ServeDeck is kept as a revision in this namespace (ConfigMaps owned by the InferenceService).',
  off: 'History is off in this namespace',
  empty: 'No revisions yet: the next change made through ServeDeck is recorded.',
  loading: 'the history',
  readFailed: 'Could not read the history of {{name}}',
  columns: { revision: 'Revision', operation: 'Change', author: 'Author', time: 'Time', actions: 'Actions' },
  operations: { create: 'Created', update: 'Updated', restore: 'Restored revision {{from}}' },
  compare: {
    title: 'Compare two revisions',
    from: 'From',
    to: 'To',
    live: 'Live object',
    revision: 'Revision {{n}}',
  },
  restore: {
    action: 'Restore',
    actionLabel: 'Restore revision {{n}}',
    checking: 'Checking the restore (dry run)…',
    title: 'Restore revision {{n}}?',
    text: 'The dry run passed. The live spec (left) will be replaced by revision {{n}} (right).',
    confirm: 'Restore',
    cancel: 'Cancel',
    current: 'Live spec',
    target: 'Revision {{n}}',
    done: 'Restored revision {{n}} (recorded as revision {{rev}}).',
    doneNotRecorded: 'Restored revision {{n}}; the restore was not recorded: {{message}}',
    failed: 'Could not restore revision {{n}}',
    conflictTitle: 'The InferenceService changed since you looked',
    conflictText: 'Someone changed it after the dry run. Below: what it is now (left) and revision {{n}} (right).',
    retry: 'Check again against the latest',
  },
  owners: {
    title: 'Who set each field',
    intro:
      'From the live object’s managedFields: the manager that last wrote each field (ServeDeck writes as servedeck).',
    none: 'No field managers recorded.',
    field: 'Field',
    manager: 'Last set by',
    operation: 'Operation',
    time: 'When',
  },
  outside: {
    title: 'Changed outside ServeDeck',
    changedSince: 'The live spec (generation {{generation}}) changed after the newest revision, outside ServeDeck.',
    none: 'No other field managers.',
    manager: 'Manager',
    operation: 'Operation',
    time: 'Last change',
    fields: 'Fields',
    more: '+{{count}} more',
  },
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const historyKo: Shape<typeof historyEn> = {
  title: '스펙 기록',
  intro: 'ServeDeck으로 한 모든 변경은 이 네임스페이스에 리비전으로 보관됩니다(InferenceService가 소유한 ConfigMap).',
  off: '이 네임스페이스에서는 기록이 꺼져 있습니다',
  empty: '아직 리비전이 없습니다. ServeDeck으로 하는 다음 변경부터 기록됩니다.',
  loading: '기록',
  readFailed: '{{name}}의 기록을 읽지 못했습니다',
  columns: { revision: '리비전', operation: '변경', author: '작성자', time: '시간', actions: '작업' },
  operations: { create: '생성', update: '수정', restore: '리비전 {{from}} 복원' },
  compare: {
    title: '두 리비전 비교',
    from: '이전',
    to: '이후',
    live: '현재 객체',
    revision: '리비전 {{n}}',
  },
  restore: {
    action: '복원',
    actionLabel: '리비전 {{n}} 복원',
    checking: '복원을 확인하는 중(드라이 런)…',
    title: '리비전 {{n}}을(를) 복원할까요?',
    text: '드라이 런을 통과했습니다. 현재 스펙(왼쪽)이 리비전 {{n}}(오른쪽)으로 바뀝니다.',
    confirm: '복원',
    cancel: '취소',
    current: '현재 스펙',
    target: '리비전 {{n}}',
    done: '리비전 {{n}}을(를) 복원했습니다(리비전 {{rev}}으로 기록됨).',
    doneNotRecorded: '리비전 {{n}}을(를) 복원했지만 기록하지 못했습니다: {{message}}',
    failed: '리비전 {{n}}을(를) 복원하지 못했습니다',
    conflictTitle: '확인한 뒤에 InferenceService가 바뀌었습니다',
    conflictText: '드라이 런 뒤에 누군가 바꿨습니다. 아래는 현재 상태(왼쪽)와 리비전 {{n}}(오른쪽)입니다.',
    retry: '최신 상태로 다시 확인',
  },
  owners: {
    title: '필드별 마지막 설정',
    intro: '라이브 객체의 managedFields 기준: 각 필드를 마지막으로 쓴 관리자(ServeDeck은 servedeck으로 씁니다).',
    none: '기록된 필드 관리자가 없습니다.',
    field: '필드',
    manager: '마지막 설정',
    operation: '작업',
    time: '시각',
  },
  outside: {
    title: 'ServeDeck 밖에서 변경됨',
    changedSince: '현재 스펙(generation {{generation}})이 최신 리비전 뒤에 ServeDeck 밖에서 바뀌었습니다.',
    none: '다른 필드 관리자가 없습니다.',
    manager: '관리자',
    operation: '작업',
    time: '마지막 변경',
    fields: '필드',
    more: '외 {{count}}개',
  },
};

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type HistoryKey = Leaves<typeof historyEn>;
