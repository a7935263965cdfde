/** Console progress: `[3/9] title` lines with the elapsed time since the command started. */
export class Progress {
  private readonly started = Date.now();
  private step = 0;
  constructor(
    private readonly total: number,
    private readonly out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  ) {}

  elapsed(): string {
    return formatSeconds((Date.now() - this.started) / 1000);
  }

  next(title: string): void {
    this.step += 1;
    this.out(`[${this.step}/${this.total}] ${title} (${this.elapsed()})`);
  }

  info(msg: string): void {
    this.out(`      ${msg}`);
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}
