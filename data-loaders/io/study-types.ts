/**
 * The study contract: what `study.json` holds once `loadStudy` has checked it. Every cohort,
 * model, outcome and threshold rule the report shows comes from here; nothing in the engine
 * names a particular cohort, assumes two cohorts or assumes one model.
 */

/** Which way the score points. Fixed by the study and never flipped to make an AUC look better. */
export type ScoreDirection =
  | "higher-score-more-likely-positive"
  | "lower-score-more-likely-positive";

/** development: fits models and picks thresholds; external-test: locked model evaluated once. */
export type CohortRole = "development" | "internal-validation" | "external-test";

/** How an event column is coded. "0/1" also accepts TRUE/FALSE written as text or logical. */
export type EventCoding = "0=censored,1=event" | "1=censored,2=event";

/**
 * One model input, computed from one cohort column. Exactly one of these shapes:
 * - `{ name, column }`: the number as it is;
 * - `{ name, column, equals, levels? }`: 1 when the value equals `equals`, else 0 (an indicator);
 *   `levels` lists every value the column may hold, so a misspelt category is refused rather
 *   than silently encoded as 0;
 * - `{ name, column, capAt?, transform? }`: min(value, capAt), then the transform
 *   ("log1p": ln(1 + value), "log": ln(value)).
 */
export interface FeatureSpec {
  name: string;
  column: string;
  equals?: string | number;
  levels?: (string | number)[];
  capAt?: number;
  transform?: "log1p" | "log";
}

/** A model file run by the engine. `outputs` names the graph outputs to read. */
export interface OnnxSource {
  kind: "onnx";
  /** Path relative to the study folder. */
  file: string;
  /** SHA-256 of the file recorded when the model was locked (64 lower-case hex digits). */
  sha256: string;
  /** Name of the graph input that takes the n × k feature matrix. */
  input: string;
  outputs: { logit?: string; probability: string };
}

/** Predictions computed elsewhere and stored as columns of each cohort table. */
/**
 * An image model run by the engine on per-lesion patches of the listed MRI sequences (in this
 * order, one channel each); the patient's prediction comes from the model's own pooling over
 * lesions. It takes no tabular features: every cohort must declare `images` with these sequences.
 */
export interface OnnxImageSource {
  kind: "onnx-image";
  /** Path relative to the study folder. */
  file: string;
  /** SHA-256 of the file recorded when the model was locked (64 lower-case hex digits). */
  sha256: string;
  /** Name of the graph input that takes the lesion patches. */
  input: string;
  /** Patch geometry: a 3D block, a few neighbouring slices (2.5D) or one slice (2D). */
  patch: ImagePatchKind;
  /** Sequence names, in the model's channel order. */
  sequences: string[];
  outputs: { logit?: string; probability: string };
}

export type ImagePatchKind = "3d" | "2.5d" | "2d";

export interface PredictionsSource {
  kind: "predictions";
  probabilityColumn: string;
  logitColumn?: string;
}

export interface ModelConfig {
  id: string;
  label: string;
  primary: boolean;
  source: OnnxSource | PredictionsSource | OnnxImageSource;
  /** Inputs in the order the model expects them; empty for predictions and image models. */
  features: FeatureSpec[];
}

/**
 * A column computed from others before anything else reads the table:
 * - `{ copy }`: the same values under a new name;
 * - `{ cut, breaks, labels }`: numbers grouped into right-closed intervals (−∞, b1], (b1, b2], …,
 *   (bk, ∞) labelled in order, as R's cut(right = TRUE);
 * - `{ daysBetween: { from, to } }`: to − from in whole calendar days, from ISO dates.
 */
export type DeriveSpec =
  | { copy: string }
  | { cut: string; breaks: number[]; labels: string[] }
  | { daysBetween: { from: string; to: string } };

export interface HorizonEvent {
  event: string;
  time: string;
  coding?: EventCoding;
}

/**
 * The binary outcome each cohort is scored on.
 * - `binary`: a 0/1 column (or two declared values `positive` / `negative`).
 * - `event-within-horizon`: 1 if any listed event happened at or before `horizonDays`, 0 if none
 *   did and every listed time is beyond the horizon, otherwise excluded (censored before it).
 */
export type OutcomeSpec =
  | { kind: "binary"; column: string; positive: string | number; negative: string | number }
  | { kind: "event-within-horizon"; horizonDays: number; events: HorizonEvent[] };

/** A survival endpoint read from a follow-up time column (days) and an event indicator. */
export interface SurvivalSpec {
  time: string;
  event: string;
  timeUnit: "days";
  label: string;
  coding: EventCoding;
}

/**
 * A survival endpoint computed from calendar dates: the event date is the earliest non-missing
 * date among `events`; an event on or before the study's data cut-off counts at
 * (event date − start) days, otherwise the patient is censored at
 * (min(last follow-up, cut-off) − start) days.
 */
export interface DatedSurvivalSpec {
  label: string;
  /** The index date column (for example the surgery date). */
  start: string;
  /** Date columns of the events that end follow-up (OS: death; PFS: progression, death). */
  events: string[];
  /** The date the patient was last known to be event-free. */
  lastFollowUp: string;
}

