/**
 * A hunt's budget: a number of solved instances, a wall-clock time, or both. Every phase asks
 * `more()` before it solves anything, so a search stops at its budget; instance budgets are
 * deterministic for a seed (the order of instances never depends on time), time budgets stop
 * the same sequence wherever the clock runs out.
 */
export interface BudgetOptions {
  /** Solved instances. */
  readonly instances?: number;
  /** Seconds of wall time. */
  readonly seconds?: number;
  /** Clock in ms (tests). @defaultValue performance.now */
  readonly now?: () => number;
}

export class HuntBudget {
  private spent = 0;
  private readonly t0: number;
  private readonly now: () => number;

  constructor(private readonly options: BudgetOptions) {
    this.now = options.now ?? (() => performance.now());
    this.t0 = this.now();
  }

  /** Whether another instance may be solved. */
  more(): boolean {
    if (this.options.instances !== undefined && this.spent >= this.options.instances) return false;
    if (this.options.seconds !== undefined && this.elapsedSeconds() >= this.options.seconds) return false;
    return true;
  }

  /** Counts one solved instance. */
  spend(): void {
    this.spent++;
  }

  get used(): number {
    return this.spent;
  }

  elapsedSeconds(): number {
    return (this.now() - this.t0) / 1000;
  }

  /** Seconds left (Infinity without a time budget). */
  secondsLeft(): number {
    return this.options.seconds === undefined ? Infinity : Math.max(0, this.options.seconds - this.elapsedSeconds());
  }

  /** Instances left (Infinity without an instance budget). */
  instancesLeft(): number {
    return this.options.instances === undefined ? Infinity : Math.max(0, this.options.instances - this.spent);
  }

  /** e.g. "120 instances" or "3 min". */
  describe(): string {
    const parts: string[] = [];
    if (this.options.instances !== undefined) parts.push(`${this.options.instances} instances`);
    if (this.options.seconds !== undefined) parts.push(this.options.seconds % 60 === 0 ? `${this.options.seconds / 60} min` : `${this.options.seconds} s`);
    return parts.join(' or ') || 'unbounded';
  }
}
