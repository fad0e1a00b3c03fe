// Publishes the engine's "locked-thresholds" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("locked-thresholds");
