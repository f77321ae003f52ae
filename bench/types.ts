/** A benchmark module (`bench/<area>.bench.ts`) exports `bench: Bench`. */
export type BenchResult = {
  /** Markdown body for this section of BENCHMARKS.md: a table of figures, targets and verdicts. */
  markdown: string;
  /** true when every target of the section was met. */
  targetsMet: boolean;
};

export type Bench = {
  /** Stable id, used for `npm run bench -- <id>` and the BENCHMARKS.md section markers. */
  id: string;
  title: string;
  run: (log: (line: string) => void) => Promise<BenchResult>;
};
