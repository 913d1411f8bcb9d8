// `npm run eval -- MANIFEST.csv`: scores a labelled image set under the evaluation protocol and prints
// AUROC, TPR at 1%/5% FPR and the confusion at the shipped thresholds, overall and per kind group,
// with the trivial-statistics baseline beside them, and per source when the CSV has `source_repo`;
// the last stdout line is one JSON object.
import { loadCliConfig, modelOption, stdio, type CliDeps } from './cli-config.js';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineFeatures, crossValidatedScores } from './eval/baseline.js';
import { EVAL_PROTOCOL, applyEvalProtocol } from './eval/eval-protocol.js';
import { auroc, confusion, rankingFigures, type Confusion, type RankingFigures, type Scored } from './eval/metrics.js';
import type { ImageModel, Sensitivity } from '../ai/types.js';

const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Kind groups reported beside 'all' when the CSV has a `kind` column. */
const GROUPS: Record<string, readonly string[]> = { photo: ['photo'], art: ['illustration', 'anime'] };

const USAGE = `usage: npm run eval -- [--model MANIFEST.json] [--sensitivity low|medium|high] EVAL.csv
EVAL.csv needs columns file,label (label ai|real; file relative to the CSV); an optional kind column
(photo, illustration, anime, other) adds per-group figures (photo; art = illustration+anime); an optional
source_repo column adds per-source figures, worst first.`;

/** The CSV could not be used (missing columns, bad labels, unreadable). */
export class EvalCsvError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'EvalCsvError';
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // BOM
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new EvalCsvError('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

export interface EvalRow {
  file: string; // as written in the CSV
  absPath: string;
  ai: boolean;
  kind: string | null;
  /** The `source_repo` column (where the image came from), when the CSV has one. */
  source: string | null;
}

/** Rows of an evaluation CSV; paths are resolved against the CSV's folder. */
export function readEvalRows(text: string, csvPath: string): EvalRow[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new EvalCsvError(`${csvPath} is empty`);
  const header = rows[0]!.map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const fileCol = col('file');
  const labelCol = col('label');
  const kindCol = col('kind');
  const sourceCol = col('source_repo');
  if (fileCol < 0 || labelCol < 0) throw new EvalCsvError(`${csvPath} needs columns file,label (has ${header.join(',')})`);
  const base = path.dirname(path.resolve(csvPath));
  return rows.slice(1).map((r, i) => {
    const line = i + 2;
    const file = (r[fileCol] ?? '').trim();
    const label = (r[labelCol] ?? '').trim().toLowerCase();
    if (!file) throw new EvalCsvError(`${csvPath} line ${line}: empty file`);
    if (label !== 'ai' && label !== 'real') throw new EvalCsvError(`${csvPath} line ${line}: label must be ai or real (got ${JSON.stringify(r[labelCol] ?? '')})`);
    const kind = kindCol >= 0 ? (r[kindCol] ?? '').trim().toLowerCase() || null : null;
    const source = sourceCol >= 0 ? (r[sourceCol] ?? '').trim() || null : null;
    return { file, absPath: path.resolve(base, file), ai: label === 'ai', kind, source };
  });
}

export interface GroupReport extends RankingFigures {
  confusion: Confusion;
  baseline: RankingFigures;
}

export interface EvalReport {
  csv: string;
  model: { id: string; version: string; sha256: string };
  protocol: typeof EVAL_PROTOCOL;
  sensitivity: Sensitivity;
  rows: number;
  scored: number;
  unscored: number;
  /** Overall figures, repeated from groups.all for scripts. */
  auroc: number | null;
  tpr_at_fpr_1pct: number | null;
  tpr_at_fpr_5pct: number | null;
  confusion: Confusion;
  baseline: RankingFigures & { method: string };
  groups: Record<string, GroupReport>;
  /** Per source_repo, worst first; present when the CSV has that column. */
  sources?: SourceReport[];
}

/**
 * One source's figures. Most sources hold one label only, so besides the AUROC inside the source (when
 * it has both) each is ranked against every image of the other label in the set: for an AI source,
 * how often its images outrank the set's real ones; for a real source, how often the set's AI images
 * outrank it. The flag rates are the share of its images the model labels (p >= label) and hides.
 */
export interface SourceReport {
  source: string;
  n_ai: number;
  n_real: number;
  auroc_inside: number | null;
  auroc_vs_other_label: number | null;
  labelled: number;
  hidden: number;
}

export type EvalCliDeps = CliDeps;

interface Args {
  csv: string | null;
  modelPath: string | null;
  sensitivity: Sensitivity | null;
  help: boolean;
}

export function parseArgs(argv: string[]): Args | string {
  const args: Args = { csv: null, modelPath: null, sensitivity: null, help: false };
  const positional: string[] = [];
  let opt: ReturnType<typeof modelOption>;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (a === '--help' || a === '-h') args.help = true;
    else if ((opt = modelOption(argv, i)) !== null) {
      if (typeof opt === 'string') return opt;
      args.modelPath = opt.modelPath ?? args.modelPath;
      args.sensitivity = opt.sensitivity ?? args.sensitivity;
      i = opt.last;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else positional.push(a);
  }
  if (positional.length > 1) return `one CSV only (got ${positional.length})`;
  args.csv = positional[0] ?? null;
  return args;
}

interface Result {
  row: EvalRow;
  probability: number;
  features: number[];
}

async function readImageFile(file: string): Promise<Buffer> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
  return readFile(file);
}

