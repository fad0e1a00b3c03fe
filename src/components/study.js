// Facts about the study that every page needs: cohort order and labels, the primary model,
// panel sizes.
import { cohortPanelLabel } from "./format.js";

const roleOrder = { development: 0, "internal-validation": 1, "external-test": 2 };

/** Cohorts in reading order: development, internal validation, external test. */
export function orderedCohorts(cohortRows) {
  return [...cohortRows].sort((a, b) => (roleOrder[a.role] ?? 3) - (roleOrder[b.role] ?? 3));
}

/** cohortId → panel label ("GBSG (external test)"); unknown ids fall back to the id. */
export function cohortLabeller(cohortRows) {
  const byId = new Map(cohortRows.map((row) => [row.cohortId, row]));
  return (cohortId) => (byId.has(cohortId) ? cohortPanelLabel(byId.get(cohortId)) : cohortId);
}

/** The primary model's id: study.json's choice, else the model flagged primary, else the first. */
export function primaryModelId(study, modelRows) {
  const flagged = modelRows.find((row) => row.primary);
  return study?.primaryModelId ?? flagged?.modelId ?? modelRows[0]?.modelId;
}

/** modelId → label. */
export function modelLabeller(modelRows) {
  const byId = new Map(modelRows.map((row) => [row.modelId, row.label ?? row.modelId]));
  return (modelId) => byId.get(modelId) ?? modelId;
}

/**
 * Width of a full-width chart: the page width, capped at `largest`. Framework reports a width of
 * 0 before the page is laid out; charts are then drawn at `smallest` instead of with negative
 * frames.
 */
export function chartWidth(width, largest = 900, smallest = 480) {
  return Math.max(smallest, Math.min(largest, Math.floor(width || 0)));
}

/** Side length of a square panel when `columns` panels share the page width. */
export function panelSize(width, columns = 2, largest = 460) {
  const available = width >= 840 ? (width - 24 * (columns - 1)) / columns : width || 0;
  return Math.max(280, Math.min(largest, Math.floor(available)));
}

/** The study's conventions as a list of sentences, whether stored as an object or an array. */
export function conventionSentences(study) {
  const conventions = study?.conventions ?? [];
  return (Array.isArray(conventions) ? conventions : Object.values(conventions)).map(String);
}
