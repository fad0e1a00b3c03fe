// Publishes the study summary document: title, fingerprints, seed, conventions.
import { publishArtifact } from "../../data-loaders/artifacts/publish.ts";

await publishArtifact("study", "json");
