export { CreateIsvcPage } from './components/CreateIsvcPage';
export { IsvcYamlEditor } from './components/IsvcYamlEditor';
