/**
 * Collects the per-run values of every figure while the suites run, then summarises them. Suites only `add` samples;
 * medians, spreads and ratios are computed here, in one place, so every figure is summarised the same way. Notes
 * (a skipped contender, a figure far from its target and why) travel with the results into the table and the JSON.
 */
import * as os from 'node:os';
import { type Figure, summarize } from './stats';

/** The shape of `bench-results.json`. */
export interface ResultsFile {
  readonly machine: string;
  readonly date: string;
  readonly quick: boolean;
  readonly figures: Record<string, Figure>;
  readonly notes: string[];
}

export class BenchResults {
  private readonly samples = new Map<string, { unit: string; values: number[] }>();
  private readonly noteLines: string[] = [];

  /** Records one run's value of a figure; the unit must stay the same for a name. */
  add(name: string, value: number, unit: string): void {
    let entry = this.samples.get(name);
    if (!entry) {
      entry = { unit, values: [] };
      this.samples.set(name, entry);
    }
    if (entry.unit !== unit) throw new Error(`figure ${name} recorded in ${unit} and ${entry.unit}`);
    entry.values.push(value);
  }

  /** Records a note for the report (e.g. why a contender was skipped). */
  note(text: string): void {
    this.noteLines.push(text);
    console.log(`  note: ${text}`);
  }

  /** The raw per-run values of a figure (empty when it was never measured). */
  values(name: string): readonly number[] {
    return this.samples.get(name)?.values ?? [];
  }

  /** Summaries of every figure with at least one finite value, in the order they were first recorded. */
  figures(): Record<string, Figure> {
    const figures: Record<string, Figure> = {};
    for (const [name, { unit, values }] of this.samples) {
      if (values.some((value) => Number.isFinite(value))) figures[name] = summarize(values, unit);
    }
    return figures;
  }

  get notes(): readonly string[] {
    return this.noteLines;
  }

  /** The JSON file's content; `machine` is {@link describeMachine} as it was when the run started. */
  toFile(quick: boolean, machine: string): ResultsFile {
    return { machine, date: new Date().toISOString(), quick, figures: this.figures(), notes: [...this.noteLines] };
  }
}

/**
 * `2 × Intel(R) Xeon(R) … · 23.5 GiB · Linux 6.1 · Node v20.20.2 · load 0.3`: enough to compare runs across
 * machines. The load average at the start says how much else was running, i.e. how noisy the figures may be.
 */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} × ${model} · ${memory} GiB · ${os.type()} ${os.release()} · Node ${process.version} · load ${os.loadavg()[0].toFixed(1)}`;
}
