/**
 * Renders one patient's T1CE, FLAIR and lesion mask on a scanner's grid. Intensities are in
 * arbitrary units where normal brain is about 100, before the scanner's own storage scale.
 * The head is an ellipsoid of brain (white-matter core, cortex rim, two ventricles) inside
 * skull and scalp; lesions follow lesion-phantoms.ts. Voxel values are sampled at voxel
 * centres with a 1.2 mm linear ramp at lesion edges standing in for partial volume.
 */
import { BRAIN_SEMI_AXES, type LesionSpec } from "./lesion-phantoms.ts";
import { inverseLinearPart, type Grid } from "./scanner-grid.ts";

export interface PhantomImages {
  t1ce: Float32Array;
  flair: Float32Array;
  /** 0 outside lesions, 1..L inside lesion l (voxel centre within its radius). */
  mask: Uint8Array;
}

/** Tissue intensities (T1CE, FLAIR), in units of normal brain ≈ 100. */
export const TISSUE = {
  whiteMatter: [105, 95],
  cortex: [95, 105],
  ventricle: [35, 25],
  skull: [15, 10],
  scalp: [80, 60],
  enhancingLesion: [190, 120],
  necroticCore: [45, 150],
  /** Added to T1CE and FLAIR at full oedema. */
  oedema: [-10, 55],
} as const;

const SKIN_MARGIN_MM = 8;
const HEAD_SEMI_AXES = BRAIN_SEMI_AXES.map((a) => a + SKIN_MARGIN_MM);
const VENTRICLES = [
  { centre: [-10, 2, 10], semiAxes: [6, 22, 9] },
  { centre: [10, 2, 10], semiAxes: [6, 22, 9] },
];
const EDGE_RAMP_MM = 1.2;

/** Squared ellipsoid radius of (x, y, z) for semi-axes (a, b, c) about the origin. */
const ellipsoid = (x: number, y: number, z: number, a: number, b: number, c: number) =>
  (x / a) ** 2 + (y / b) ** 2 + (z / c) ** 2;

/** Which tissue the point (mm from the head's centre) lies in, as [T1CE, FLAIR]. */
function tissueAt(x: number, y: number, z: number): readonly [number, number] | null {
  const [ha, hb, hc] = HEAD_SEMI_AXES;
  const head = ellipsoid(x, y, z, ha, hb, hc);
  if (head > 1) return null;
  const brain = ellipsoid(x, y, z, BRAIN_SEMI_AXES[0], BRAIN_SEMI_AXES[1], BRAIN_SEMI_AXES[2]);
  if (brain > 1) return head > 0.9 ? TISSUE.scalp : TISSUE.skull;
  for (const { centre: c, semiAxes: s } of VENTRICLES) {
    if (ellipsoid(x - c[0], y - c[1], z - c[2], s[0], s[1], s[2]) <= 1) return TISSUE.ventricle;
  }
  return brain < 0.55 ? TISSUE.whiteMatter : TISSUE.cortex;
}

/**
 * Calls visit(v, x, y, z) for voxels i0..i1 × j0..j1 × k0..k1, with (x, y, z) the voxel
 * centre in mm from the head's centre, stepping along i by the affine's first column.
 */
function forEachVoxel(
  grid: Grid,
  headCentre: readonly number[],
  box: [number, number][],
  visit: (v: number, x: number, y: number, z: number) => void,
) {
  const [ni, nj] = grid.dims;
  const m = grid.affine;
  const [[i0, i1], [j0, j1], [k0, k1]] = box;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      let x = m[0][0] * i0 + m[0][1] * j + m[0][2] * k + m[0][3] - headCentre[0];
      let y = m[1][0] * i0 + m[1][1] * j + m[1][2] * k + m[1][3] - headCentre[1];
      let z = m[2][0] * i0 + m[2][1] * j + m[2][2] * k + m[2][3] - headCentre[2];
      let v = i0 + ni * (j + nj * k);
      for (let i = i0; i <= i1; i++, v++) {
        visit(v, x, y, z);
        x += m[0][0];
        y += m[1][0];
        z += m[2][0];
      }
    }
  }
}

/** The voxel box (clipped to the grid) that holds a sphere of `radius` mm about `centre`. */
function sphereBox(grid: Grid, headCentre: readonly number[], centre: number[], radius: number) {
  const inverse = inverseLinearPart(grid.affine);
  const world = centre.map((x, r) => x + headCentre[r] - grid.affine[r][3]);
  return [0, 1, 2].map((a) => {
    const middle = inverse[a].reduce((sum, x, r) => sum + x * world[r], 0);
    const reach = radius * Math.hypot(...inverse[a]) + 1;
    const low = Math.max(0, Math.floor(middle - reach));
    return [low, Math.min(grid.dims[a] - 1, Math.ceil(middle + reach))] as [number, number];
  });
}

export interface TissueTemplate {
  t1ce: Float32Array;
  flair: Float32Array;
}

