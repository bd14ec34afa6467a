/** A text sink progress is written to (stderr), and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Progress of a run on stderr. On a terminal, one live status line (cells done/total, the cells
 * running, ETA) stays at the bottom while finished cells and log lines scroll above it; elsewhere
 * (pipes, CI logs) every event is a plain line. ETA comes from estimated cell costs and the
 * time computed cells took, so cells served from the cache do not distort it.
 */
export class Progress {
  private done = 0;
  private computedCost = 0;
  private remainingCost: number;
  private computeMs = 0;
  private readonly running = new Map<string, number>();
  private firstStart?: number;
  private readonly live: boolean;
  private shown = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    totalCost: number,
    live = sink.isTTY === true,
  ) {
    this.remainingCost = totalCost;
    this.live = live;
  }

  /** A log line (training epochs, notes). */
  log(message: string): void {
    this.print(message);
  }

  /** A cell started computing. */
  start(id: string): void {
    this.firstStart ??= performance.now();
    this.running.set(id, performance.now());
    this.redraw();
  }

  /** A cell finished: `summary` says how; `cached` when no work was done. */
  finish(id: string, cost: number, summary: string, cached: boolean): void {
    this.done++;
    this.remainingCost = Math.max(0, this.remainingCost - cost);
    const started = this.running.get(id);
    this.running.delete(id);
    const secs = started !== undefined ? ` (${((performance.now() - started) / 1000).toFixed(1)} s)` : '';
    if (!cached) this.computedCost += cost;
    if (this.firstStart !== undefined) this.computeMs = performance.now() - this.firstStart;
    this.print(
      `[${this.done}/${this.total}] ${id}: ${cached ? 'cached, ' : ''}${summary}${cached ? '' : secs}${this.live ? '' : this.etaText()}`,
    );
  }

  /** Removes the live line (call before printing the run's summary). */
  end(): void {
    if (this.live && this.shown) this.sink.write('\r\x1b[2K');
    this.shown = false;
  }

  /** Seconds left, from the cost computed so far, or undefined before anything was computed. */
  etaSeconds(): number | undefined {
    if (this.computedCost <= 0) return undefined;
    return ((this.computeMs / this.computedCost) * this.remainingCost) / 1000;
  }

  private etaText(): string {
    const eta = this.etaSeconds();
    return eta === undefined || this.done === this.total ? '' : `, ETA ${formatSeconds(eta)}`;
  }

  private print(line: string): void {
    if (this.live && this.shown) this.sink.write('\r\x1b[2K');
    this.sink.write(`${line}\n`);
    this.shown = false;
    this.redraw();
  }

  private redraw(): void {
    if (!this.live || this.done === this.total) return;
    const running = [...this.running.keys()];
    const now = running.length ? ` · running ${running.slice(0, 3).join(', ')}${running.length > 3 ? ` +${running.length - 3}` : ''}` : '';
    const eta = this.etaSeconds();
    let line = `[${this.done}/${this.total}]${now}${eta !== undefined ? ` · ETA ${formatSeconds(eta)}` : ''}`;
    // Some terminals (and `script`) report 0 columns: assume a common width then.
    const width = (this.sink.columns && this.sink.columns >= 20 ? this.sink.columns : 100) - 1;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    this.sink.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }
}

/** `75 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatSeconds(s: number): string {
  const t = Math.round(s);
  if (t < 90) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${t % 60} s`;
  return `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min`;
}
