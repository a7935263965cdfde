/**
 * The TrainedModel feature's strings, as the i18next namespace `trainedModels` (registered when it loads).
 * Same rules as src/i18n/locales: `{{x}}` is filled in.
 */
export const trainedModelsEn = {
  title: 'Trained models',
  intro: 'TrainedModels loaded into this InferenceService (multi-model serving). Each is served at /v1/models/NAME.',
  loading: 'the trained models',
  failed: 'Could not list the trained models',
  empty: 'No TrainedModel names this InferenceService.',
  columns: {
    name: 'Name',
    status: 'Status',
    framework: 'Framework',
    storageUri: 'Storage URI',
    memory: 'Memory',
    url: 'URL',
    test: 'Console',
  },
  test: 'Test {{name}}',
  none: '–',
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const trainedModelsKo: Shape<typeof trainedModelsEn> = {
  title: 'TrainedModel',
  intro: '이 InferenceService에 올린 TrainedModel입니다(멀티 모델 서빙). 각각 /v1/models/NAME에서 서빙됩니다.',
  loading: 'TrainedModel',
  failed: 'TrainedModel 목록을 조회하지 못했습니다',
  empty: '이 InferenceService를 지정한 TrainedModel이 없습니다.',
  columns: {
    name: '이름',
    status: '상태',
    framework: '프레임워크',
    storageUri: 'Storage URI',
    memory: '메모리',
    url: 'URL',
    test: '콘솔',
  },
  test: '{{name}} 테스트',
  none: '–',
};

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type TrainedModelsKey = Leaves<typeof trainedModelsEn>;
