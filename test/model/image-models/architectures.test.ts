import { test } from "node:test";
import assert from "node:assert/strict";
import {
  IMAGE_MODEL_IDS,
  imageArchitecture,
  lesionPatchSize,
  type ImageModelId,
} from "../../../data-loaders/model/image-models/architectures.ts";

test("the seven locked image models: patch kind, fusion and sequences used, in study order", () => {
  const summary = IMAGE_MODEL_IDS.map((id) => {
    const a = imageArchitecture(id);
    return [id, a.patchKind, a.fusion, a.sequences.join("+")];
  });
  assert.deepEqual(summary, [
    ["fusion-3d-transformer", "3d", "transformer", "t1ce+flair"],
    ["early-fusion-3d", "3d", "early", "t1ce+flair"],
    ["late-fusion-3d", "3d", "late", "t1ce+flair"],
    ["stack-2.5d", "2.5d", "transformer", "t1ce+flair"],
    ["slice-2d", "2d", "transformer", "t1ce+flair"],
    ["t1ce-3d", "3d", "single", "t1ce"],
    ["flair-3d", "3d", "single", "flair"],
  ]);
});

test("input patches follow the imaging contract: 3D S×24³, 2.5D (S·3)×32², 2D S×32²", () => {
  const shape = (id: ImageModelId) => {
    const a = imageArchitecture(id);
    return [a.inputChannels, ...a.spatialShape];
  };
  assert.deepEqual(shape("fusion-3d-transformer"), [2, 24, 24, 24]);
  assert.deepEqual(shape("stack-2.5d"), [6, 32, 32]);
  assert.deepEqual(shape("slice-2d"), [2, 32, 32]);
  // Single-sequence models read the same two-sequence patch and keep their own channel.
  assert.deepEqual(shape("flair-3d"), [2, 24, 24, 24]);
  assert.equal(lesionPatchSize(imageArchitecture("slice-2d")), 2 * 32 * 32);
  assert.equal(imageArchitecture("stack-2.5d").convolution, 2);
  assert.equal(imageArchitecture("early-fusion-3d").convolution, 3);
});

test("the study's sequence order is kept, and a small patch width is allowed for tests", () => {
  const options = { inputSequences: ["flair", "t1ce"], patchWidth: 8 };
  const a = imageArchitecture("late-fusion-3d", options);
  assert.deepEqual(a.sequences, ["flair", "t1ce"]);
  assert.deepEqual(a.spatialShape, [8, 8, 8]);
  assert.deepEqual(imageArchitecture("t1ce-3d", { inputSequences: ["flair", "t1ce"] }).sequences, [
    "t1ce",
  ]);
});

test("refuses an unknown model, a missing sequence, fusion of one sequence, repeats and odd widths", () => {
  assert.throws(() => imageArchitecture("resnet" as ImageModelId), /unknown image model "resnet"/);
  assert.throws(
    () => imageArchitecture("flair-3d", { inputSequences: ["t1ce", "t2"] }),
    /needs the sequence "flair"/,
  );
  assert.throws(
    () => imageArchitecture("fusion-3d-transformer", { inputSequences: ["t1ce"] }),
    /fuses sequences but the study lists only t1ce/,
  );
  assert.throws(() => imageArchitecture("slice-2d", { inputSequences: ["t1ce", "t1ce"] }), /distinct/);
  assert.throws(() => imageArchitecture("slice-2d", { inputSequences: [] }), /non-empty/);
  assert.throws(() => imageArchitecture("slice-2d", { patchWidth: 10 }), /multiple of 4/);
  assert.throws(() => imageArchitecture("slice-2d", { patchWidth: NaN }), /multiple of 4/);
});
