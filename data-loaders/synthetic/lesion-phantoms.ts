/**
 * Brain metastases as phantoms: a sphere that enhances either solidly or as a rim around a
 * necrotic core, inside a halo of FLAIR-bright oedema. Count, size, rim versus solid and
 * oedema extent all follow one latent score per patient that depends, noisily, on driver
 * status: driver-positive patients tend to have more, smaller, solidly enhancing lesions with
 * less oedema, as reported for EGFR-mutant and ALK-rearranged brain metastases.
 */
import type { DriverSignal } from "./centres.ts";
import type { Draws } from "./random-draws.ts";

/** Semi-axes (mm, along R, A, S) of the brain ellipsoid, centred on the head's centre. */
export const BRAIN_SEMI_AXES: readonly [number, number, number] = [60, 75, 50];

export interface LesionSpec {
  /** Centre in mm from the head's centre, RAS. */
  centre: [number, number, number];
  /** mm, 3 to 12. */
  radius: number;
  /** mm; 0 for solid enhancement, else the radius of the non-enhancing necrotic core. */
  coreRadius: number;
  /** mm of oedema beyond the lesion's edge. */
  oedemaWidth: number;
  /** Relative strength of enhancement (1 = typical). */
  enhancement: number;
}

/** How each feature follows the latent score (per unit of latent). */
export const LESION_MODEL = {
  maxLesions: 5,
  /** log of the expected number of extra lesions: intercept + slope · latent. */
  extraLesions: { intercept: -0.8, slope: 0.5 },
  /** log radius: log(9 mm) + slope · latent + noise · N(0, 1), clipped to [3, 12] mm. */
  radius: { medianMm: 9, slope: -0.12, noise: 0.22 },
  /** logit P(rim enhancement with necrotic core) = intercept + slope · latent. */
  rim: { intercept: 0.3, slope: -1.1 },
  /** log(oedema width / radius) = log(0.9) + slope · latent + noise · N(0, 1). */
  oedema: { ratio: 0.9, slope: -0.45, noise: 0.3, minMm: 2, maxMm: 18 },
  /** Smallest gap (mm) between two lesions' edges, so masks never merge. */
  gapMm: 4,
} as const;

/**
 * The patient's latent score: shift + separation/2 for driver-positive, shift − separation/2
 * for driver-negative, plus N(0, 1); a higher score looks more driver-positive.
 */
export function drawLatent(d: Draws, driverPositive: boolean, signal: DriverSignal): number {
  return signal.shift + (driverPositive ? 0.5 : -0.5) * signal.separation + d.normal();
}

const clip = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

function drawLesionShape(d: Draws, latent: number, signal: DriverSignal) {
  const { radius: r, rim, oedema } = LESION_MODEL;
  const radius = clip(r.medianMm * Math.exp(r.slope * latent + r.noise * d.normal()), 3, 12);
  const isRim = d.bernoulli(1 / (1 + Math.exp(-(rim.intercept + rim.slope * latent))));
  const coreRadius = isRim ? radius * d.between(0.35, 0.7) : 0;
  const ratio = oedema.ratio * Math.exp(oedema.slope * latent + oedema.noise * d.normal());
  const oedemaWidth = clip(ratio * radius * signal.oedemaScale, oedema.minMm, oedema.maxMm);
  const enhancement = clip(1 + 0.1 * d.normal(), 0.7, 1.3);
  return { radius, coreRadius, oedemaWidth, enhancement };
}

/** A point whose sphere of `radius` + 3 mm stays inside the brain ellipsoid. */
function drawCentre(d: Draws, radius: number): [number, number, number] {
  for (;;) {
    const p = [d.between(-1, 1), d.between(-1, 1), d.between(-1, 1)];
    if (p[0] ** 2 + p[1] ** 2 + p[2] ** 2 <= 1) {
      return p.map((x, a) => x * (BRAIN_SEMI_AXES[a] - radius - 3)) as [number, number, number];
    }
  }
}

function apart(a: LesionSpec, b: LesionSpec): boolean {
  const distance = Math.hypot(...a.centre.map((x, i) => x - b.centre[i]));
  return distance >= a.radius + b.radius + LESION_MODEL.gapMm;
}

/**
 * One to five lesions, largest first (the resected index lesion), each placed inside the brain
 * and apart from the others; a lesion that finds no free place in 50 tries is dropped, so the
 * count returned is the count the mask will hold.
 */
export function drawLesions(d: Draws, latent: number, signal: DriverSignal): LesionSpec[] {
  const { extraLesions, maxLesions } = LESION_MODEL;
  const lambda = Math.exp(extraLesions.intercept + extraLesions.slope * latent);
  const count = 1 + Math.min(maxLesions - 1, d.poisson(lambda));
  const shapes = Array.from({ length: count }, () => drawLesionShape(d, latent, signal));
  shapes.sort((a, b) => b.radius - a.radius);
  const lesions: LesionSpec[] = [];
  for (const shape of shapes) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = { ...shape, centre: drawCentre(d, shape.radius) };
      if (lesions.every((other) => apart(candidate, other))) {
        lesions.push(candidate);
        break;
      }
    }
  }
  return lesions;
}
