// /admin: the login form (a `password` field takes CORKBOARD_ADMIN_TOKEN), then the report queue
// with thumbnails and evidence, the lists in use with their sources, and the reputation table.
import type { ReportEntry } from '../../src/context/reports.js';
import type { ListFileStatus } from '../../src/context/list-files.js';
import type { SubscriptionStatus } from '../../src/context/subscriptions.js';
import type { SubjectTally } from '../../src/context/reputation.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { cleanText, pinPath, safeMediaPath, userPath } from '../safe.js';

export function renderAdminLogin(p: { ctx: ViewContext; error: string | null }): string {
  return toHtml(
    <Layout ctx={p.ctx} title="Admin" mainClass="page-admin" noindex>
      <h1>Admin</h1>
      {p.error ? <p class="error" role="alert">{p.error}</p> : null}
      <form method="post" action="/admin/login" class="admin-login">
        <label for="admin-password">Admin token</label>
        <input id="admin-password" type="password" name="password" autocomplete="current-password" required />
        <button type="submit">Log in</button>
      </form>
    </Layout>,
  );
}

export interface AdminPageProps {
  ctx: ViewContext;
  reports: ReportEntry[];
  files: ListFileStatus[];
  subscriptions: SubscriptionStatus[];
  pinners: SubjectTally[];
  boards: SubjectTally[];
  rule: { minDecisive: number; minShare: number };
  message: string | null;
}

const when = (t: number | null) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');

function ReportRow({ r }: { r: ReportEntry }) {
  const s = r.snapshot;
  const thumb = safeMediaPath(s.thumb);
  const action = `/admin/reports/${encodeURIComponent(r.pinId)}`;
  return (
    <li class="admin-report" data-report-pin={r.pinId}>
      {thumb ? <img src={thumb} alt="" width={118} loading="lazy" /> : null}
      <div>
        <p>
          <a href={pinPath(r.pinId)}>{cleanText(s.title) || `Pin ${r.pinId}`}</a>: {r.ai} said AI, {r.notAi} said not AI; last {when(r.lastAt)}
        </p>
        <p>
          {s.pinner ? <>Pinner <a href={userPath(s.pinner)}>{s.pinner}</a>. </> : null}
          {s.board ? <>Board {s.board}. </> : null}
          Verdict when reported: {s.verdict}.
        </p>
        {s.signals.length ? <ul>{s.signals.map((g) => <li>{cleanText(g.source)}: {cleanText(g.detail)}</li>)}</ul> : null}
        <form method="post" action={action} class="admin-actions">
          <button type="submit" name="action" value="list-image">AI: list this image</button>
          {s.pinner ? <button type="submit" name="action" value="list-pinner">AI: list the pinner</button> : null}
          <button type="submit" name="action" value="except-pin">Not AI: exception for this pin</button>
          <button type="submit" name="action" value="dismiss">Dismiss</button>
        </form>
      </div>
    </li>
  );
}

function TallyTable({ caption, rows, rule }: { caption: string; rows: SubjectTally[]; rule: AdminPageProps['rule'] }) {
  return (
    <table class="admin-table">
      <caption>{caption}</caption>
      <thead><tr><th>Name</th><th>Seen</th><th>Pinterest label</th><th>Provenance</th><th>Model AI</th><th>Unsure</th><th>Not AI</th><th>Context</th></tr></thead>
      <tbody>
        {rows.map((r) => {
          const t = r.tally;
          const decisive = t.label + t.provenance;
          const share = t.seen ? (decisive + t.ai) / t.seen : 0;
          const on = decisive >= rule.minDecisive && share >= rule.minShare;
          return (
            <tr>
              <td>{r.kind === 'pinner' ? <a href={userPath(r.value)}>{r.value}</a> : r.value}</td>
              <td>{t.seen}</td><td>{t.label}</td><td>{t.provenance}</td><td>{t.ai}</td><td>{t.unsure}</td><td>{t.notAi}</td>
              <td>{on ? 'yes' : 'no'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function renderAdminPage(p: AdminPageProps): string {
  return toHtml(
    <Layout ctx={p.ctx} title="Admin" mainClass="page-admin" noindex>
      <h1>Admin</h1>
      {p.message ? <p class="notice" role="status">{p.message}</p> : null}
      <form method="post" action="/admin/logout"><button type="submit">Log out</button></form>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">Reports ({p.reports.length})</h2>
        {p.reports.length ? <ul class="admin-reports">{p.reports.map((r) => <ReportRow r={r} />)}</ul> : <p>No open reports.</p>}
      </section>
      <section aria-labelledby="lists-title">
        <h2 id="lists-title">AI lists</h2>
        <ul>
          {p.files.map((f) => (
            <li>
              {f.path}: {f.entries} entries, read {when(f.loadedAt)}
              {f.error ? `; ${f.error}` : ''}
              {f.problems.length ? `; ${f.problems.length} lines not understood (first: line ${f.problems[0]!.line}, ${f.problems[0]!.message})` : ''}
            </li>
          ))}
          {p.subscriptions.map((s) => (
            <li>
              {s.url}: {s.entries} entries, fetched {when(s.fetchedAt)}
              {s.error ? `; last attempt failed: ${s.error}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rep-title">
        <h2 id="rep-title">Reputation</h2>
        <p>
          Context applies from {p.rule.minDecisive} pins with decisive evidence and {Math.round(p.rule.minShare * 100)}% AI among
          the pins seen.
        </p>
        <TallyTable caption="Pinners" rows={p.pinners} rule={p.rule} />
        <TallyTable caption="Boards" rows={p.boards} rule={p.rule} />
      </section>
    </Layout>,
  );
}
