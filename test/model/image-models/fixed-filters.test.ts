import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TOKEN_FEATURES,
  describeFilters,
  filterBank,
  type FixedFilter,
  type SpatialDimensions,
} from "../../../data-loaders/model/image-models/fixed-filters.ts";
import { extractorFilters } from "../../../data-loaders/model/image-models/feature-extractor.ts";

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0);
const centre = (f: FixedFilter) => f.values[(f.values.length - 1) / 2];

for (const n of [2, 3] as SpatialDimensions[]) {
  test(`${n}D smoothing is the binomial kernel: sums to 1, centre (1/2)^${n}`, () => {
    const [smooth] = filterBank(n).full;
    assert.equal(smooth.values.length, 3 ** n);
    assert.equal(sum(smooth.values), 1);
    assert.equal(centre(smooth), 0.5 ** n);
  });

  test(`${n}D blob-fine is the negative Laplacian: centre ${2 * n}, face neighbours −1, sum 0`, () => {
    const blob = filterBank(n).full[1];
    assert.equal(centre(blob), 2 * n);
    assert.equal(blob.values.filter((v) => v === -1).length, 2 * n);
    assert.equal(sum(blob.values), 0);
  });

  test(`${n}D gradient kernels give exactly 1 on a unit ramp along their axis and 0 across`, () => {
    const { gradient } = filterBank(n);
    assert.equal(gradient.length, n);
    gradient.forEach((kernel, axis) => {
      for (let along = 0; along < n; along++) {
        // Correlation with f(offset) = offset[along]: Σ k(o)·o_along.
        let response = 0;
        kernel.values.forEach((k, index) => {
          const offset = Math.floor(index / 3 ** (n - 1 - along)) % 3 - 1;
          response += k * offset;
        });
        assert.equal(response, axis === along ? 1 : 0, `kernel ${axis}, ramp ${along}`);
      }
    });
  });

  test(`${n}D blob and rim kernels sum to 0 and their positive parts to 1`, () => {
    const { half, quarter } = filterBank(n);
    for (const f of [...half, ...quarter]) {
      assert.ok(Math.abs(sum(f.values)) < 1e-15, `${f.name} sums to ${sum(f.values)}`);
      const positive = sum(f.values.map((v) => Math.max(0, v)));
      assert.ok(Math.abs(positive - 1) < 1e-15, `${f.name} positive part ${positive}`);
    }
  });

  test(`${n}D Laplacian of Gaussian peaks at the centre; the rim is negative there`, () => {
    const [blobMedium, rim] = filterBank(n).half;
    assert.equal(centre(blobMedium), Math.max(...blobMedium.values));
    assert.ok(centre(rim) < 0);
    assert.ok(Math.max(...rim.values) > 0);
    // The rim kernel's corner (distance 2√n > 2.5) is outside the shell.
    assert.ok(Math.abs(rim.values[0]) < 1e-15, `corner ${rim.values[0]}`);
  });
}

test("the filter bank is deterministic and refuses other dimensions", () => {
  assert.deepEqual(filterBank(3), filterBank(3));
  assert.throws(() => filterBank(4 as SpatialDimensions), /2D and 3D patches, not 4D/);
});

test("each geometry lists the kernels its extractor applies, and tokens have 12 features", () => {
  assert.equal(extractorFilters("3d").length, 8);
  assert.equal(extractorFilters("2d").length, 7);
  // 2.5D: 3D kernels across the three slices at full resolution, 2D kernels when coarser.
  assert.deepEqual(
    extractorFilters("2.5d").map((f) => f.dimensions),
    [3, 3, 3, 3, 3, 2, 2, 2],
  );
  assert.equal(
    describeFilters(extractorFilters("3d"))[0],
    "smooth (full, 3×3×3): binomial smoothing, local mean intensity",
  );
  assert.equal(TOKEN_FEATURES.length, 12);
  assert.deepEqual(TOKEN_FEATURES.slice(0, 2), ["smooth:mean", "blob-fine:mean"]);
  assert.equal(TOKEN_FEATURES[11], "blob-large:max");
});
