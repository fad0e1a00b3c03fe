/**
 * The report's frame: cohorts with their counts, models with their hashes, the locked
 * thresholds with where each came from, the per-patient predictions (pseudonymous, omitted in
 * aggregate-only mode) and the study document with fingerprints and conventions.
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import type { StudyFingerprint } from "../artifacts/fingerprint.ts";
import type { Study } from "../io/study-types.ts";
import type { ChosenThreshold } from "../locks/choose-thresholds.ts";
import type { ThresholdLock } from "../locks/threshold-lock.ts";
import { thresholdModelId } from "./locked-thresholds.ts";
import type { PreparedCohort } from "./prepare-cohorts.ts";

function outcomeText(study: Study, p: PreparedCohort): string {
  const o = p.cohort.outcome;
  if (o.kind === "binary") return `column ${o.column} (${o.positive} = positive)`;
  const events = o.events.map((e) => `${e.event} by ${e.time}`).join(" or ");
  return `event (${events}) within ${o.horizonDays} days; patients censored before then are excluded`;
}

function cohortRows(study: Study, prepared: readonly PreparedCohort[]): ResultRow[] {
  return prepared.map((p) => ({
    cohortId: p.cohort.id, label: p.cohort.label, role: p.cohort.role, file: p.cohort.table, fileSha256: p.fileSha256,
    rows: p.table.nRows, includedBinary: p.outcome.nIncluded, events: p.outcome.nEvents,
    nonEvents: p.outcome.nIncluded - p.outcome.nEvents, excludedByOutcomeDefinition: p.outcome.nExcluded,
    excludedMissingPrediction: Math.max(0, ...p.predictions.map((q) => q.missing)),
    survivalRows: p.survival ? p.survival.time.length : null,
    survivalEvents: p.survival ? p.survival.event.reduce((a, b) => a + b, 0) : null,
    outcomeDefinition: outcomeText(study, p), survivalEndpoint: p.cohort.survival?.label ?? null,
  }));
}

function modelRows(study: Study, prepared: readonly PreparedCohort[], lock: ThresholdLock | null): ResultRow[] {
  return study.models.map((model) => {
    const run = prepared[0]?.predictions.find((q) => q.model.id === model.id);
    const locked = lock?.models.find((m) => m.id === model.id);
    return {
      modelId: model.id, label: model.label, primary: model.primary, sourceKind: model.source.kind,
      file: model.source.kind !== "predictions" ? model.source.file : null,
      sha256: locked?.sha256 ?? (model.source.kind !== "predictions" ? model.source.sha256 : null),
      inputElementType: run?.inputElementType ?? null, featureCount: model.features.length,
      features: model.source.kind === "onnx-image"
        ? `${model.source.patch.toUpperCase()} lesion patches of ${model.source.sequences.join(" + ")}`
        : model.features.map((f) => f.name).join(", "),
      discriminationScore: run?.logit ? "logit" : "probability",
    };
  });
}

function thresholdRows(study: Study, lock: ThresholdLock | null, thresholds: readonly ChosenThreshold[]): ResultRow[] {
  return thresholds.map((t) => {
    const rule = study.thresholds!.rules.find((r) => r.id === t.id)!;
    const achieved = rule.rule === "highest-threshold-with-sensitivity-at-least" ? t.sensitivity : t.specificity;
    return {
      thresholdId: t.id, label: rule.label, rule: rule.rule, ruleValue: rule.value, chosenOn: study.thresholds!.chooseOn,
      probability: t.probability, logit: Math.log(t.probability / (1 - t.probability)), modelId: thresholdModelId(study),
      modelSha256: lock?.models.find((m) => m.id === thresholdModelId(study))?.sha256 ?? null,
      lockedAt: lock?.lockedAt ?? null, achieved, sensitivityOnDevelopment: t.sensitivity, specificityOnDevelopment: t.specificity,
    };
  });
}

function predictionRows(study: Study, prepared: readonly PreparedCohort[]): ResultRow[] {
  if (study.publication.aggregateOnly) return [];
  const primaryId = thresholdModelId(study);
  return prepared.flatMap((p) => {
    const prediction = p.predictions.find((q) => q.model.id === primaryId)!;
    return p.pseudonyms.map((patient, i) => ({
      cohortId: p.cohort.id, patient,
      // A stored prediction may be missing (NaN): published as null, like every missing value.
      logit: prediction.logit && !Number.isNaN(prediction.logit[i]) ? prediction.logit[i] : null,
      probability: Number.isNaN(prediction.probability[i]) ? null : prediction.probability[i],
      outcome: p.outcome.outcome[i] === -1 ? null : p.outcome.outcome[i],
      time: p.survival ? p.survival.time[i] : null, event: p.survival ? p.survival.event[i] : null,
    }));
  });
}

/** The participant flow of each cohort: file rows, rows of the cohort, each exclusion, eligible. */
function flowRows(prepared: readonly PreparedCohort[]): ResultRow[] {
  return prepared.flatMap((p) => {
    const f = p.flow;
    const base = { cohortId: p.cohort.id };
    return [
      { ...base, step: "records", label: "Records in the table", count: f.tableRows, order: 0 },
      ...(f.notInCohort > 0 ? [{ ...base, step: "other-split", label: "Records of another cohort sharing the table", count: f.notInCohort, order: 1 }] : []),
      { ...base, step: "in-cohort", label: "Records of this cohort", count: f.inCohort, order: 2 },
      ...f.excluded.map((e, k) => ({ ...base, step: "excluded", label: e.reason, count: e.count, order: 3 + k })),
      { ...base, step: "eligible", label: "Eligible patients", count: f.eligible, order: 3 + f.excluded.length },
      { ...base, step: "analysed-binary", label: "With a known outcome (binary analyses)", count: p.outcome.nIncluded, order: 4 + f.excluded.length },
    ];
  });
}

