/**
 * @module The unigram baseline: bits per byte of a model that knows only token frequencies.
 */

/** Counts token ids; `bitsPerByte` is H(unigram) in bits per token times tokens per UTF-8 byte. */
export class UnigramCounter {
  readonly #counts: Float64Array; // doubles: counts past 2^32 on large corpora stay exact up to 2^53
  #tokens = 0;

  constructor(vocabSize: number) {
    this.#counts = new Float64Array(vocabSize);
  }

  add(ids: ArrayLike<number>): void {
    for (let index = 0; index < ids.length; index++) this.#counts[ids[index] as number]! += 1;
    this.#tokens += ids.length;
  }

  /** null when nothing was counted or `bytes` is 0. */
  bitsPerByte(bytes: number): number | null {
    if (this.#tokens === 0 || bytes === 0) return null;
    let bitsPerToken = 0;
    for (const count of this.#counts) {
      if (count > 0) bitsPerToken -= (count / this.#tokens) * Math.log2(count / this.#tokens);
    }
    return (bitsPerToken * this.#tokens) / bytes;
  }
}