function groupOf(kind: string | null): string | null {
  for (const [g, kinds] of Object.entries(GROUPS)) if (kind !== null && kinds.includes(kind)) return g;
  return null;
}

/** Figures for scored results (pure): model ranking + confusion, and the cross-validated baseline. */
export function buildReport(results: readonly Result[], thresholds: { label: number; hide: number }, hasKinds: boolean) {
  const baselineScores = results.length > 0 ? crossValidatedScores(results.map((r) => r.features), results.map((r) => r.row.ai)) : [];
  const groups: Record<string, GroupReport> = {};
  const names = ['all', ...(hasKinds ? Object.keys(GROUPS) : [])];
  for (const g of names) {
    const idx = results.flatMap((r, i) => (g === 'all' || groupOf(r.row.kind) === g ? [i] : []));
    const model: Scored[] = idx.map((i) => ({ ai: results[i]!.row.ai, score: results[i]!.probability }));
    const base: Scored[] = idx.map((i) => ({ ai: results[i]!.row.ai, score: baselineScores[i]! }));
    groups[g] = { ...rankingFigures(model), confusion: confusion(model, thresholds), baseline: rankingFigures(base) };
  }
  return groups;
}

/** Per-source figures (pure), worst first (lowest AUROC against the other label; unknown last). */
export function buildSourceReport(results: readonly Result[], thresholds: { label: number; hide: number }): SourceReport[] {
  const bySource = new Map<string, Result[]>();
  for (const r of results) {
    const key = r.row.source ?? '(no source)';
    const list = bySource.get(key);
    if (list) list.push(r);
    else bySource.set(key, [r]);
  }
  const scored = (rs: readonly Result[]): Scored[] => rs.map((r) => ({ ai: r.row.ai, score: r.probability }));
  const out: SourceReport[] = [];
  for (const [source, rs] of bySource) {
    const labels = new Set(rs.map((r) => r.row.ai));
    const others = results.filter((r) => !labels.has(r.row.ai));
    out.push({
      source,
      n_ai: rs.filter((r) => r.row.ai).length,
      n_real: rs.filter((r) => !r.row.ai).length,
      auroc_inside: auroc(scored(rs)),
      auroc_vs_other_label: labels.size === 1 ? auroc(scored([...rs, ...others])) : auroc(scored(rs)),
      labelled: rs.filter((r) => r.probability >= thresholds.label).length / rs.length,
      hidden: rs.filter((r) => r.probability >= thresholds.hide).length / rs.length,
    });
  }
  const key = (s: SourceReport) => s.auroc_vs_other_label ?? Infinity;
  return out.sort((a, b) => key(a) - key(b) || a.source.localeCompare(b.source));
}

function describeSources(sources: readonly SourceReport[]): string[] {
  return [
    `per source (${sources.length}; worst first; AUROC against the other label's images in this set):`,
    ...sources.map(
      (s) =>
        `  ${s.source}: ${s.n_ai} ai, ${s.n_real} real  AUROC ${f3(s.auroc_vs_other_label)}` +
        `${s.auroc_inside !== null && s.n_ai > 0 && s.n_real > 0 ? ' (inside the source)' : ''}` +
        `  labelled ${pct(s.labelled)}, hidden ${pct(s.hidden)}`,
    ),
  ];
}

const f3 = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
const pct = (v: number | null) => (v === null ? '  -  ' : `${(v * 100).toFixed(1)}%`);

function describeGroup(name: string, g: GroupReport): string[] {
  const c = g.confusion;
  return [
    `${name}: ${g.n_ai} ai, ${g.n_real} real`,
    `  model    AUROC ${f3(g.auroc)}  TPR@1%FPR ${pct(g.tpr_at_fpr_1pct)}  TPR@5%FPR ${pct(g.tpr_at_fpr_5pct)}`,
    `  baseline AUROC ${f3(g.baseline.auroc)}  TPR@1%FPR ${pct(g.baseline.tpr_at_fpr_1pct)}  TPR@5%FPR ${pct(g.baseline.tpr_at_fpr_5pct)}`,
    `  at label>=${c.thresholds.label} hide>=${c.thresholds.hide}:` +
      ` ai -> ai ${c.ai.ai}, unsure ${c.ai.unsure}, not-ai ${c.ai.notAi};` +
      ` real -> ai ${c.real.ai}, unsure ${c.real.unsure}, not-ai ${c.real.notAi}` +
      `  (FPR label ${pct(c.fprLabel)}, hide ${pct(c.fprHide)}; TPR label ${pct(c.tprLabel)}, hide ${pct(c.tprHide)})`,
  ];
}

