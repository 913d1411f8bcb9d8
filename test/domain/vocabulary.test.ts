// The shared vocabularies: mode order, the minimum-mode rule, on/off words, and that config
// validation and visitor settings accept exactly these words.
import { describe, expect, it } from 'vitest';
import {
  AI_MODES, AI_MODES_WEAKEST_FIRST, IMAGE_SIZES, SENSITIVITIES, THEMES, isWeakerAiMode, parseBoolWord, stricterAiMode,
} from '../../src/domain/vocabulary.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { PREF_CHOICES, resolvePrefs } from '../../src/policy/prefs.js';

describe('AI modes', () => {
  it('are ordered off < label < blur < hide, and offered strictest first', () => {
    expect(AI_MODES_WEAKEST_FIRST).toEqual(['off', 'label', 'blur', 'hide']);
    expect(AI_MODES).toEqual(['hide', 'blur', 'label', 'off']);
  });

  it('the stricter of two modes, and which modes fall below a minimum', () => {
    expect(stricterAiMode('label', 'blur')).toBe('blur');
    expect(stricterAiMode('hide', 'off')).toBe('hide');
    expect(AI_MODES.filter((m) => isWeakerAiMode(m, 'blur'))).toEqual(['label', 'off']);
    expect(AI_MODES.filter((m) => isWeakerAiMode(m, null))).toEqual([]);
    expect(AI_MODES.filter((m) => isWeakerAiMode(m, 'off'))).toEqual([]);
  });
});

describe('on/off words', () => {
  it('reads the accepted words in any case, and nothing else', () => {
    for (const w of ['on', 'ON', ' true', 'yes', '1']) expect(parseBoolWord(w)).toBe(true);
    for (const w of ['off', 'False', 'no', '0 ']) expect(parseBoolWord(w)).toBe(false);
    for (const w of ['', 'enabled', 'toString', '__proto__', '2']) expect(parseBoolWord(w)).toBeUndefined();
  });
});

describe('config and settings derive from the same lists', () => {
  it('the settings form offers exactly the vocabularies', () => {
    expect(PREF_CHOICES).toEqual({ ai: AI_MODES, sensitivity: SENSITIVITIES, theme: THEMES, size: IMAGE_SIZES });
  });

  it('config accepts every word of each list and rejects others, naming the variable', () => {
    const lists: Array<[string, readonly string[]]> = [
      ['CORKBOARD_DEFAULT_AI_MODE', AI_MODES], ['CORKBOARD_MIN_AI_MODE', AI_MODES],
      ['CORKBOARD_DEFAULT_SENSITIVITY', SENSITIVITIES], ['CORKBOARD_DEFAULT_THEME', THEMES], ['CORKBOARD_DEFAULT_SIZE', IMAGE_SIZES],
    ];
    for (const [name, words] of lists) {
      for (const w of words) expect(() => loadConfig({ [name]: w })).not.toThrow();
      expect(() => loadConfig({ [name]: 'nonsense' })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: 'nonsense' })).toThrow(name);
    }
  });

  it('a visitor setting takes the same words', () => {
    const config = loadConfig({});
    const fromQuery = (query: Record<string, string>) => resolvePrefs({ cookies: {}, query, config });
    for (const s of SENSITIVITIES) expect(fromQuery({ sensitivity: s }).sensitivity).toBe(s);
    expect(fromQuery({ sensitivity: 'extreme' }).sensitivity).toBe(config.defaults.sensitivity);
    expect(fromQuery({ autoplay: 'yes' }).autoplay).toBe(true);
    expect(fromQuery({ autoplay: 'no' }).autoplay).toBe(false);
  });
});
