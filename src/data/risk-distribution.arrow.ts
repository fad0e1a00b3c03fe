// Publishes the engine's "risk-distribution" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("risk-distribution");