/** Table 1, long: one row per continuous variable, or per level of a categorical one. */
function table1Rows(prepared: readonly PreparedCohort[]): ResultRow[] {
  return prepared.flatMap((p) =>
    p.table1.flatMap((v, order): ResultRow[] =>
      v.kind === "continuous"
        ? [{ cohortId: p.cohort.id, variable: v.column, label: v.label, kind: v.kind, level: null, n: v.n, missing: v.missing, percentage: null, median: v.median, firstQuartile: v.firstQuartile, thirdQuartile: v.thirdQuartile, mean: v.mean, standardDeviation: v.standardDeviation, order }]
        : v.levels.map((l) => ({ cohortId: p.cohort.id, variable: v.column, label: v.label, kind: v.kind, level: l.level, n: l.n, missing: v.missing, percentage: l.percentage, median: null, firstQuartile: null, thirdQuartile: null, mean: null, standardDeviation: null, order })),
    ),
  );
}

export function summaryTables(study: Study, prepared: readonly PreparedCohort[], lock: ThresholdLock | null, thresholds: readonly ChosenThreshold[]): ResultTable[] {
  return [
    {
      name: "cohorts",
      columns: {
        cohortId: "string", label: "string", role: "string", file: "string", fileSha256: "string", rows: "number",
        includedBinary: "number", events: "number", nonEvents: "number", excludedByOutcomeDefinition: "number",
        excludedMissingPrediction: "number",
        survivalRows: "number", survivalEvents: "number", outcomeDefinition: "string", survivalEndpoint: "string",
      },
      rows: cohortRows(study, prepared),
    },
    {
      name: "models",
      columns: {
        modelId: "string", label: "string", primary: "boolean", sourceKind: "string", file: "string", sha256: "string",
        inputElementType: "string", featureCount: "number", features: "string", discriminationScore: "string",
      },
      rows: modelRows(study, prepared, lock),
    },
    {
      name: "locked-thresholds",
      columns: {
        thresholdId: "string", label: "string", rule: "string", ruleValue: "number", chosenOn: "string", probability: "number",
        logit: "number", modelId: "string", modelSha256: "string", lockedAt: "string", achieved: "number",
        sensitivityOnDevelopment: "number", specificityOnDevelopment: "number",
      },
      rows: thresholdRows(study, lock, thresholds),
    },
    {
      name: "flow",
      columns: { cohortId: "string", step: "string", label: "string", count: "number", order: "number" },
      rows: flowRows(prepared),
    },
    {
      name: "table1",
      columns: {
        cohortId: "string", variable: "string", label: "string", kind: "string", level: "string", n: "number", missing: "number",
        percentage: "number", median: "number", firstQuartile: "number", thirdQuartile: "number", mean: "number",
        standardDeviation: "number", order: "number",
      },
      rows: table1Rows(prepared),
    },
    {
      name: "predictions",
      columns: { cohortId: "string", patient: "string", logit: "number", probability: "number", outcome: "number", time: "number", event: "number" },
      rows: predictionRows(study, prepared),
    },
  ];
}

export function studyDocument(study: Study, fingerprint: StudyFingerprint, primaryModelId: string) {
  return {
    title: study.title,
    description: study.description,
    fingerprint: fingerprint.combined,
    studyFingerprint: fingerprint.study,
    engineFingerprint: fingerprint.engine,
    seed: study.seed,
    bootstrapReplicates: study.bootstrapReplicates,
    direction: study.direction,
    publicationMode: study.publication.aggregateOnly ? "aggregate" : "full",
    minimumCellCount: study.publication.minimumCellCount,
    primaryModelId,
    // When these numbers were computed; a rebuild with the same fingerprint reuses them.
    builtAt: new Date().toISOString(),
    conventions: {
      positive: "A patient is called positive when the predicted probability is at or above the threshold (>=).",
      ties: "In the AUC a tied case/control pair counts one half.",
      aucInterval: "AUC 95% CI by DeLong's method (mid-rank algorithm), clipped to [0, 1]; also a stratified percentile bootstrap.",
      proportions: "Proportions with Wilson score and Clopper-Pearson exact 95% CIs.",
      survival: "Kaplan-Meier with Greenwood variance and log-transformed 95% CIs; Cox models with Efron ties.",
      quantiles: "Risk groups by type-7 sample quantiles (R's default), right-closed.",
    },
  };
}