export type SurvivalEndpointSpec = SurvivalSpec | DatedSurvivalSpec;

/** The subset of a table's rows that form a cohort: rows whose `column` equals `equals`. */
export interface CohortFilter {
  column: string;
  equals: string | number;
}

/**
 * What an eligible value looks like. Every stated condition must hold. A missing value fails
 * atLeast, atMost, equals, in and notMissing; it passes notIn (add notMissing to refuse it).
 * Values are compared as numbers when the rule holds numbers (atLeast, atMost, or numeric
 * equals/in/notIn), otherwise as text after trimming surrounding spaces.
 */
export interface EligibilityRule {
  atLeast?: number;
  atMost?: number;
  equals?: string | number;
  in?: (string | number)[];
  notIn?: (string | number)[];
  notMissing?: true;
}

/** One exclusion step of the flow diagram: rows failing `rule` on any of `columns`. */
export interface EligibilityCriterion {
  /** The flow diagram's wording of the exclusion, e.g. "Age under 18". */
  reason: string;
  /** The columns checked; with several, every column must pass. */
  columns: string[];
  rule: EligibilityRule;
}

/** Where a cohort's images are: `{folder}/{pattern}` with {id} and {name} filled in. */
export interface CohortImages {
  /** Folder relative to the study folder. */
  folder: string;
  /** Path inside the folder; {id} is the patient id, {name} a sequence or the mask name. */
  pattern: string;
  sequences: string[];
  /** Name of the lesion mask file (one integer label per metastasis). */
  mask: string;
}

export interface SubgroupSpec {
  column: string;
  label: string;
  /** Every level in display order, kept even when no patient has it. */
  levels: string[];
}

export interface CohortConfig {
  id: string;
  label: string;
  role: CohortRole;
  /** Path relative to the study folder: .csv, .arrow or .feather (Arrow IPC). */
  table: string;
  idColumn: string;
  derive: Record<string, DeriveSpec>;
  outcome: OutcomeSpec;
  /** The first survival endpoint, or null; kept so code written for one endpoint still works. */
  survival: SurvivalEndpointSpec | null;
  /** Every survival endpoint in study.json order (empty when there is none). */
  survivalEndpoints: SurvivalEndpointSpec[];
  /** Only rows matching the filter belong to the cohort (several cohorts may share a table). */
  filter: CohortFilter | null;
  /** Exclusion criteria in protocol order; a row is counted under the first one it fails. */
  eligibility: EligibilityCriterion[];
  images: CohortImages | null;
  subgroups: SubgroupSpec[];
  /**
   * Columns that directly identify a patient (names, record numbers, exact dates). They are
   * never published; the build scans the finished site for their values and stops if any
   * appears. The id column and every date column the config reads (daysBetween sources, dated
   * survival endpoints) are treated this way too: see identifyingColumns.
   */
  identifierColumns: string[];
}

export type ThresholdRuleKind =
  | "highest-threshold-with-sensitivity-at-least"
  | "lowest-threshold-with-specificity-at-least";

export interface ThresholdRule {
  id: string;
  label: string;
  rule: ThresholdRuleKind;
  value: number;
}

export interface ThresholdsConfig {
  /** Id of the development or internal-validation cohort the thresholds are chosen on. */
  chooseOn: string;
  /** Path relative to the study folder where chosen thresholds are locked. */
  lockFile: string;
  rules: ThresholdRule[];
}

export type RiskGroupsConfig =
  | { kind: "quantiles"; probabilities: number[]; labels: string[]; score: "logit" | "probability" }
  | { kind: "thresholds"; thresholds: number[]; labels: string[]; score: "logit" | "probability" };

export interface SurvivalAnalysisConfig {
  riskGroups: RiskGroupsConfig;
  /** Times (in days) at which survival is reported. */
  times: number[];
}

export interface PublicationConfig {
  /** Cells with fewer patients than this are suppressed in published tables; 0 shows all. */
  minimumCellCount: number;
  /** When true only aggregate results are published (no per-patient rows, even pseudonymised). */
  aggregateOnly: boolean;
}

/** One row block of Table 1 (patient characteristics), described per cohort. */
export type Table1Spec =
  | { column: string; label: string; kind: "continuous" }
  | { column: string; label: string; kind: "categorical"; levels: string[] };

export interface ImagingConfig {
  /** Every sequence name of the study, in the order images and model channels list them. */
  sequences: string[];
}

export interface StudyConfig {
  title: string;
  description: string;
  direction: ScoreDirection;
  seed: number;
  bootstrapReplicates: number;
  models: ModelConfig[];
  cohorts: CohortConfig[];
  thresholds: ThresholdsConfig | null;
  survivalAnalysis: SurvivalAnalysisConfig | null;
  publication: PublicationConfig;
  /** ISO date YYYY-MM-DD: nothing after it is seen by dated survival endpoints; null: none. */
  dataCutoff: string | null;
  table1: Table1Spec[];
  imaging: ImagingConfig | null;
}

/** A checked study: the config plus the absolute path of its folder. */
export interface Study extends StudyConfig {
  dir: string;
}
