export {
  CATEGORIES,
  CorpusHeaderError,
  SCRIPTS_DIR,
  loadCorpus,
  parseCase,
  parseOutcome,
  type Category,
  type CorpusCase,
  type FollowUp,
  type Outcome,
} from './corpus.js';
export { ERROR_CLASSES, type ErrorClass } from './error-classes.js';
