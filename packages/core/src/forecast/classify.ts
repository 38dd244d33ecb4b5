import { demandSeries } from './errors.js';
import type { DemandClass } from './types.js';

/** ADI cut-off of Syntetos, Boylan & Croston (2005). */
export const ADI_CUTOFF = 1.32;
/** CV^2 cut-off of Syntetos, Boylan & Croston (2005). */
export const CV2_CUTOFF = 0.49;

/**
 * Demand class by Syntetos, Boylan & Croston (2005), "On the categorization of demand patterns", JORS 56:
 * ADI (average inter-demand interval) against 1.32 and CV^2 (squared coefficient of variation of the
 * non-zero demand sizes) against 0.49: smooth (ADI <= 1.32, CV^2 <= 0.49), erratic (ADI <= 1.32, CV^2 >
 * 0.49), intermittent (ADI > 1.32, CV^2 <= 0.49), lumpy (both above); 'none' without any demand.
 *
 * ADI = (periods of the series) / (periods with demand). R's tsintermittent::idclass (Kourentzes) counts the
 * intervals up to the last demand only, (1-based position of the last demand) / (number of demands): the
 * same for a series ending in a demand, but it calls an item that sold in its first weeks and never since
 * 'smooth', where the interval still open at the end counts here. CV^2 uses the sample standard deviation
 * (n - 1) of the non-zero sizes, 0 with a single demand. ADI is Infinity and CV^2 0 for 'none'.
 */
export function classifyDemand(y: ArrayLike<number>): { adi: number; cv2: number; demandClass: DemandClass } {
  const v = demandSeries(y);
  let count = 0;
  let last = -1;
  let sum = 0;
  for (let t = 0; t < v.length; t++) {
    if (v[t]! > 0) {
      count++;
      last = t;
      sum += v[t]!;
    }
  }
  if (count === 0) return { adi: Number.POSITIVE_INFINITY, cv2: 0, demandClass: 'none' };
  const adi = v.length / count;
  const mean = sum / count;
  let ss = 0;
  for (let t = 0; t <= last; t++) if (v[t]! > 0) ss += (v[t]! - mean) ** 2;
  const cv2 = count > 1 ? ss / (count - 1) / (mean * mean) : 0;
  const demandClass: DemandClass =
    adi <= ADI_CUTOFF
      ? cv2 <= CV2_CUTOFF
        ? 'smooth'
        : 'erratic'
      : cv2 <= CV2_CUTOFF
        ? 'intermittent'
        : 'lumpy';
  return { adi, cv2, demandClass };
}
