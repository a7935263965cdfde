/**
 * The create form's strings, as the i18next namespace `createForm` (registered when the create page loads).
 * Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const createFormEn = {
  title: 'Guided form',
  intro:
    'Choices come from the ServingRuntimes and ClusterServingRuntimes you can see. The form and the YAML are one draft: a change in either shows in the other.',
  loadingRuntimes: 'Reading the runtimes…',
  runtimesFailed:
    'Could not read the {{kind}}: {{message}}. The form offers what the rest allows; the YAML is not limited.',
  namespaced: 'ServingRuntimes',
  cluster: 'ClusterServingRuntimes',
  noFormats: 'No runtime you can see serves a model format: write the YAML by hand, or ask for a ServingRuntime.',
  unreadable: {
    syntax: 'The YAML has a syntax error: fix it in the editor to use the form again.',
    several: 'The YAML holds several documents: the form edits one InferenceService. They are all created together.',
    notIsvc: 'The YAML is not an InferenceService: the form edits InferenceServices only.',
  },
  fields: {
    name: 'Name',
    format: 'Model format',
    version: 'Format version',
    runtime: 'Runtime',
    protocol: 'Protocol',
    storageUri: 'Storage URI',
    resources: 'Resources',
    cpuRequest: 'CPU request',
    memoryRequest: 'Memory request',
    cpuLimit: 'CPU limit',
    memoryLimit: 'Memory limit',
    replicas: 'Replicas',
    minReplicas: 'Min replicas',
    maxReplicas: 'Max replicas',
  },
  choose: 'Choose…',
  anyVersion: 'Any version',
  notOffered: '{{value}} (no runtime offers it)',
  autoRuntime: 'Chosen by KServe: {{runtime}}',
  autoRuntimeNone: 'Chosen by KServe (none fits)',
  runtimeOption: '{{name}} ({{scope}})',
  runtimeOptionAuto: '{{name}} ({{scope}}, auto-select, priority {{priority}})',
  runtimeOptionAutoNoPriority: '{{name}} ({{scope}}, auto-select)',
  scopeNamespace: 'namespace',
  scopeCluster: 'cluster',
  defaultProtocol: 'Runtime default: {{protocol}}',
  defaultProtocolUnknown: 'Runtime default',
  selection: 'KServe will run it on {{runtime}} with protocol {{protocol}}.',
  uriHint: 'KServe reads {{schemes}}, Azure blob URLs and local paths; a ClusterStorageContainer may add more.',
  uriScheme: 'Scheme: {{scheme}}',
  replicasHint: 'Empty: KServe’s default (1). Max 0: no maximum.',
  problems: {
    required: 'Required.',
    nameFormat: 'Lower-case letters, digits and "-", starting with a letter and ending with a letter or digit.',
    nameTooLong: 'At most 63 characters.',
    noRuntime:
      'No runtime you can see auto-selects this format with this protocol: choose a runtime or another protocol.',
    runtimeNotFound: 'No ServingRuntime or ClusterServingRuntime of this name is visible.',
    runtimeDisabled: 'This runtime is disabled.',
    runtimeFormat: 'This runtime does not list this format (and version).',
    runtimeProtocol: 'This runtime does not speak this protocol.',
    unsupportedScheme: '{{scheme}}:// is not a scheme KServe reads (unless a ClusterStorageContainer declares it).',
    quantity: 'Not a Kubernetes quantity (e.g. 500m, 1, 2Gi).',
    limitBelowRequest: 'The limit is below the request.',
    wholeNumber: 'A whole number, 0 or more.',
    minAboveMax: 'Min replicas is above max replicas.',
  },
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const createFormKo: Shape<typeof createFormEn> = {
  title: '입력 양식',
  intro:
    '선택지는 볼 수 있는 ServingRuntime과 ClusterServingRuntime에서 옵니다. 양식과 YAML은 하나의 초안이라, 한쪽에서 바꾸면 다른 쪽에도 보입니다.',
  loadingRuntimes: '런타임을 읽는 중…',
  runtimesFailed:
    '{{kind}}을(를) 읽지 못했습니다: {{message}}. 양식은 나머지로 선택지를 만들고, YAML은 제한이 없습니다.',
  namespaced: 'ServingRuntime',
  cluster: 'ClusterServingRuntime',
  noFormats:
    '볼 수 있는 런타임 중 Model 형식을 제공하는 것이 없습니다. YAML을 직접 쓰거나 ServingRuntime을 요청하세요.',
  unreadable: {
    syntax: 'YAML에 문법 오류가 있습니다. 편집기에서 고치면 양식을 다시 쓸 수 있습니다.',
    several: 'YAML에 문서가 여러 개 있습니다. 양식은 InferenceService 하나만 편집하며, 문서는 모두 함께 생성됩니다.',
    notIsvc: 'YAML이 InferenceService가 아닙니다. 양식은 InferenceService만 편집합니다.',
  },
  fields: {
    name: '이름',
    format: 'Model 형식',
    version: '형식 버전',
    runtime: '런타임',
    protocol: 'Protocol',
    storageUri: 'Storage URI',
    resources: '리소스',
    cpuRequest: 'CPU 요청',
    memoryRequest: '메모리 요청',
    cpuLimit: 'CPU 제한',
    memoryLimit: '메모리 제한',
    replicas: '레플리카',
    minReplicas: '최소 레플리카',
    maxReplicas: '최대 레플리카',
  },
  choose: '선택…',
  anyVersion: '모든 버전',
  notOffered: '{{value}} (제공하는 런타임 없음)',
  autoRuntime: 'KServe가 선택: {{runtime}}',
  autoRuntimeNone: 'KServe가 선택 (맞는 런타임 없음)',
  runtimeOption: '{{name}} ({{scope}})',
  runtimeOptionAuto: '{{name}} ({{scope}}, 자동 선택, 우선순위 {{priority}})',
  runtimeOptionAutoNoPriority: '{{name}} ({{scope}}, 자동 선택)',
  scopeNamespace: 'namespace',
  scopeCluster: '클러스터',
  defaultProtocol: '런타임 기본값: {{protocol}}',
  defaultProtocolUnknown: '런타임 기본값',
  selection: 'KServe는 {{runtime}}에서 Protocol {{protocol}}로 실행합니다.',
  uriHint:
    'KServe는 {{schemes}}, Azure blob URL과 로컬 경로를 읽습니다. ClusterStorageContainer가 더 추가할 수 있습니다.',
  uriScheme: '스킴: {{scheme}}',
  replicasHint: '비우면 KServe 기본값(1)입니다. 최대 0은 제한 없음입니다.',
  problems: {
    required: '필수입니다.',
    nameFormat: '소문자, 숫자, "-"만 쓰며 문자로 시작하고 문자나 숫자로 끝나야 합니다.',
    nameTooLong: '최대 63자입니다.',
    noRuntime: '이 형식을 이 Protocol로 자동 선택하는 런타임이 없습니다. 런타임이나 다른 Protocol을 고르세요.',
    runtimeNotFound: '이 이름의 ServingRuntime이나 ClusterServingRuntime이 보이지 않습니다.',
    runtimeDisabled: '이 런타임은 꺼져 있습니다.',
    runtimeFormat: '이 런타임은 이 형식(과 버전)을 지원하지 않습니다.',
    runtimeProtocol: '이 런타임은 이 Protocol을 지원하지 않습니다.',
    unsupportedScheme: '{{scheme}}://는 KServe가 읽는 스킴이 아닙니다(ClusterStorageContainer가 선언하지 않는 한).',
    quantity: 'Kubernetes 수량이 아닙니다(예: 500m, 1, 2Gi).',
    limitBelowRequest: '제한이 요청보다 작습니다.',
    wholeNumber: '0 이상의 정수여야 합니다.',
    minAboveMax: '최소 레플리카가 최대 레플리카보다 큽니다.',
  },
};

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type CreateFormKey = Leaves<typeof createFormEn>;
