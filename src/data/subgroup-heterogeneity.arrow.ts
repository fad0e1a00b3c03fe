// Publishes the engine's "subgroup-heterogeneity" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("subgroup-heterogeneity");
