import { describe, expect, it } from 'vitest';
import { unitPinyin } from './pinyin.js';
import { addFeatures, normalize, pinyinKey, units, words } from './tokenize.js';

describe('normalize', () => {
  it('folds full-width letters, case and punctuation so 「ＫＴＶ，」 and ktv are the same', () => {
    expect(normalize('  开ＫＴＶ，要什么证？ ')).toBe('开ktv 要什么证');
  });

  it('keeps Han characters, latin words and digits as units', () => {
    expect(units(normalize('80岁老人 4S店'))).toEqual(['80', '岁', '老', '人', '4s', '店']);
  });
});

describe('segmentation', () => {
  it('segments with jieba in search mode, so long words also yield their parts', () => {
    const w = words('社保卡丢了');
    expect(w).toContain('社保卡');
    expect(w).toContain('社保');
  });

  it('produces word, bigram, pinyin, skip-bigram and unigram features', () => {
    const bag = new Map<string, number>();
    addFeatures(bag, '居住证', { typos: true, unigrams: true });
    expect([...bag.keys()]).toEqual(
      expect.arrayContaining(['w:居住证', 'b:居住', 'b:住证', 'p:ju_zu', 's:居_证', 'u:居']),
    );
  });

  it('leaves typo features out of long fields', () => {
    const bag = new Map<string, number>();
    addFeatures(bag, '居住证', { typos: false, unigrams: false });
    expect([...bag.keys()].some((f) => /^[psu]:/.test(f))).toBe(false);
  });
});

describe('pinyin', () => {
  it('reads a homophone typo the same as the intended word (备按 / 备案)', () => {
    expect(pinyinKey('备按')).toBe(pinyinKey('备案'));
  });

  it('folds zh/z, ch/c, sh/s and n/l, which many speakers do not distinguish', () => {
    expect(unitPinyin('争')).toBe(unitPinyin('增'));
    expect(unitPinyin('疗')).toBe(unitPinyin('尿'));
  });

  it('keeps -ng and -n apart so 针 and 证 do not collide', () => {
    expect(unitPinyin('针')).not.toBe(unitPinyin('证'));
  });
});