/**
 * The head without lesions on a scanner's grid. The grid is built around the head's centre,
 * so the head sits at the same voxels in every patient scanned on that scanner (only the
 * affine's translation differs): one template per scanner serves them all.
 * @example tissueTemplate(scannerGrid(scanner, [0, 0, 0])).t1ce.length // dims[0]·dims[1]·dims[2]
 */
export function tissueTemplate(grid: Grid): TissueTemplate {
  const [ni, nj, nk] = grid.dims;
  const m = grid.affine;
  const template = { t1ce: new Float32Array(ni * nj * nk), flair: new Float32Array(ni * nj * nk) };
  const middle = grid.dims.map((n) => (n - 1) / 2);
  for (let k = 0, v = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const [u, w] = [j - middle[1], k - middle[2]];
      const start = [0, 1, 2].map((r) => -m[r][0] * middle[0] + m[r][1] * u + m[r][2] * w);
      for (let i = 0; i < ni; i++, v++) {
        const x = start[0] + m[0][0] * i;
        const tissue = tissueAt(x, start[1] + m[1][0] * i, start[2] + m[2][0] * i);
        if (tissue === null) continue;
        template.t1ce[v] = tissue[0];
        template.flair[v] = tissue[1];
      }
    }
  }
  return template;
}

const ramp = (x: number) => Math.min(1, Math.max(0, x / EDGE_RAMP_MM + 0.5));

/** Oedema strength 0..1 at every voxel: full to 60% of the halo's width, then fading. */
function oedemaMap(grid: Grid, headCentre: readonly number[], lesions: LesionSpec[]): Float32Array {
  const oedema = new Float32Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  for (const lesion of lesions) {
    const outer = lesion.radius + lesion.oedemaWidth;
    const box = sphereBox(grid, headCentre, lesion.centre, outer);
    const [cx, cy, cz] = lesion.centre;
    const [ba, bb, bc] = BRAIN_SEMI_AXES;
    forEachVoxel(grid, headCentre, box, (v, x, y, z) => {
      const d = Math.sqrt((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2);
      if (d >= outer || ellipsoid(x, y, z, ba, bb, bc) > 1) return;
      const strength = Math.min(1, (outer - d) / (0.4 * lesion.oedemaWidth));
      if (strength > oedema[v]) oedema[v] = strength;
    });
  }
  return oedema;
}

function paintLesion(
  images: PhantomImages,
  grid: Grid,
  headCentre: readonly number[],
  lesion: LesionSpec,
  label: number,
) {
  const box = sphereBox(grid, headCentre, lesion.centre, lesion.radius + EDGE_RAMP_MM);
  let [nearest, nearestDistance] = [-1, Infinity];
  let labelled = false;
  const [cx, cy, cz] = lesion.centre;
  forEachVoxel(grid, headCentre, box, (v, x, y, z) => {
    const d = Math.sqrt((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2);
    if (d < nearestDistance) [nearest, nearestDistance] = [v, d];
    const inside = ramp(lesion.radius - d);
    if (inside === 0) return;
    const core = lesion.coreRadius > 0 ? ramp(lesion.coreRadius - d) : 0;
    const enhancing = 100 + (TISSUE.enhancingLesion[0] - 100) * lesion.enhancement;
    const t1ce = core * TISSUE.necroticCore[0] + (1 - core) * enhancing;
    const flair = core * TISSUE.necroticCore[1] + (1 - core) * TISSUE.enhancingLesion[1];
    images.t1ce[v] = (1 - inside) * images.t1ce[v] + inside * t1ce;
    images.flair[v] = (1 - inside) * images.flair[v] + inside * flair;
    if (d <= lesion.radius) {
      images.mask[v] = label;
      labelled = true;
    }
  });
  // A small lesion between voxel centres still gets its nearest voxel, so no label goes missing.
  if (!labelled && nearest >= 0) images.mask[nearest] = label;
}

/**
 * The noiseless images: tissue (from the scanner's template), then oedema, then lesions in
 * order (labels 1..L).
 * @example renderPhantom(grid, [0, 0, 0], lesions, tissueTemplate(grid)).mask // labels 1..L
 */
export function renderPhantom(
  grid: Grid,
  headCentre: readonly number[],
  lesions: LesionSpec[],
  template: TissueTemplate,
): PhantomImages {
  const images = {
    t1ce: template.t1ce.slice(),
    flair: template.flair.slice(),
    mask: new Uint8Array(template.t1ce.length),
  };
  const oedema = oedemaMap(grid, headCentre, lesions);
  const [t1ceOedema, flairOedema] = TISSUE.oedema;
  for (let v = 0; v < oedema.length; v++) {
    if (oedema[v] === 0) continue;
    images.t1ce[v] += t1ceOedema * oedema[v];
    images.flair[v] += flairOedema * oedema[v];
  }
  lesions.forEach((lesion, l) => paintLesion(images, grid, headCentre, lesion, l + 1));
  return images;
}
