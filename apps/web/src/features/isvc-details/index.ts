export { DETAIL_TABS, type DetailTab, IsvcDetailsPage } from './components/IsvcDetailsPage';
export { ModelReadinessCard } from './readiness/ModelReadinessCard';
