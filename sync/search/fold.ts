// How search compares Swedish text: case and diacritics are folded away ("Överflyttning",
// "overflyttning" and "ÖVERFLYTTNING" are the same word), words are runs of letters and
// digits, and a word's inner fragments make compound words findable by their parts
// ("stopp" in "hjärtstopp"). Pure string work with no Node imports: the index, the query
// parser and the viewer's highlighting all use these same rules.

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Lower case without diacritics: "Vårdhygien" → "vardhygien". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** The folded words of a text, in order. */
export function foldedWords(text: string): string[] {
  return foldText(text).split(NON_WORD).filter((w) => w.length > 0);
}

export function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

/** Shortest fragment indexed for compound matching; shorter query terms match word starts only. */
export const MIN_FRAGMENT = 3;

/**
 * Every suffix of a word that starts inside it and is at least MIN_FRAGMENT long:
 * "hjartstopp" → "jartstopp", "artstopp", … "stopp", … "opp". A prefix query on these
 * finds any substring of the word, which is how compound parts are found.
 */
export function wordSuffixes(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 1; i + MIN_FRAGMENT <= chars.length; i++) out.push(chars.slice(i).join(''));
  return out;
}

/** A folded copy of a text that remembers where each folded character came from. */
export interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`: the start of its source character in the original. */
  starts: number[];
  /** For each UTF-16 unit of `folded`: the end of its source character in the original. */
  ends: number[];
}

export function foldWithMap(original: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const ch of original) {
    const f = foldText(ch);
    // A lone combining mark (text in NFD) folds to nothing; it belongs to the letter before it.
    if (f === '' && ends.length > 0) ends[ends.length - 1] = i + ch.length;
    for (let k = 0; k < f.length; k++) {
      starts.push(i);
      ends.push(i + ch.length);
    }
    folded += f;
    i += ch.length;
  }
  return { folded, starts, ends };
}
