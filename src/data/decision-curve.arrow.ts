// Publishes the engine's "decision-curve" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("decision-curve");
