export { TrainedModelsSection } from './TrainedModelsSection';
