// A profile's header: avatar, names, about text, counts, website, and the tabs of its pages.
import type { User } from '../../src/domain/types.js';
import { cleanText, DEFAULT_AVATAR, formatCount, safeMediaPath, safeOutboundLink, userPath } from '../safe.js';
import { MultilineText } from './multiline-text.js';
import { OutboundAnchor } from './outbound-anchor.js';

/** The profile's pages: boards (`/USER/` and `/USER/_saved/`), `_created` and `pins`. */
export type UserTab = 'saved' | 'created' | 'pins';

export interface UserHeaderProps {
  user: User;
  tab: UserTab;
}

const TABS: Array<{ tab: UserTab; label: string; suffix: string }> = [
  { tab: 'saved', label: 'Boards', suffix: '_saved/' },
  { tab: 'created', label: 'Created', suffix: '_created/' },
  { tab: 'pins', label: 'Pins', suffix: 'pins/' },
];

export function UserHeader({ user, tab }: UserHeaderProps) {
  const base = userPath(user.username);
  const website = safeOutboundLink(user.website);
  const stats: string[] = [];
  const followers = formatCount(user.followerCount);
  const following = formatCount(user.followingCount);
  const pins = formatCount(user.pinCount);
  const boards = formatCount(user.boardCount);
  if (followers) stats.push(`${followers} followers`);
  if (following) stats.push(`${following} following`);
  if (pins) stats.push(`${pins} pins`);
  if (boards) stats.push(`${boards} boards`);
  const name = cleanText(user.fullName) || cleanText(user.username);
  return (
    <header class="profile">
      <img class="avatar avatar--large" src={safeMediaPath(user.avatar) ?? DEFAULT_AVATAR} alt="" width={96} height={96} />
      <div class="profile__text">
        <h1 dir="auto">{name}</h1>
        <p class="profile__handle">@{cleanText(user.username)}</p>
        {user.about ? <p class="profile__about" dir="auto"><MultilineText text={user.about} /></p> : null}
        {stats.length > 0 ? <p class="profile__stats">{stats.join(' · ')}</p> : null}
        {website ? <p class="profile__website"><OutboundAnchor link={website} /></p> : null}
      </div>
      <nav class="tabs" aria-label="Profile pages">
        {TABS.map((t) => (
          <a href={`${base}${t.suffix}`} class={t.tab === tab ? 'tab is-current' : 'tab'} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
    </header>
  );
}
