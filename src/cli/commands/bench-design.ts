/**
 * @module `genesys bench design`: the design benchmark — a designer (the full LLM flow or the
 * direct-prompting baseline) implements each proposal of a JSONL file, every result checked by the
 * real checker; prints the valid-design rate, attempts, tokens, cost and time per design.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { runCheck } from '../../checker/index.js';
import { readBenchProposals } from '../../flows/llm/bench-proposals.js';
import { renderDesignBenchmark, runDesignBenchmark, type BenchDesignResult } from '../../flows/llm/design-benchmark.js';
import { modelOption, parseModelFlags } from '../model-flags.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  proposals: z.string().min(1),
  designer: z.enum(['llm', 'direct']).default('llm'),
  model: z.array(z.string()).min(1, 'give --model provider:name (or role=provider:name)'),
  baseUrl: z.string().url().optional(),
  replay: z.boolean().default(false),
  limit: z.coerce.number().int().positive().optional(),
  maxCost: z.coerce.number().positive().optional(),
  attempts: z.coerce.number().int().positive().optional(),
  dModel: z.coerce.number().int().positive().optional(),
  nBlock: z.coerce.number().int().positive().optional(),
  seqLen: z.coerce.number().int().min(4).optional(),
  timeout: z.coerce.number().positive().default(300),
  workspace: z.string().optional(),
  db: z.string().optional(),
  json: z.boolean().default(false),
});
export type BenchDesignFlags = z.infer<typeof FlagsSchema>;

/** Runs the benchmark (testable without the CLI). */
export async function collectDesignBenchmark(flags: BenchDesignFlags, log?: (message: string) => void): Promise<BenchDesignResult> {
  const models = parseModelFlags(flags.model);
  const proposals = await readBenchProposals(flags.proposals, { limit: flags.limit });
  const specs = Object.values(models).filter((spec): spec is string => typeof spec === 'string');
  const modelSettings = flags.baseUrl ? Object.fromEntries(specs.map((spec) => [spec, { baseUrl: flags.baseUrl }])) : {};
  const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true });
  try {
    return await runDesignBenchmark({
      db: store.db,
      proposals,
      designer: flags.designer,
      designerOptions: {
        models,
        replay: flags.replay,
        llm: { modelSettings },
        maxCostUsd: flags.maxCost,
        flow: flags.attempts ? { maxAttemptsPerUnit: flags.attempts } : {},
      },
      check: (design) => runCheck({
        design,
        options: { d_model: flags.dModel, n_block: flags.nBlock, seq_len: flags.seqLen },
        limits: { timeoutMs: flags.timeout * 1000 },
      }),
      log,
    });
  } finally {
    await store.close();
  }
}

const designCommand = new Command('design')
  .description('implement benchmark proposals with a designer and report the valid-design rate, attempts, tokens, cost and time')
  .requiredOption('--proposals <file>', 'JSONL of proposals: the original benchmark (proposals.jsonl) or ours')
  .option('--designer <name>', 'llm (the full flow) or direct (the one-prompt baseline)', 'llm')
  .addOption(modelOption().default([]))
  .option('--base-url <url>', 'endpoint of openai-compatible models (default $GENESYS_LLM_BASE_URL)')
  .option('--replay', 'answer only from the LLM cache of this workspace')
  .option('--limit <n>', 'only the first n proposals')
  .option('--max-cost <usd>', 'budget per design')
  .option('--attempts <n>', 'coder attempts per unit (llm) or per design (direct)')
  .option('--d-model <n>', 'model width of the checks (default 128)')
  .option('--n-block <n>', 'blocks in the checks (default 2)')
  .option('--seq-len <n>', 'sequence length of the checks (default 128)')
  .option('--timeout <seconds>', 'wall-clock limit per check', '300')
  .option('--workspace <dir>', 'workspace folder: the store with the LLM cache (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL of the store instead')
  .option('--json', 'print the result as one JSON document on stdout')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    try {
      const result = await collectDesignBenchmark(flags, flags.json ? undefined : (message) => process.stderr.write(`${message}\n`));
      if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stderr.write(`${renderDesignBenchmark(result)}\n`);
    } finally {
      await closeWorkerPool();
    }
  });

/** `genesys bench …`: benchmarks of the system's stages. */
export const benchCommand = new Command('bench').description('benchmarks: design (valid-design rate of a designer on benchmark proposals)').addCommand(designCommand);
