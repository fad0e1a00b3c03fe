// Observable Framework configuration for the study report. The pages, their order and the
// footer are fixed here; everything study-specific comes from the study folder through the
// data loaders (see README.md, "Pointing the report at a new study").
export default {
  title: "External validation report",
  root: "src",
  // scripts/build.ts builds into a temporary folder and renames it only when every check passes.
  output: process.env.REPORT_OUTPUT ?? "dist",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Participants", path: "/participants" },
    { name: "Discrimination", path: "/discrimination" },
    { name: "Model comparison", path: "/models" },
    { name: "Thresholds", path: "/thresholds" },
    { name: "Calibration", path: "/calibration" },
    { name: "Decision curve", path: "/decision-curve" },
    { name: "Survival", path: "/survival" },
    { name: "Subgroups", path: "/subgroups" },
    { name: "Methods", path: "/methods" },
  ],
  // The default theme links web fonts from the internet; the report must work offline.
  globalStylesheets: [],
  search: false,
  toc: false,
  footer: "Built from a locked model and its study folder; every number is recomputed at build time.",
};
