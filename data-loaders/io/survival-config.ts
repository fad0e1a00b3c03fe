/**
 * A cohort's `survival` key in study.json: one endpoint object or a list of them. An endpoint
 * either names a follow-up time column and an event indicator, or names calendar-date columns
 * (start, events, last follow-up) from which follow-up is computed with the data cut-off.
 */
import { isoDateToDays } from "./column-access.ts";
import type {
  DatedSurvivalSpec,
  EventCoding,
  SurvivalEndpointSpec,
  SurvivalSpec,
} from "./study-types.ts";
import {
  type ConfigNode,
  child,
  configError,
  has,
  readArray,
  readChoice,
  readObject,
  readString,
  refuseDuplicates,
} from "./config-reader.ts";

export const EVENT_CODINGS = ["0=censored,1=event", "1=censored,2=event"] as const;
/** Survival times are in days only; the horizon and report times are in days too. */
const DAYS_ONLY = ["days"] as const;
const COLUMN_KEYS = ["time", "event", "timeUnit", "coding"];
const DATE_KEYS = ["start", "events", "lastFollowUp"];

export function readCoding(node: ConfigNode): EventCoding {
  if (!has(node, "coding")) return "0=censored,1=event";
  return readChoice(child(node, "coding"), EVENT_CODINGS);
}

function readColumnEndpoint(node: ConfigNode): SurvivalSpec {
  readObject(node, ["time", "event"], ["timeUnit", "label", "coding"]);
  return {
    time: readString(child(node, "time")),
    event: readString(child(node, "event")),
    timeUnit: has(node, "timeUnit") ? readChoice(child(node, "timeUnit"), DAYS_ONLY) : "days",
    label: has(node, "label") ? readString(child(node, "label")) : "Survival",
    coding: readCoding(node),
  };
}

function readDatedEndpoint(node: ConfigNode): DatedSurvivalSpec {
  const mixed = COLUMN_KEYS.find((key) => has(node, key));
  if (mixed !== undefined) {
    configError(
      child(node, mixed).path,
      'cannot be combined with "start", "events" and "lastFollowUp": an endpoint is either time and event columns or dates',
      `remove "${mixed}", or describe the endpoint by its "time" and "event" columns alone`,
    );
  }
  readObject(node, ["label", ...DATE_KEYS]);
  const events = readArray(child(node, "events"), { minLength: 1 });
  refuseDuplicates(events, "event column");
  return {
    label: readString(child(node, "label")),
    start: readString(child(node, "start")),
    events: events.map((event) => readString(event)),
    lastFollowUp: readString(child(node, "lastFollowUp")),
  };
}

/** One endpoint; the date keys decide which kind it is. */
export function readSurvivalEndpoint(node: ConfigNode): SurvivalEndpointSpec {
  readObject(node, [], [...COLUMN_KEYS, "label", ...DATE_KEYS]);
  return DATE_KEYS.some((key) => has(node, key))
    ? readDatedEndpoint(node)
    : readColumnEndpoint(node);
}

/**
 * Reads `survival`: absent or null gives no endpoint; an object gives one; a list gives each in
 * order, with distinct labels (the report tells endpoints apart by label).
 */
export function readSurvivalEndpoints(node: ConfigNode): SurvivalEndpointSpec[] {
  if (node.value === undefined || node.value === null) return [];
  if (!Array.isArray(node.value)) return [readSurvivalEndpoint(node)];
  const nodes = readArray(node, { minLength: 1 });
  const endpoints = nodes.map(readSurvivalEndpoint);
  const labels = endpoints.map((endpoint, k) => ({
    value: endpoint.label,
    path: `${nodes[k].path}.label`,
  }));
  refuseDuplicates(labels, "endpoint label");
  return endpoints;
}

/** True for an endpoint computed from dates (start, events, last follow-up). */
export function isDatedEndpoint(spec: SurvivalEndpointSpec): spec is DatedSurvivalSpec {
  return "start" in spec;
}

/** Reads the study-level `dataCutoff`, an ISO calendar date YYYY-MM-DD; null when absent. */
export function readDataCutoff(node: ConfigNode): string | null {
  if (node.value === undefined || node.value === null) return null;
  const text = readString(node);
  if (isoDateToDays(text) === undefined || text !== text.trim()) {
    configError(
      node.path,
      `is ${JSON.stringify(text)}; expected a calendar date written YYYY-MM-DD`,
      'write the cut-off as an ISO date, for example "2026-05-01"',
    );
  }
  return text;
}
