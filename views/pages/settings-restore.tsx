// /settings/restore?…: the restore link's landing page. It shows the settings the link carries and
// one button that saves them (a POST to /settings, which checks the request's origin). Opening the
// link changes nothing by itself: a link on any other site could otherwise switch a visitor's AI
// filter off (issue 18 row 10).
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { cleanText } from '../safe.js';

export interface RestorePageProps {
  ctx: ViewContext;
  /** Every setting as form field name and value, in the restore link's order. */
  fields: Array<[string, string]>;
  /** Human words for each field, e.g. ['AI images', 'Hide AI images']. */
  summary: Array<[string, string]>;
}

export function renderRestorePage(p: RestorePageProps): string {
  return toHtml(
    <Layout ctx={p.ctx} title="Restore settings" mainClass="page-settings" noindex>
      <h1>Restore settings</h1>
      <p>This link carries these settings. Save them to use them in this browser:</p>
      <dl class="restore-summary">
        {p.summary.map(([label, value]) => (
          <>
            <dt>{cleanText(label)}</dt>
            <dd>{cleanText(value) || '—'}</dd>
          </>
        ))}
      </dl>
      <form class="settings-form" method="post" action="/settings">
        {p.fields.map(([name, value]) => (
          <input type="hidden" name={name} value={cleanText(value)} />
        ))}
        <button type="submit">Save these settings</button>
      </form>
      <p><a href="/settings">Keep my current settings</a></p>
    </Layout>,
  );
}