/** Runs the command; returns the exit code (0 done, 1 too little scored to measure, 2 usage/CSV/model error). */
export async function runEvalCli(argv: string[], deps: EvalCliDeps): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    deps.err(`eval: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.csv) {
    deps.err(USAGE);
    return args.help ? 0 : 2;
  }
  const read = deps.readFile ?? readImageFile;
  let rows: EvalRow[];
  try {
    rows = readEvalRows((await read(args.csv)).toString('utf8'), args.csv);
  } catch (err) {
    deps.err(`eval: ${err instanceof EvalCsvError ? err.message : `cannot read ${args.csv}: ${(err as Error).message}`}`);
    return 2;
  }
  const manifestPath = args.modelPath ? path.resolve(args.modelPath) : deps.configuredModelPath;
  let model: ImageModel;
  try {
    model = await deps.loadModel(manifestPath);
  } catch (err) {
    deps.err(`eval: cannot load model ${manifestPath}: ${(err as Error).message}`);
    return 2;
  }
  const sensitivity = args.sensitivity ?? deps.defaultSensitivity;
  const thresholds = model.manifest.thresholds[sensitivity];
  const batch = Math.max(1, model.manifest.runtime?.max_batch ?? 8);
  const results: Result[] = [];
  let unscored = 0;
  const started = Date.now();
  try {
    // Streams in batches: read, protocol, baseline features, model; only the figures are kept.
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      const prepared = await Promise.all(
        chunk.map(async (row) => {
          try {
            const jpeg = await applyEvalProtocol(await read(row.absPath));
            return { row, jpeg, features: await baselineFeatures(jpeg) };
          } catch (err) {
            return { row, error: (err as Error).message };
          }
        }),
      );
      const ok = prepared.flatMap((p) => ('jpeg' in p ? [p] : []));
      for (const p of prepared) if ('error' in p) deps.err(`eval: ${p.row.file}: ${p.error}`);
      unscored += prepared.length - ok.length;
      const scores = ok.length > 0 ? await model.scoreBatch(ok.map((p) => p.jpeg!)) : [];
      ok.forEach((p, k) => {
        const s = scores[k];
        if (s && s.probability !== null && Number.isFinite(s.probability)) {
          results.push({ row: p.row, probability: s.probability, features: p.features! });
        } else {
          unscored++;
          deps.err(`eval: ${p.row.file}: not scored (${s?.reason ?? 'no score'})`);
        }
      });
      const done = Math.min(i + batch, rows.length);
      if (done === rows.length || Math.floor(done / 100) !== Math.floor(i / 100)) {
        const secs = (Date.now() - started) / 1000;
        deps.err(`eval: ${done}/${rows.length} images (${unscored} unscored), ${secs.toFixed(0)} s`);
      }
    }
  } finally {
    await model.close().catch(() => undefined);
  }

  const hasKinds = rows.some((r) => r.kind !== null);
  const groups = buildReport(results, thresholds, hasKinds);
  const all = groups.all!;
  const report: EvalReport = {
    csv: args.csv,
    model: { id: model.info.id, version: model.info.version, sha256: model.info.sha256 },
    protocol: EVAL_PROTOCOL,
    sensitivity,
    rows: rows.length,
    scored: results.length,
    unscored,
    auroc: all.auroc,
    tpr_at_fpr_1pct: all.tpr_at_fpr_1pct,
    tpr_at_fpr_5pct: all.tpr_at_fpr_5pct,
    confusion: all.confusion,
    baseline: { ...all.baseline, method: 'logistic regression on protocol-JPEG size, luma and saturation moments; stratified 5-fold CV inside this set' },
    groups,
    ...(rows.some((r) => r.source !== null) ? { sources: buildSourceReport(results, thresholds) } : {}),
  };
  deps.out(`model ${model.info.id} ${model.info.version}; protocol: center square, ${EVAL_PROTOCOL.size} px, JPEG q${EVAL_PROTOCOL.jpegQuality}; thresholds: ${sensitivity}`);
  deps.out(`${results.length} of ${rows.length} images scored (${unscored} unscored)`);
  for (const [name, g] of Object.entries(groups)) for (const line of describeGroup(name === 'art' ? 'art (illustration+anime)' : name, g)) deps.out(line);
  if (report.sources) for (const line of describeSources(report.sources)) deps.out(line);
  deps.out(JSON.stringify(report));
  return all.auroc === null ? 1 : 0;
}

async function main(): Promise<void> {
  const config = loadCliConfig('eval');
  if (!config) return;
  process.exitCode = await runEvalCli(process.argv.slice(2), {
    configuredModelPath: config.model.manifestPath,
    defaultSensitivity: 'medium', // the shipped default operating point, whatever the instance's default is
    loadModel: async (p) => (await import('../ai/onnx-model.js')).createOnnxModel(p),
    ...stdio,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
