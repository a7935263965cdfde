/** InferenceGraph views (registry kind INFERENCE_GRAPH): list, details with the drawing, YAML, console. */
import './graph.css';

export { GRAPH_TABS, GraphDetailsPage, type GraphTab } from './components/GraphDetailsPage';
export { GraphListPage } from './components/GraphListPage';
