// Publishes the engine's "survival-tests" result table (see data-loaders/pipeline/RESULTS.md).
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("survival-tests");
