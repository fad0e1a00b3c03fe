// Publishes the engine's "roc-curve" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("roc-curve");
