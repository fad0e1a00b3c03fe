import { test } from "node:test";
import assert from "node:assert/strict";
import { imageArchitecture } from "../../../data-loaders/model/image-models/architectures.ts";
import { syntheticPatient } from "../../../data-loaders/model/image-models/synthetic-patches.ts";
import { seededRandom } from "../../../data-loaders/stats/seeded-random.ts";

test("noise-free synthetic patches follow the patch layout: bright T1CE centre, wider FLAIR halo, zero-ish edges", () => {
  const a = imageArchitecture("fusion-3d-transformer", { patchWidth: 8 });
  const radii = [{ radius: 2 }, { radius: 1 }];
  const { patches, lesions } = syntheticPatient(a, radii, seededRandom(1), 0);
  assert.equal(lesions, 2);
  assert.equal(patches.length, 2 * 2 * 8 ** 3);
  const voxel = (lesion: number, channel: number, z: number, y: number, x: number) =>
    patches[(((lesion * 2 + channel) * 8 + z) * 8 + y) * 8 + x];
  // The centre moves by at most one voxel per axis, so voxel (4, 4, 4) lies within √3 voxels
  // of it: 2·σ((2 − √3)/0.7) > 1.1.
  assert.ok(voxel(0, 0, 4, 4, 4) > 1.1, "T1CE near the centre is bright");
  assert.ok(voxel(0, 0, 0, 0, 0) < 0.01, "T1CE corner is dark");
  assert.ok(voxel(0, 1, 0, 4, 4) > voxel(0, 0, 0, 4, 4), "the FLAIR halo reaches further");
  const t1ceTotal = (lesion: number) =>
    patches.subarray(lesion * 1024, lesion * 1024 + 512).reduce((s, v) => s + v, 0);
  assert.ok(t1ceTotal(1) < t1ceTotal(0) / 2, "radius 1 holds much less enhancement than radius 2");
});

test("2.5D stacks three slices per sequence (sequence-major); 2D takes one; the same seed gives the same patches", () => {
  const stack = imageArchitecture("stack-2.5d", { patchWidth: 8 });
  const slice = imageArchitecture("slice-2d", { patchWidth: 8 });
  assert.equal(syntheticPatient(stack, [{ radius: 2 }], seededRandom(2)).patches.length, 6 * 64);
  assert.equal(syntheticPatient(slice, [{ radius: 2 }], seededRandom(2)).patches.length, 2 * 64);
  assert.deepEqual(
    syntheticPatient(stack, [{ radius: 2 }], seededRandom(3)),
    syntheticPatient(stack, [{ radius: 2 }], seededRandom(3)),
  );
});

test("refuses a radius that is not positive and finite, and negative noise", () => {
  const a = imageArchitecture("slice-2d", { patchWidth: 8 });
  const patient = (radius: number, noise?: number) =>
    syntheticPatient(a, [{ radius }], seededRandom(1), noise);
  assert.throws(() => patient(0), /positive radius, got 0/);
  assert.throws(() => patient(NaN), /positive radius/);
  assert.throws(() => patient(1, -1), /non-negative/);
});
