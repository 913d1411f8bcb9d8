// The one extra step of a visitor's first report: viewing pages sets no cookies, so the report
// cookie (SameSite=Strict, the same value for every visitor that day) is set here, and the
// visitor confirms with a second, same-site post that carries it.
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { pinPath } from '../safe.js';

export function renderReportConfirm(p: { ctx: ViewContext; pinId: string; action: string; token: string; said: 'ai' | 'not-ai' }): string {
  return toHtml(
    <Layout ctx={p.ctx} title="Confirm your report" mainClass="page-report" noindex>
      <h1>Confirm your report</h1>
      <p>
        You are reporting <a href={pinPath(p.pinId)}>this pin</a> as {p.said === 'ai' ? 'AI-generated' : 'not AI-generated'}. The
        report carries nothing about you. To keep other sites from sending reports in your name, this instance now keeps a small
        cookie, the same for every visitor, for two days; with it, later reports take one click.
      </p>
      <form method="post" action={p.action}>
        <input type="hidden" name="token" value={p.token} />
        <input type="hidden" name="verdict" value={p.said} />
        <button type="submit">Send the report</button>
      </form>
      <p><a href={pinPath(p.pinId)}>Back to the pin without reporting</a></p>
    </Layout>,
  );
}
