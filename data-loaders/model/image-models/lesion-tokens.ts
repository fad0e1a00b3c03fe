/**
 * The first half of every image model: a patient's lesion patches in, sequence tokens out, and
 * the tokens fused into one embedding per lesion (per branch for late fusion).
 */
import type { ImageArchitecture } from "./architectures.ts";
import { addFeatureExtractor, extractorChannels } from "./feature-extractor.ts";
import { TOKEN_FEATURES } from "./fixed-filters.ts";
import { int, ints, type GraphBuilder } from "./graph-builder.ts";
import { addSequenceFusion, type TokenStandardisation } from "./sequence-fusion.ts";

/** Name of every image model's input, Float32 [L, channels, ...spatial]. */
export const LESIONS_INPUT = "lesions";
/** The dynamic lesion axis, declared as a dim_param. */
export const LESION_AXIS = "L";
export const TOKEN_SIZE = TOKEN_FEATURES.length;

/** Names of the tokens of one lesion, in token order: sequences, or channel mixes for early. */
export function tokenNames(architecture: ImageArchitecture): string[] {
  const { fusion, sequences } = architecture;
  if (fusion !== "early") return [...sequences];
  return sequences.map((s, k) => (k === 0 ? "all" : `${sequences.slice(0, k).join("+")}-vs-${s}`));
}

export interface Embedding {
  /** The head this embedding feeds: "fused", or a sequence for single and late fusion. */
  branch: string;
  /** Graph value of shape [L, featureNames.length]. */
  value: string;
  featureNames: string[];
}

/**
 * Adds the convolutional part: `lesions` [L, C, ...spatial] → tokens [L, B, 12], one token per
 * sequence (or channel mix) of each lesion. All B images of all L lesions go through the
 * extractor as one batch of L·B images, which is the same as B branches with shared filters.
 */
export function addTokens(g: GraphBuilder, architecture: ImageArchitecture, input: string) {
  const { images, branches } = addBranchImages(g, architecture, input);
  const features = addFeatureExtractor(g, images, architecture.patchKind);
  const shape = g.ints("token_shape", [-1, branches, TOKEN_SIZE]);
  const tokens = g.op("Reshape", [features, shape], "tokens");
  return { tokens, branches };
}

function addBranchImages(g: GraphBuilder, architecture: ImageArchitecture, input: string) {
  const { fusion, patchKind, inputSequences, sequences, spatialShape } = architecture;
  const channels = extractorChannels(patchKind);
  const imageShape = () => g.ints("image_shape", [-1, channels, ...spatialShape]);
  if (fusion === "single") {
    const first = inputSequences.indexOf(sequences[0]) * channels;
    const bounds = [g.ints("first_channel", [first]), g.ints("end_channel", [first + channels])];
    const axis = g.ints("channel_axis", [1]);
    const images = g.op("Slice", [input, ...bounds, axis], "sequence_images");
    return { images, branches: 1 };
  }
  if (fusion === "early") {
    if (patchKind === "2.5d") throw new RangeError("early fusion is defined for 3D and 2D patches");
    const s = sequences.length;
    const weight = g.floats("sequence_mix", [s, s, ...spatialShape.map(() => 1)], helmert(s));
    const mixed = g.op("Conv", [input, weight], "mixed_channels", {
      kernel_shape: ints(spatialShape.map(() => 1)),
    });
    return { images: g.op("Reshape", [mixed, imageShape()], "mix_images"), branches: s };
  }
  const images = g.op("Reshape", [input, imageShape()], "sequence_images");
  return { images, branches: sequences.length };
}

/**
 * The orthonormal Helmert basis of s channels: the first row averages all sequences (scaled by
 * 1/√s), row k contrasts the first k sequences with sequence k. For two sequences:
 * (t1ce + flair)/√2 and (t1ce − flair)/√2.
 */
export function helmert(s: number): number[] {
  const rows: number[][] = [Array(s).fill(1 / Math.sqrt(s))];
  for (let k = 1; k < s; k++) {
    const scale = 1 / Math.sqrt(k * (k + 1));
    rows.push(Array.from({ length: s }, (_, j) => (j < k ? scale : j === k ? -k * scale : 0)));
  }
  return rows.flat();
}

/**
 * Adds the fusion step: tokens [L, B, 12] → one embedding per head. Transformer: attention over
 * the B sequence tokens (sequence-fusion.ts), [L, 12]. Early: the mix tokens side by side,
 * [L, 12·B]. Single: the one token. Late: each sequence's token, for its own head.
 *
 * @throws RangeError when a transformer model is given no token standardisation.
 */
export function addEmbeddings(
  g: GraphBuilder,
  architecture: ImageArchitecture,
  tokens: string,
  tokenStandardisation: TokenStandardisation | null,
): Embedding[] {
  const names = tokenNames(architecture);
  const featuresOf = (prefix: string) => TOKEN_FEATURES.map((f) => `${prefix}:${f}`);
  switch (architecture.fusion) {
    case "transformer": {
      if (tokenStandardisation === null) {
        throw new RangeError("a transformer-fusion model needs its token standardisation");
      }
      const value = addSequenceFusion(g, tokens, TOKEN_SIZE, tokenStandardisation);
      return [{ branch: "fused", value, featureNames: featuresOf("fused") }];
    }
    case "early": {
      const shape = g.ints("embedding_shape", [-1, names.length * TOKEN_SIZE]);
      const value = g.op("Reshape", [tokens, shape], "lesion_embedding");
      return [{ branch: "fused", value, featureNames: names.flatMap(featuresOf) }];
    }
    case "single":
    case "late":
      return addBranchEmbeddings(g, tokens, names).map((value, b) => ({
        branch: names[b],
        value,
        featureNames: featuresOf(names[b]),
      }));
  }
}

function addBranchEmbeddings(g: GraphBuilder, tokens: string, names: string[]): string[] {
  const shape = g.ints("embedding_shape", [-1, TOKEN_SIZE]);
  const parts =
    names.length === 1
      ? [tokens]
      : g.opMany("Split", [tokens], names.map((n) => `${n}_token`), { axis: int(1) });
  return parts.map((part, b) => g.op("Reshape", [part, shape], `${names[b]}_embedding`));
}
