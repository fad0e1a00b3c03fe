/**
 * Discrimination results for every model on every cohort: AUC with DeLong and stratified
 * bootstrap 95% CIs, the empirical ROC curve, a pointwise bootstrap band of sensitivity at fixed
 * specificities, the Youden point (exploratory) and paired DeLong tests of each model against
 * the primary one.
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import type { Logger } from "../log.ts";
import { bootstrapAuc } from "../stats/auc-bootstrap.ts";
import { delong } from "../stats/delong.ts";
import { holmAdjust } from "../stats/holm.ts";
import { pairedDelong } from "../stats/paired-delong.ts";
import { rocConfidenceBand } from "../stats/roc-confidence-band.ts";
import { rocCurve } from "../stats/roc-curve.ts";
import { youdenPoints } from "../stats/youden.ts";
import { keys, type ScoredCohort } from "./scored-cohort.ts";

export interface ResamplingSettings {
  seed: number;
  replicates: number;
}

/** A threshold on the score scale shown as a probability: the score is a logit or already one. */
function asProbability(scored: ScoredCohort, threshold: number): number | null {
  if (!Number.isFinite(threshold)) return null;
  return scored.scoreName === "logit" ? 1 / (1 + Math.exp(-threshold)) : threshold;
}

function aucRow(scored: ScoredCohort, resampling: ResamplingSettings): ResultRow {
  const base = { ...keys(scored), role: scored.cohort.role, n: scored.outcome.length, seed: resampling.seed };
  const events = scored.outcome.reduce((sum, y) => sum + y, 0);
  const result = delong(scored.score, scored.outcome, scored.direction);
  const row: ResultRow = {
    ...base,
    events,
    auc: result.notEstimableReason ? null : result.auc,
    standardError: result.standardError,
    ciLower: result.ciLower,
    ciUpper: result.ciUpper,
    bootstrapCiLower: null,
    bootstrapCiUpper: null,
    bootstrapReplicates: resampling.replicates,
    notEstimableReason: result.notEstimableReason,
  };
  if (!result.notEstimableReason) {
    const boot = bootstrapAuc(scored.score, scored.outcome, scored.direction, resampling);
    row.bootstrapCiLower = boot.ciLower;
    row.bootstrapCiUpper = boot.ciUpper;
  }
  return row;
}

function curveRows(scored: ScoredCohort): ResultRow[] {
  const curve = rocCurve(scored.score, scored.outcome, scored.direction);
  return Array.from(curve.thresholds, (threshold, i) => ({
    ...keys(scored),
    thresholdProbability: asProbability(scored, threshold),
    sensitivity: curve.sensitivity[i],
    specificity: curve.specificity[i],
    falsePositiveRate: 1 - curve.specificity[i],
  }));
}

function bandRows(scored: ScoredCohort, resampling: ResamplingSettings): ResultRow[] {
  const band = rocConfidenceBand(scored.score, scored.outcome, scored.direction, resampling);
  return band.points.map((point) => ({
    ...keys(scored),
    specificity: point.specificity,
    falsePositiveRate: 1 - point.specificity,
    sensitivity: point.sensitivity,
    ciLower: point.ciLower,
    ciUpper: point.ciUpper,
  }));
}

function youdenRows(scored: ScoredCohort): ResultRow[] {
  const curve = rocCurve(scored.score, scored.outcome, scored.direction);
  return youdenPoints(curve).map((point) => ({
    ...keys(scored),
    thresholdProbability: asProbability(scored, point.threshold),
    sensitivity: point.sensitivity,
    specificity: point.specificity,
  }));
}

/** Paired DeLong tests of every model against the primary, Holm-adjusted within each cohort. */
function pairedRows(all: readonly ScoredCohort[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const primary of all.filter((s) => s.model.primary)) {
    const start = rows.length;
    for (const other of all.filter((s) => s.cohort.id === primary.cohort.id && !s.model.primary)) {
      const test = pairedDelong(primary.score, other.score, primary.outcome, primary.direction, other.direction);
      rows.push({
        cohortId: primary.cohort.id,
        modelA: primary.model.id,
        modelB: other.model.id,
        aucA: test.aucA,
        aucB: test.aucB,
        difference: test.difference,
        ciLower: test.ciLower,
        ciUpper: test.ciUpper,
        z: test.z,
        pValue: test.pValue,
        pValueHolm: null,
      });
    }
    const adjusted = holmAdjust(rows.slice(start).map((row) => row.pValue as number | null));
    adjusted.forEach((p, k) => (rows[start + k].pValueHolm = p));
  }
  return rows;
}

/** The discrimination result tables; classes present is checked per cohort before. */
export function discriminationTables(
  scored: readonly ScoredCohort[],
  resampling: ResamplingSettings,
  logger: Logger,
): ResultTable[] {
  const estimable = scored.filter((s) => s.outcome.includes(0) && s.outcome.includes(1));
  const started = Date.now();
  logger.info(`discrimination: ${scored.length} model × cohort pairs, bootstrap B = ${resampling.replicates}, seed ${resampling.seed}`);
  const tables: ResultTable[] = [
    {
      name: "auc",
      columns: {
        modelId: "string", cohortId: "string", role: "string", n: "number", events: "number", auc: "number",
        standardError: "number", ciLower: "number", ciUpper: "number", bootstrapCiLower: "number",
        bootstrapCiUpper: "number", bootstrapReplicates: "number", seed: "number", notEstimableReason: "string",
      },
      rows: scored.map((s) => aucRow(s, resampling)),
      metadata: { seed: String(resampling.seed), bootstrapReplicates: String(resampling.replicates) },
    },
    {
      name: "roc-curve",
      columns: { modelId: "string", cohortId: "string", thresholdProbability: "number", sensitivity: "number", specificity: "number", falsePositiveRate: "number" },
      rows: estimable.flatMap(curveRows),
    },
    {
      name: "roc-band",
      columns: { modelId: "string", cohortId: "string", specificity: "number", falsePositiveRate: "number", sensitivity: "number", ciLower: "number", ciUpper: "number" },
      rows: estimable.flatMap((s) => bandRows(s, resampling)),
      metadata: { seed: String(resampling.seed), bootstrapReplicates: String(resampling.replicates) },
    },
    {
      name: "youden",
      columns: { modelId: "string", cohortId: "string", thresholdProbability: "number", sensitivity: "number", specificity: "number" },
      rows: estimable.flatMap(youdenRows),
    },
    {
      name: "paired-delong",
      columns: { cohortId: "string", modelA: "string", modelB: "string", aucA: "number", aucB: "number", difference: "number", ciLower: "number", ciUpper: "number", z: "number", pValue: "number", pValueHolm: "number" },
      rows: pairedRows(estimable),
    },
  ];
  logger.info(`discrimination done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tables;
}
