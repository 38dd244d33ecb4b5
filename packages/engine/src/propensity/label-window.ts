/**
 * The label window of a purchase-propensity training, [cutoff, asOf), must lie within the stored events:
 * a window that runs past the last event counts days without data as "did not buy", so the base rate
 * falls and every stored score is too low (UCI Online Retail as of 2011-12-25, 15.5 days after its last
 * event: 19.2% buyers in 30 days instead of 33.7%). One day of slack lets an as-of be given as the
 * midnight after the last day of data.
 */
import { MS_PER_DAY } from '../customers/index.js';

/** How far asOf may lie after the last stored event. */
export const LABEL_WINDOW_SLACK_MS = MS_PER_DAY;

/** A label window that runs past the stored events; `messageFor` names the caller's options. */
export class LabelWindowError extends Error {
  override readonly name = 'LabelWindowError';
  constructor(
    readonly asOf: Date,
    readonly lastEventAt: Date,
    readonly horizonDays: number,
  ) {
    super('');
    this.message = this.messageFor('asOf', 'allowPartialWindow: true');
  }

  /** The latest asOf whose window is covered: one day after the last stored event. */
  get latestAsOf(): Date {
    return new Date(this.lastEventAt.getTime() + LABEL_WINDOW_SLACK_MS);
  }

  /** The message with the as-of option and the override named as the caller spells them. */
  messageFor(asOfOption: string, override: string): string {
    const cutoff = new Date(this.asOf.getTime() - this.horizonDays * MS_PER_DAY);
    const covered = Math.max(0, this.lastEventAt.getTime() - cutoff.getTime()) / MS_PER_DAY;
    const gap = (this.asOf.getTime() - this.lastEventAt.getTime()) / MS_PER_DAY;
    return (
      `${asOfOption} ${this.asOf.toISOString()} is ${round(gap)} days after the last stored event ` +
      `(${this.lastEventAt.toISOString()}): the ${this.horizonDays}-day label window ` +
      `[${cutoff.toISOString()}, ${this.asOf.toISOString()}) has data for only ${round(covered)} of its ` +
      `${this.horizonDays} days, so customers would count as non-buyers for days not yet recorded. ` +
      `Use an ${asOfOption} no later than ${this.latestAsOf.toISOString()} (or leave it out: just after ` +
      `the last event), or give ${override} to train on the partial window anyway`
    );
  }
}

const round = (days: number): string => String(Math.round(days * 10) / 10);

/** Throws a LabelWindowError when asOf lies more than a day after the last stored event. */
export function checkLabelWindow(asOf: Date, lastEventAt: Date, horizonDays: number): void {
  if (asOf.getTime() - lastEventAt.getTime() > LABEL_WINDOW_SLACK_MS)
    throw new LabelWindowError(asOf, lastEventAt, horizonDays);
}
