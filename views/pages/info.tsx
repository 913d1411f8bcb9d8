// /info: the human-readable twin of /info.json: version, model identity, defaults, cache figures.
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { cleanText } from '../safe.js';

interface InfoModel {
  id?: string;
  name: string;
  version: string;
  sha256: string;
  license?: string;
  /** Where the weights come from (text, not rendered as a link). */
  source?: string;
}

type InfoValue = string | number | boolean | null | string[];

export interface InfoPageProps {
  ctx: ViewContext;
  version: string;
  /** The loaded model, or null when none is loaded. */
  model: InfoModel | null;
  /** e.g. "loaded", "unavailable: file missing". */
  modelStatus?: string;
  /** Visitor defaults and instance settings worth showing, by name (e.g. { ai: 'hide' }). */
  defaults: Record<string, InfoValue>;
  /** Cache and scorer figures, by name (e.g. { pins_cached: 120 }). */
  figures: Record<string, InfoValue>;
}

function show(v: InfoValue): string {
  if (v === null) return '–';
  if (Array.isArray(v)) return v.length ? v.map(cleanText).join(', ') : '–';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return cleanText(String(v));
}

function Table({ caption, rows }: { caption: string; rows: Record<string, InfoValue> }) {
  const entries = Object.entries(rows);
  return (
    <table class="kv">
      <caption>{caption}</caption>
      <tbody>
        {entries.length === 0 ? <tr><td colspan={2}>–</td></tr> : entries.map(([k, v]) => (
          <tr><th scope="row">{cleanText(k)}</th><td>{show(v)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function renderInfoPage(p: InfoPageProps): string {
  const m = p.model;
  const model: Record<string, InfoValue> = m
    ? { name: m.name, id: m.id ?? null, version: m.version, sha256: m.sha256, license: m.license ?? null, source: m.source ?? null }
    : {};
  if (p.modelStatus) model.status = p.modelStatus;
  return toHtml(
    <Layout ctx={p.ctx} title="Instance info" mainClass="page-info">
      <h1>About this instance</h1>
      <p>Corkboard version <strong>{cleanText(p.version)}</strong>. The same figures are at <a href="/info.json">/info.json</a>.</p>
      <Table caption="AI model" rows={m || p.modelStatus ? model : { model: 'none loaded' }} />
      <Table caption="Defaults for visitors without settings" rows={p.defaults} />
      <Table caption="Cache and scoring" rows={p.figures} />
    </Layout>,
  );
}
