/**
 * @module `genesys doctor`: checks what Genesys-TS needs here and says how to fix each problem;
 * exits 1 when something required is missing.
 */
import { Command } from 'commander';
import pc from 'picocolors';
import { z } from 'zod';
import { getLadder } from '../../config/index.js';
import { runDoctor, type DoctorReport, type DoctorStatus } from '../../doctor/index.js';
import { EvolutionConfigSchema, type EvolutionConfig } from '../../evolution/index.js';
import { resolveStoreLocation } from '../../store/index.js';
import { readEvolutionConfig } from '../evolve/config-file.js';
import { modelOption, parseModelFlags } from '../model-flags.js';

const FlagsSchema = z.object({
  workspace: z.string().optional(),
  db: z.string().optional(),
  config: z.string().optional(),
  ladder: z.string().optional(),
  designer: z.string().optional(),
  model: z.array(z.string()).default([]),
  bench: z.boolean().default(true),
  json: z.boolean().default(false),
});

const MARKS: Record<DoctorStatus, string> = { ok: pc.green('✓'), warn: pc.yellow('!'), fail: pc.red('✗'), skip: pc.dim('-') };

function render(report: DoctorReport): string {
  const lines = report.checks.flatMap((check) => [
    `${MARKS[check.status]} ${check.id.padEnd(9)} ${check.summary}`,
    ...(check.fix && check.status !== 'ok' ? [`  ${' '.repeat(9)} ${pc.bold('fix:')} ${check.fix}`] : []),
  ]);
  const count = (status: DoctorStatus) => report.checks.filter((check) => check.status === status).length;
  const failures = report.checks.filter((check) => check.status === 'fail');
  lines.push('', report.ok
    ? `${pc.green('ready')}: ${count('warn')} warning(s)${failures.length ? `, ${failures.length} optional check(s) failed` : ''}`
    : `${pc.red('not ready')}: ${failures.filter((check) => check.required).map((check) => check.id).join(', ')} must be fixed`);
  return `${lines.join('\n')}\n`;
}

export const doctorCommand = new Command('doctor')
  .description('check Node, Python and torch, BLAS speed, the store, LLM keys and endpoints, prepared data and disk space; say how to fix each problem')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL of a shared store (default $GENESYS_DB)')
  .option('--config <file>', 'config file (default: genesys.config.yaml in the workspace, if any)')
  .option('--ladder <name>', 'check data and disk for this ladder (default: the config\'s)')
  .option('--designer <name>', 'check the LLMs this designer needs (default: the config\'s)')
  .addOption(modelOption())
  .option('--no-bench', 'skip the matmul timings')
  .option('--json', 'print the report as JSON')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const { workspace } = resolveStoreLocation({ workspace: flags.workspace });
    let config: EvolutionConfig;
    let configError: string | undefined;
    try {
      config = EvolutionConfigSchema.parse((await readEvolutionConfig({ path: flags.config, workspace })).config);
    } catch (error) {
      configError = (error as Error).message;
      config = EvolutionConfigSchema.parse({});
    }
    const models = flags.model.length > 0 ? parseModelFlags(flags.model) : config.llm.models;
    const report = await runDoctor({
      workspace: flags.workspace,
      db: flags.db,
      ladder: getLadder(flags.ladder ?? config.ladder),
      // Naming a model asks for it to be checked, as the LLM designer would use it.
      designer: flags.designer ?? (flags.model.length > 0 && config.designer === 'library' ? 'llm' : config.designer),
      models,
      modelSettings: config.llm.modelSettings,
      dataDir: config.verify.dataDir,
      bench: flags.bench,
      configError,
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
    process.exitCode = report.ok ? 0 : 1;
  });
