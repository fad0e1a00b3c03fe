/**
 * The keys of a cohort in study.json that say which table rows form the cohort and which of
 * them are eligible: `filter` (several cohorts may share one table) and `eligibility` (the
 * protocol's exclusion criteria, in protocol order, each counted in the flow diagram).
 */
import type { CohortFilter, EligibilityCriterion, EligibilityRule } from "./study-types.ts";
import {
  type ConfigNode,
  child,
  configError,
  has,
  readArray,
  readBoolean,
  readCellValue,
  readNumber,
  readObject,
  readString,
  refuseDuplicates,
} from "./config-reader.ts";

const RULE_KEYS = ["atLeast", "atMost", "equals", "in", "notIn", "notMissing"];

/** Reads `filter`: `{ "column": "split", "equals": "training" }`, or null when absent. */
export function readFilter(node: ConfigNode): CohortFilter | null {
  if (node.value === undefined || node.value === null) return null;
  readObject(node, ["column", "equals"]);
  return {
    column: readString(child(node, "column")),
    equals: readCellValue(child(node, "equals"), '"training" or 1'),
  };
}

function readValueList(node: ConfigNode): (string | number)[] {
  const nodes = readArray(node, { minLength: 1 });
  refuseDuplicates(nodes, "value");
  return nodes.map((value) => readCellValue(value, '"adenocarcinoma" or 1'));
}

/** Numbers and text are never compared with each other, so one rule holds one kind. */
function refuseMixedKinds(node: ConfigNode, rule: EligibilityRule): void {
  const values = [rule.equals, ...(rule.in ?? []), ...(rule.notIn ?? [])];
  const kinds = new Set(values.filter((value) => value !== undefined).map((value) => typeof value));
  const bounded = rule.atLeast !== undefined || rule.atMost !== undefined;
  if (kinds.size > 1 || (bounded && kinds.has("string"))) {
    configError(
      node.path,
      "mixes numbers and text; a rule compares a column either as numbers or as text",
      "write every value of the rule as numbers (no quotes) or every value as text",
    );
  }
}

function refuseConflicts(node: ConfigNode, rule: EligibilityRule): void {
  if (rule.equals !== undefined && rule.in !== undefined) {
    configError(
      child(node, "in").path,
      'cannot be combined with "equals" (both list the eligible values)',
      'keep "in" with every eligible value, or "equals" with one',
    );
  }
  if (rule.atLeast !== undefined && rule.atMost !== undefined && rule.atLeast > rule.atMost) {
    configError(
      child(node, "atMost").path,
      `is ${rule.atMost}, below atLeast (${rule.atLeast}), so no value could be eligible`,
      "swap the two bounds or correct one of them",
    );
  }
}

/** Reads one rule: what an eligible value looks like. */
export function readEligibilityRule(node: ConfigNode): EligibilityRule {
  readObject(node, [], RULE_KEYS);
  if (!RULE_KEYS.some((key) => has(node, key))) {
    configError(
      node.path,
      "states no condition",
      `give at least one of ${RULE_KEYS.join(", ")}, for example { "atLeast": 18 }`,
    );
  }
  const rule: EligibilityRule = {};
  if (has(node, "atLeast")) rule.atLeast = readNumber(child(node, "atLeast"));
  if (has(node, "atMost")) rule.atMost = readNumber(child(node, "atMost"));
  if (has(node, "equals")) rule.equals = readCellValue(child(node, "equals"), "1 or \"yes\"");
  if (has(node, "in")) rule.in = readValueList(child(node, "in"));
  if (has(node, "notIn")) rule.notIn = readValueList(child(node, "notIn"));
  if (has(node, "notMissing")) {
    if (!readBoolean(child(node, "notMissing"))) {
      configError(
        child(node, "notMissing").path,
        "is false, which states nothing (missing values already pass only a notIn rule)",
        'remove "notMissing", or write true to exclude rows where the value is missing',
      );
    }
    rule.notMissing = true;
  }
  refuseConflicts(node, rule);
  refuseMixedKinds(node, rule);
  return rule;
}

function readCriterionColumns(node: ConfigNode): string[] {
  const given = ["column", "columns"].filter((key) => has(node, key));
  if (given.length !== 1) {
    configError(
      node.path,
      `gives ${given.length === 0 ? "no column" : '"column" and "columns"'}; expected exactly one of them`,
      'write "column": "age" for one column, or "columns": ["egfr", "alk"] when every listed column must pass',
    );
  }
  if (given[0] === "column") return [readString(child(node, "column"))];
  const columns = readArray(child(node, "columns"), { minLength: 1 });
  refuseDuplicates(columns, "column");
  return columns.map((column) => readString(column));
}

/** Reads one exclusion criterion: `{ reason, column | columns, rule }`. */
export function readEligibilityCriterion(node: ConfigNode): EligibilityCriterion {
  readObject(node, ["reason", "rule"], ["column", "columns"]);
  return {
    reason: readString(child(node, "reason")),
    columns: readCriterionColumns(node),
    rule: readEligibilityRule(child(node, "rule")),
  };
}

/** Reads `eligibility`: criteria in protocol order with distinct reasons; [] when absent. */
export function readEligibility(node: ConfigNode): EligibilityCriterion[] {
  if (node.value === undefined) return [];
  const nodes = readArray(node, { minLength: 1 });
  const criteria = nodes.map(readEligibilityCriterion);
  refuseDuplicates(nodes.map((criterion) => child(criterion, "reason")), "reason");
  return criteria;
}
