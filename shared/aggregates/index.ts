/** The aggregates: running counters kept by the stream aggregator, and the report body read from them. */
export { type ApplyResult, applyChanges, type TableChange } from './apply.ts';
export { type Contribution, contributionsOf, DEFAULT_WEIGHTS, deltaOf } from './contributions.ts';
export { rankScores } from './figures.ts';
export {
  cellsFromItems,
  countersByCell,
  rebuildAggregates,
  recomputeAggregates,
  SourceTally,
} from './recompute.ts';
export { assembleReportBody, type BuildReportOptions, buildReportBody, decideSuppression } from './report.ts';
export { readQuarter, type StoredCell } from './store.ts';
export { SUPPRESSION_RULE, suppressRankingLine, suppressTable, THRESHOLD } from './suppression.ts';
export { type VerifyOptions, type VerifyResult, verifyPeriod, verifyTally } from './verify.ts';
