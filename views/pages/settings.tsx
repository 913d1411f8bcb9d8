// /settings: one plain POST form whose field names are the Prefs keys (the same names as the
// cookies and query parameters), the restore link, the feed URL pattern, and the admin's minimum.
//
// Checkboxes: each is preceded by `<input type="hidden" name=X value="off">`, so an unchecked box
// still sends X=off and a checked one sends X=off then X=on. The handler must read the LAST value
// of each checkbox field (e.g. `(await c.req.parseBody({ all: true }))[name]`, last element).
// Mute lists are textareas, one entry per line: copying them out and back in is the export/import.
import type { AiMode, Prefs } from '../../src/policy/types.js';
import type { OperatingFacts, RateAt } from '../../src/ai/operating-points.js';
import { AI_MODES, SENSITIVITIES, isWeakerAiMode, type Sensitivity } from '../../src/domain/vocabulary.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { cleanText, safeLocalPath } from '../safe.js';

export interface SettingsPageProps {
  ctx: ViewContext;
  /** The settings to show in the form (usually ctx.prefs). */
  prefs: Prefs;
  /** The restore link's URL: a local path such as `/settings/restore?ai=hide&...`, or an absolute
   *  http(s) URL on this instance's own origin. */
  restoreHref: string;
  /** The feed URL pattern with the current settings, shown as text, e.g.
   *  `https://example.org/USER/feed.rss?ai=hide&sensitivity=medium`. */
  feedUrlPattern: string;
  /** The admin forces at least this AI mode (an "AI-free instance"); null when not forced. */
  forcedMinimumMode: AiMode | null;
  /** Show "Settings saved." (after the POST's redirect). */
  saved: boolean;
  /** The model's measured false positives and misses per sensitivity (its manifest); null when unknown. */
  operatingFacts?: OperatingFacts | null;
}

const SENSITIVITY_NAMES: Array<[Sensitivity, string]> = [['low', 'Low'], ['medium', 'Medium'], ['high', 'High']];

/** 0.047 -> "4.7 %", 0.23 -> "23 %", 0 -> "0 %". */
function pct(x: number): string {
  if (x === 0) return '0 %';
  const p = x * 100;
  return p < 10 ? `${p.toFixed(1)} %` : `${Math.round(p)} %`;
}

function oneIn(r: RateAt): string {
  return r.fpr > 0 ? `about 1 in ${Math.round(1 / r.fpr)}` : `none of ${r.nReal}`;
}

/** One sensitivity in false positives and misses, from the measured rates. */
function sensitivitySentence(f: { hide: RateAt | null; label: RateAt | null }): string {
  const parts: string[] = [];
  if (f.hide) parts.push(`Real pictures wrongly called “AI” (hidden in Hide mode): ${pct(f.hide.fpr)} (${oneIn(f.hide)}).`);
  if (f.label) parts.push(`Wrongly called “Maybe AI” or “AI”: ${pct(f.label.fpr)}.`);
  const caught: string[] = [];
  if (f.hide) caught.push(`called “AI”: ${pct(f.hide.tpr)}`);
  if (f.label) caught.push(`called “Maybe AI” or “AI”: ${pct(f.label.tpr)}`);
  const missed = f.label ?? f.hide;
  if (caught.length > 0) parts.push(`AI pictures ${caught.join('; ')}; missed: ${pct(1 - missed!.tpr)}.`);
  return parts.join(' ');
}

function SensitivityMeaning({ facts }: { facts: OperatingFacts | null }) {
  const sample = facts ? SENSITIVITY_NAMES.map(([s]) => facts.bySensitivity[s].label ?? facts.bySensitivity[s].hide).find(Boolean) : null;
  if (!facts || !sample) {
    return <p class="help" id="set-sensitivity-help">Higher catches more AI images and also mistakes more real ones for AI.</p>;
  }
  const how = facts.measuredOn === 'out_of_fold' ? 'each source scored by a model fitted without it' : 'sources kept out of its training';
  return (
    <div class="help sensitivity-facts" id="set-sensitivity-help">
      <p>
        What each sensitivity means for the image model, measured on {sample.nReal} real and {sample.nAi} AI pictures
        ({how}). Pinterest’s own AI labels and generator metadata in the file count at every sensitivity.
      </p>
      <dl>
        {SENSITIVITY_NAMES.map(([s, name]) => (
          <>
            <dt>{name}</dt>
            <dd>{sensitivitySentence(facts.bySensitivity[s])}</dd>
          </>
        ))}
      </dl>
    </div>
  );
}

// Modes are offered strictest first (AI_MODES); those weaker than the admin's minimum are disabled.
const MODE_WORDS: Record<AiMode, string> = {
  hide: 'Hide AI images',
  blur: 'Blur AI images',
  label: 'Label AI images',
  off: 'Show everything (no AI filtering)',
};
const SENSITIVITY_WORDS: Record<Sensitivity, string> = {
  low: 'Low: only clear cases',
  medium: 'Medium',
  high: 'High: also doubtful cases',
};

