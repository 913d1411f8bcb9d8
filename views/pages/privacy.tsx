// /privacy: what this instance keeps (nothing but the visitor's own cookies), what reaches
// Pinterest (nothing about the visitor), what is logged, and the admin's own disclosure.
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { MultilineText } from '../components/multiline-text.js';

export interface PrivacyPageProps {
  ctx: ViewContext;
  /** The admin's disclosure (hosting, country, extra logging), plain text; null when none. */
  disclosure: string | null;
  /** What the server logs, in words; defaults to the program's own behaviour. */
  logging?: string;
}

const DEFAULT_LOGGING =
  'The program logs start-up, errors and Pinterest’s answers (status, timing) without visitor IP addresses, cookies or search terms.';

export function renderPrivacyPage(p: PrivacyPageProps): string {
  return toHtml(
    <Layout ctx={p.ctx} title="Privacy" mainClass="page-privacy">
      <h1>Privacy</h1>
      <h2>What this instance keeps about you</h2>
      <p>
        Nothing on the server. Your settings live in cookies in your own browser (they are named after the settings, such
        as <code>ai</code> and <code>theme</code>), and you can carry them elsewhere with the restore link on the settings page.
        There are no accounts, no analytics and no third-party scripts.
      </p>
      <h2>What goes to Pinterest</h2>
      <p>
        Nothing about you. This server asks Pinterest for public pages, images and videos on its own behalf, without your IP
        address, cookies, browser details or referrer. Your browser only ever talks to this server. Pages and images may be
        cached here for a short time and shared between visitors; AI verdicts are cached per image.
      </p>
      <h2>Logs</h2>
      <p><MultilineText text={p.logging ?? DEFAULT_LOGGING} /></p>
      <h2>This instance’s operator</h2>
      {p.disclosure ? (
        <p class="disclosure"><MultilineText text={p.disclosure} /></p>
      ) : (
        <p>The operator has not added a statement.</p>
      )}
    </Layout>,
  );
}
