/** The History tab alone: the app imports it lazily (its own chunk, with the diff view's Monaco). */
export { HistoryTab } from './components/HistoryTab';