/** An absolute http(s) URL or a local path; anything else is not rendered as a link. */
function safeRestoreHref(href: string): string | null {
  const local = safeLocalPath(href);
  if (local) return local;
  try {
    const u = new URL(href);
    if ((u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password) return u.href;
  } catch {
    /* not a URL */
  }
  return null;
}

function Select<T extends string>({ name, label, value, options, help, disabled, describedBy }: {
  name: string; label: string; value: T; options: Array<[T, string]>; help?: string; disabled?: (v: T) => boolean;
  /** id of a help element rendered after the field (instead of `help`). */
  describedBy?: string;
}) {
  const id = `set-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-describedby={help ? `${id}-help` : describedBy}>
        {options.map(([v, words]) => (
          <option value={v} selected={v === value} disabled={disabled?.(v) ?? false}>{words}</option>
        ))}
      </select>
      {help ? <p class="help" id={`${id}-help`}>{help}</p> : null}
    </div>
  );
}

function Checkbox({ name, label, checked, help }: { name: string; label: string; checked: boolean; help?: string }) {
  const id = `set-${name}`;
  return (
    <div class="field field--check">
      <input type="hidden" name={name} value="off" />
      <input type="checkbox" id={id} name={name} value="on" checked={checked} />
      <label for={id}>{label}</label>
      {help ? <p class="help">{help}</p> : null}
    </div>
  );
}

function MuteList({ name, label, values, help }: { name: string; label: string; values: string[]; help: string }) {
  const id = `set-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={4} spellcheck={false} aria-describedby={`${id}-help`}>{values.map(cleanText).join('\n')}</textarea>
      <p class="help" id={`${id}-help`}>{help}</p>
    </div>
  );
}

export function renderSettingsPage(p: SettingsPageProps): string {
  const { prefs, forcedMinimumMode } = p;
  const restore = safeRestoreHref(p.restoreHref);
  return toHtml(
    <Layout ctx={p.ctx} title="Settings" mainClass="page-settings">
      <h1>Settings</h1>
      {p.saved ? <p class="notice notice--ok" role="status">Settings saved.</p> : null}
      {forcedMinimumMode ? (
        <p class="notice notice--instance">
          This is an AI-free instance: its admin requires at least “{MODE_WORDS[forcedMinimumMode]}”. Weaker choices are turned off.
        </p>
      ) : null}
      <p>Settings are kept in cookies in your browser only; this server stores nothing about you.</p>
      <form class="settings-form" method="post" action="/settings">
        <fieldset>
          <legend>AI images</legend>
          <Select<AiMode>
            name="ai" label="AI images" value={prefs.ai}
            options={AI_MODES.map((m) => [m, MODE_WORDS[m]])}
            disabled={(m) => isWeakerAiMode(m, forcedMinimumMode)}
          />
          <Select
            name="sensitivity" label="Sensitivity" value={prefs.sensitivity}
            options={SENSITIVITIES.map((s) => [s, SENSITIVITY_WORDS[s]])}
            describedBy="set-sensitivity-help"
          />
          <SensitivityMeaning facts={p.operatingFacts ?? null} />
          <Checkbox name="badge" label="Add the image model’s score to “AI” and “Maybe AI” badges" checked={prefs.badge} />
          <Checkbox name="context" label="Also judge a pin by its pinner’s and board’s record here (many AI-labelled pins make the rest suspect)" checked={prefs.context} />
        </fieldset>
        <fieldset>
          <legend>Display</legend>
          <Select name="theme" label="Theme" value={prefs.theme} options={[['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']]} />
          <Select name="size" label="Grid size" value={prefs.size} options={[['small', 'Small'], ['medium', 'Medium'], ['large', 'Large']]} />
          <Checkbox name="autoplay" label="Autoplay videos (muted)" checked={prefs.autoplay} />
        </fieldset>
        <fieldset>
          <legend>Muted</legend>
          <p class="help">One per line. Pins matching any entry are hidden. Copy these boxes to keep a backup; paste them back to restore.</p>
          <MuteList name="mute_words" label="Words" values={prefs.mute_words} help="Matched in titles and descriptions, ignoring case." />
          <MuteList name="mute_pinners" label="Pinners" values={prefs.mute_pinners} help="Usernames, without @." />
          <MuteList name="mute_boards" label="Boards" values={prefs.mute_boards} help="Board paths such as user/board-name." />
          <MuteList name="mute_domains" label="Websites" values={prefs.mute_domains} help="Domains such as example.com (subdomains included)." />
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
      <section class="settings-extra">
        <h2>Restore link</h2>
        <p>Open this link in another browser to carry all of these settings over:</p>
        {restore ? (
          <p class="restore"><a id="restore-link" href={restore}>{restore}</a></p>
        ) : null}
        <h2>Feeds with your settings</h2>
        <p>Feed readers send no cookies, so feeds take the settings in their address:</p>
        <p><code class="feed-pattern">{cleanText(p.feedUrlPattern)}</code></p>
      </section>
    </Layout>,
  );
}
