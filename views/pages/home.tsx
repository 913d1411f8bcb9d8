// /: a big search box, a field that opens any Pinterest link here (GET /go?url=), a short
// explanation, and pointers to settings and feeds.
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { SearchForm } from '../components/search-form.js';
import { cleanText } from '../safe.js';

export interface HomePageProps {
  ctx: ViewContext;
}

const AI_MODE_WORDS = {
  hide: 'hidden',
  blur: 'blurred',
  label: 'labelled',
  off: 'shown as they are',
} as const;

export function renderHomePage({ ctx }: HomePageProps): string {
  const name = cleanText(ctx.instanceName) || 'Corkboard';
  return toHtml(
    <Layout ctx={ctx} title="" mainClass="page-home">
      <h1 class="home-title">{name}</h1>
      <p class="lede">Browse Pinterest privately, with AI-generated images {AI_MODE_WORDS[ctx.prefs.ai] ?? 'hidden'}.</p>
      <SearchForm idPrefix="home" big />
      <form class="go-form" method="get" action="/go" aria-label="Open a Pinterest link">
        <label for="go-url">Open a Pinterest link here</label>
        <input id="go-url" type="text" inputmode="url" name="url" required maxlength={2000} placeholder="Paste a Pinterest pin, board, profile or pin.it link" autocomplete="off" />
        <button type="submit">Open</button>
      </form>
      <section class="home-about">
        <h2>How it works</h2>
        <ul>
          <li>This server fetches public Pinterest pages and images for you. Your browser never contacts Pinterest, and no account is needed.</li>
          <li>Every image is checked for signs of AI generation: Pinterest’s own label, generator metadata in the file, and an image model. You choose whether AI images are hidden, blurred, labelled or shown in <a href="/settings">Settings</a>.</li>
          <li>Pinterest’s paths work here too: in any Pinterest link, replace Pinterest’s domain with this site’s address.</li>
          <li>
            Feeds: add <code>.rss</code> to follow a user (<code>/USER/feed.rss</code>), a board (<code>/USER/BOARD.rss</code>) or a search
            (<code>/search/pins/feed.rss?q=…</code>). Feed readers send no cookies, so your AI setting rides in the link (<code>?ai=hide</code>); the settings page shows yours.
          </li>
        </ul>
      </section>
    </Layout>,
  );
}
