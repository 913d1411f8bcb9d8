// Small hand-written pins and configs for the policy tests.
import type { AiVerdict, AiVerdictKind, Pin } from '../../src/domain/types.js';
import type { PrefsConfig } from '../../src/policy/prefs.js';

export function makePin(id: string, over: Partial<Pin> = {}): Pin {
  return {
    id,
    title: `Pin ${id}`,
    description: '',
    altText: '',
    images: [],
    video: null,
    link: null,
    domain: null,
    createdAt: null,
    pinner: { username: 'someone', fullName: 'Some One', avatar: '/static/avatar.svg' },
    board: { name: 'Board', path: '/someone/board/' },
    saves: null,
    commentCount: null,
    isPromoted: false,
    digitalMediaSourceType: null,
    genAiTopics: null,
    hashtags: [],
    ...over,
  };
}

export function verdict(kind: AiVerdictKind, score: number | null = kind === 'unscored' ? null : 0.5): AiVerdict {
  return { verdict: kind, score, signals: [] };
}

export function prefsConfig(over: Partial<PrefsConfig['defaults']> = {}): PrefsConfig {
  return {
    defaults: { ai: 'hide', minAi: 'off', sensitivity: 'medium', theme: 'system', size: 'medium', autoplay: false, badge: true, ...over },
  };
}
