/**
 * @module The prepared dataset of the ladder: present, readable, the ladder's tokenizer, shard
 * files of the recorded sizes, tokenized evaluation tasks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ladder } from '../config/index.js';
import { checkShardFiles, corpusSlug, readShardsMeta } from '../data/index.js';
import type { DoctorCheck } from './report.js';

export async function dataCheck(options: { ladder: Ladder; workspace: string; dataDir?: string }): Promise<DoctorCheck> {
  const { ladder } = options;
  const dir = options.dataDir ?? join(options.workspace, 'data', `${corpusSlug(ladder.corpus)}-${ladder.tokenizer}`);
  const prepare = `genesys data prepare --ladder ${ladder.name}${options.dataDir ? ` --out ${options.dataDir}` : ` --workspace ${options.workspace}`}`;
  const details = { dir, ladder: ladder.name };
  if (!existsSync(join(dir, 'meta.json'))) {
    // The default dataset is prepared on first use (the bundled corpus, offline); a configured one is not.
    return options.dataDir
      ? { id: 'data', status: 'fail', required: true, details, summary: `no dataset at ${dir} (verify.dataDir)`, fix: prepare }
      : { id: 'data', status: 'warn', required: false, details, summary: `${ladder.corpus} with the ${ladder.tokenizer} tokenizer is not prepared yet in ${dir}`, fix: `${prepare} (or let the first verification prepare it)` };
  }
  try {
    const meta = await readShardsMeta(dir);
    if (meta.tokenizer.name !== ladder.tokenizer) {
      return { id: 'data', status: 'fail', required: true, details, summary: `${dir} uses the ${meta.tokenizer.name} tokenizer; ladder ${ladder.name} needs ${ladder.tokenizer}`, fix: `${prepare} --force` };
    }
    await checkShardFiles(dir, meta, { checksums: false });
    const tokens = meta.splits.train.tokens;
    if (!existsSync(join(dir, 'eval'))) {
      return { id: 'data', status: 'warn', required: false, details, summary: `${dir}: ${tokens.toLocaleString('en-US')} training tokens; evaluation tasks not tokenized yet`, fix: `${prepare} (or let the first verification do it)` };
    }
    return { id: 'data', status: 'ok', required: false, details: { ...details, trainTokens: tokens }, summary: `${dir}: ${meta.source.corpus}, ${meta.tokenizer.name} tokenizer, ${tokens.toLocaleString('en-US')} training tokens, evaluation tasks ready` };
  } catch (error) {
    return { id: 'data', status: 'fail', required: true, details, summary: `${dir} is damaged: ${(error as Error).message}`, fix: `${prepare} --force` };
  }
}
