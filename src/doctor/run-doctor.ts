/**
 * @module `genesys doctor`: every check, run side by side, in a fixed order.
 */
import { availableParallelism } from 'node:os';
import type { Ladder } from '../config/index.js';
import type { ModelSettings, RoleModels } from '../llm/index.js';
import { HAS_NVIDIA_GPU, netIsolationPrefix } from '../runtime/index.js';
import { resolveStoreLocation } from '../store/index.js';
import { artifactsCheck } from './artifacts-check.js';
import { dataCheck } from './data-check.js';
import { diskCheck } from './disk-check.js';
import { llmChecks } from './llm-check.js';
import { pythonChecks } from './python-check.js';
import { doctorReport, type DoctorCheck, type DoctorReport } from './report.js';
import { storeCheck } from './store-check.js';

export interface DoctorOptions {
  workspace?: string;
  db?: string;
  ladder: Ladder;
  designer: string;
  models: RoleModels;
  modelSettings: Record<string, ModelSettings>;
  dataDir?: string;
  /** Time a matmul (a fraction of a second per device); off for a quick look. */
  bench: boolean;
  /** Why the config file could not be used (the other checks then ran on the defaults). */
  configError?: string;
  env?: NodeJS.ProcessEnv;
}

const MIN_NODE_MAJOR = 20;

function nodeCheck(): DoctorCheck {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= MIN_NODE_MAJOR
    ? { id: 'node', status: 'ok', required: true, summary: `Node ${process.versions.node}` }
    : { id: 'node', status: 'fail', required: true, summary: `Node ${process.versions.node}; Genesys-TS needs ${MIN_NODE_MAJOR} or newer`, fix: `install Node ${MIN_NODE_MAJOR} LTS (e.g. from nodesource or nvm)` };
}

async function sandboxCheck(): Promise<DoctorCheck> {
  const prefix = await netIsolationPrefix();
  return prefix.length > 0
    ? { id: 'sandbox', status: 'ok', required: false, summary: `design code runs without network: ${prefix.join(' ')} plus the Python audit hook` }
    : { id: 'sandbox', status: 'warn', required: false, summary: 'no network namespace here (unshare failed); only the Python audit hook keeps design code off the network', fix: 'install util-linux and allow user namespaces (sysctl kernel.unprivileged_userns_clone=1), or run as root' };
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const { workspace, artifacts } = resolveStoreLocation({ workspace: options.workspace, env });
  const [python, store, llm, data, disk, artifactFolder, sandbox] = await Promise.all([
    pythonChecks({ bench: options.bench }),
    storeCheck({ workspace: options.workspace, db: options.db, env }),
    llmChecks({ designer: options.designer, models: options.models, modelSettings: options.modelSettings, env }),
    dataCheck({ ladder: options.ladder, workspace, dataDir: options.dataDir }),
    diskCheck({ ladder: options.ladder, workspace, concurrentRuns: HAS_NVIDIA_GPU ? 1 : availableParallelism() }),
    artifactsCheck({ artifacts, shared: Boolean(env.GENESYS_ARTIFACTS) }),
    sandboxCheck(),
  ]);
  const config: DoctorCheck[] = options.configError
    ? [{ id: 'config', status: 'fail', required: true, summary: options.configError, fix: 'fix the file (every setting: docs/configuration.md), or write a fresh one with genesys init --force' }]
    : [];
  return doctorReport([...config, nodeCheck(), ...python, store, ...llm, data, disk, artifactFolder, sandbox]);
}
