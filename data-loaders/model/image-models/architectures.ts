/**
 * The locked image models, described as data: which patch each one reads, which sequences it
 * uses, and how it fuses them. build-graph.ts turns a description and its fitted weights into an
 * ONNX graph; fit.ts fits the weights.
 */
import type { SpatialDimensions } from "./fixed-filters.ts";

export const IMAGE_MODEL_IDS = [
  "fusion-3d-transformer",
  "early-fusion-3d",
  "late-fusion-3d",
  "stack-2.5d",
  "slice-2d",
  "t1ce-3d",
  "flair-3d",
] as const;

export type ImageModelId = (typeof IMAGE_MODEL_IDS)[number];

/** The patch kinds of data-loaders/imaging/README.md. */
export type PatchKind = "3d" | "2.5d" | "2d";

/**
 * - `transformer`: one token per sequence, fused by self-attention over the sequence tokens.
 * - `early`: the sequences are mixed voxel by voxel before the first convolution.
 * - `late`: one branch per sequence, each with its own pooling and head; logits averaged.
 * - `single`: one sequence, no fusion.
 */
export type FusionKind = "transformer" | "early" | "late" | "single";

export interface ImageArchitecture {
  id: ImageModelId;
  patchKind: PatchKind;
  fusion: FusionKind;
  /** Sequences in the patch the model is given, in the study's order (study.json). */
  inputSequences: readonly string[];
  /** The sequences the model uses, in the study's order. */
  sequences: readonly string[];
  /** Channels of one lesion's patch: inputSequences × 3 slices for 2.5D, else one each. */
  inputChannels: number;
  /** Patch size along each spatial axis. */
  spatialShape: readonly number[];
  /** Dimensions of the convolution kernels (2.5D runs 2D convolutions over its slices). */
  convolution: SpatialDimensions;
  description: string;
}

export interface ArchitectureOptions {
  /** The study's sequences, in study.json order; default ["t1ce", "flair"]. */
  inputSequences?: readonly string[];
  /** Patch width per spatial axis; default 24 for 3D and 32 for 2D and 2.5D (small in tests). */
  patchWidth?: number;
}

interface Blueprint {
  patchKind: PatchKind;
  fusion: FusionKind;
  /** A named sequence, or all of the study's. */
  uses: "all" | string;
  description: string;
}

const BLUEPRINTS: Record<ImageModelId, Blueprint> = {
  "fusion-3d-transformer": {
    patchKind: "3d",
    fusion: "transformer",
    uses: "all",
    description: "primary: 3D features per sequence, fused by attention over the sequence tokens",
  },
  "early-fusion-3d": {
    patchKind: "3d",
    fusion: "early",
    uses: "all",
    description: "3D, sequences mixed voxel by voxel (sum and contrasts) before the convolutions",
  },
  "late-fusion-3d": {
    patchKind: "3d",
    fusion: "late",
    uses: "all",
    description: "3D, one model per sequence; the patient's logit is the mean of theirs",
  },
  "stack-2.5d": {
    patchKind: "2.5d",
    fusion: "transformer",
    uses: "all",
    description: "three axial slices per sequence, fused as the primary fuses its 3D tokens",
  },
  "slice-2d": {
    patchKind: "2d",
    fusion: "transformer",
    uses: "all",
    description: "the central axial slice per sequence, fused as the primary fuses its 3D tokens",
  },
  "t1ce-3d": { patchKind: "3d", fusion: "single", uses: "t1ce", description: "3D, T1CE only" },
  "flair-3d": { patchKind: "3d", fusion: "single", uses: "flair", description: "3D, FLAIR only" },
};

/**
 * The architecture of one locked image model. The 2.5D and 2D models fuse their sequences with
 * the same attention block as the primary, so that they differ from it only in the input's
 * dimensionality. Single-sequence models read the same patch as the others and keep only their
 * sequence's channel, so every 3D model takes the same input tensor.
 *
 * @throws RangeError for an unknown model id, a study without the sequence a single-sequence
 *   model needs, fusion over fewer than two sequences, a repeated sequence name, or a patch
 *   width that is not a positive multiple of 4 (two 2× poolings follow the first convolutions).
 * @example imageArchitecture("stack-2.5d").inputChannels // 6: t1ce k−1, k, k+1, flair k−1, …
 */
export function imageArchitecture(
  id: ImageModelId,
  options: ArchitectureOptions = {},
): ImageArchitecture {
  const blueprint = BLUEPRINTS[id];
  if (blueprint === undefined) {
    throw new RangeError(`unknown image model "${id}"; known: ${IMAGE_MODEL_IDS.join(", ")}`);
  }
  const inputSequences = [...(options.inputSequences ?? ["t1ce", "flair"])];
  const sequences = sequencesUsed(id, blueprint, inputSequences);
  const { patchKind } = blueprint;
  const width = options.patchWidth ?? (patchKind === "3d" ? 24 : 32);
  if (!(Number.isInteger(width) && width >= 4 && width % 4 === 0)) {
    throw new RangeError(`patch width ${width} must be a positive multiple of 4`);
  }
  const convolution = patchKind === "3d" ? 3 : 2;
  return {
    id,
    patchKind,
    fusion: blueprint.fusion,
    inputSequences,
    sequences,
    inputChannels: inputSequences.length * (patchKind === "2.5d" ? 3 : 1),
    spatialShape: Array(convolution).fill(width),
    convolution,
    description: blueprint.description,
  };
}

function sequencesUsed(id: string, blueprint: Blueprint, inputSequences: string[]): string[] {
  if (inputSequences.length === 0 || new Set(inputSequences).size !== inputSequences.length) {
    throw new RangeError(
      `the study's sequences [${inputSequences.join(", ")}] must be non-empty and distinct`,
    );
  }
  if (blueprint.uses !== "all") {
    if (!inputSequences.includes(blueprint.uses)) {
      throw new RangeError(
        `model "${id}" needs the sequence "${blueprint.uses}", which the study does not list (it lists ${inputSequences.join(", ")})`,
      );
    }
    return [blueprint.uses];
  }
  if (inputSequences.length < 2) {
    throw new RangeError(
      `model "${id}" fuses sequences but the study lists only ${inputSequences.join(", ")}; use a single-sequence model`,
    );
  }
  return inputSequences;
}

/** Floats in one lesion's patch: channels × spatial voxels. */
export function lesionPatchSize(architecture: ImageArchitecture): number {
  return architecture.spatialShape.reduce((p, w) => p * w, architecture.inputChannels);
}
