/**
 * The engine: a study folder in, every result table of the report out.
 *
 * Steps: load and check study.json; read, check and score every cohort with every model;
 * verify the model files and the threshold lock; then discrimination, thresholds, calibration,
 * decision curves, survival and subgroups, each on the rows its outcome defines. Any bad input
 * throws, so the loader exits non-zero and nothing is published.
 */
import { join } from "node:path";
import type { ResultTable } from "../artifacts/arrow-table.ts";
import type { StudyFingerprint } from "../artifacts/fingerprint.ts";
import type { StudyResults } from "../artifacts/results-cache.ts";
import { loadStudy } from "../io/study-config.ts";
import type { Study } from "../io/study-types.ts";
import type { Logger } from "../log.ts";
import { verifyModelHash } from "../model/model-hash.ts";
import type { ChosenThreshold } from "../locks/choose-thresholds.ts";
import type { ThresholdLock } from "../locks/threshold-lock.ts";
import { calibrationTables } from "./calibration-tables.ts";
import { decisionTables } from "./decision-tables.ts";
import { discriminationTables } from "./discrimination-tables.ts";
import { lockedThresholds, thresholdModelId } from "./locked-thresholds.ts";
import { prepareCohort, type PreparedCohort } from "./prepare-cohorts.ts";
import { scoredCohorts, survivalCohorts } from "./score-rows.ts";
import { studyDocument, summaryTables } from "./summary-tables.ts";
import { subgroupTables } from "./subgroup-tables.ts";
import { survivalTables } from "./survival-tables.ts";
import { thresholdTables } from "./threshold-tables.ts";

export interface RunOptions {
  logger: Logger;
  fingerprint: StudyFingerprint;
}

function applyLock(study: Study, prepared: readonly PreparedCohort[]): { lock: ThresholdLock | null; thresholds: ChosenThreshold[] } {
  if (!study.thresholds) return { lock: null, thresholds: [] };
  const development = prepared.find((p) => p.cohort.id === study.thresholds!.chooseOn)!;
  return lockedThresholds(study, development);
}

export async function runStudy(studyDir: string, options: RunOptions): Promise<StudyResults> {
  const { logger } = options;
  const started = Date.now();
  const study = loadStudy(studyDir);
  logger.info(`study "${study.title}": ${study.cohorts.length} cohorts, ${study.models.length} models`);

  for (const model of study.models) {
    if (model.source.kind !== "predictions") {
      await verifyModelHash(join(study.dir, model.source.file), model.source.sha256, { studyFile: join(study.dir, "study.json") });
    }
  }
  const prepared: PreparedCohort[] = [];
  for (const cohort of study.cohorts) prepared.push(await prepareCohort(study, cohort, logger));
  const { lock, thresholds } = applyLock(study, prepared);

  const scored = scoredCohorts(study, prepared);
  const resampling = { seed: study.seed, replicates: study.bootstrapReplicates };
  const primaryId = thresholdModelId(study);
  const primary = scored.filter((s) => s.model.id === primaryId);
  const tables: ResultTable[] = [
    ...summaryTables(study, prepared, lock, thresholds),
    ...discriminationTables(scored, resampling, logger),
    ...thresholdTables(primary, thresholds),
    ...calibrationTables(primary),
    ...decisionTables(primary, resampling, logger),
    ...subgroupTables(primary, study.publication.minimumCellCount),
    ...survivalTables(study.survivalAnalysis ? survivalCohorts(study, prepared) : [], study.survivalAnalysis ?? { riskGroups: { kind: "quantiles", probabilities: [], labels: [], score: "logit" }, times: [] }, thresholds),
  ];
  for (const p of prepared) {
    const events = p.outcome.nEvents;
    logger.info(`${p.cohort.id} (${p.cohort.role}): ${p.table.nRows} rows, ${p.outcome.nIncluded} with a binary outcome, ${events} events`);
  }
  logger.info(`engine finished in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${study.seed}, B = ${study.bootstrapReplicates})`);
  return { tables, documents: { study: studyDocument(study, options.fingerprint, primaryId) } };
}
