/**
 * @module The live display of `genesys evolve` on stderr: generation, population, budgets with the
 * best design per scale, the top of the ranking, running jobs with training progress, and an ETA.
 * Redrawn in place on a terminal; one line per generation otherwise; nothing with --json.
 */
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import { formatFitness, type EvolutionStatus } from '../../evolution/index.js';
import type { VerifyProgress } from '../../verify/index.js';

export interface EvolveDisplay {
  status(status: EvolutionStatus): void;
  progress(jobId: number, progress: VerifyProgress): void;
  line(message: string): void;
  stop(): void;
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function render(status: EvolutionStatus, progress: Map<number, VerifyProgress>, started: number): string {
  const lines = [
    `${pc.bold(`evolution ${status.evolution}`)} · generation ${status.generation} · ${status.designs - status.seeds} designs + ${status.seeds} seeds · elapsed ${duration((Date.now() - started) / 1000)}`
      + ` · ETA ${status.etaSeconds === null ? 'measuring' : duration(status.etaSeconds)}`,
  ];
  for (const scale of status.scales) {
    const best = scale.best ? `best ${scale.best.name} ${scale.best.bpb.toFixed(3)} bpb` : 'no result yet';
    lines.push(`  ${scale.scale.padEnd(8)} budget ${String(scale.used).padStart(3)}/${String(scale.total).padEnd(3)} · ${best}`);
  }
  if (status.top.length > 0) {
    lines.push(`  top: ${status.top.slice(0, 3).map((design) => `${design.name} ${formatFitness(design.fitness)}`).join(' · ')}`);
  }
  for (const job of status.running) {
    const step = progress.get(job.id);
    const detail = step?.stage === 'train' && step.totalSteps ? ` train ${step.step ?? 0}/${step.totalSteps}${step.loss !== undefined ? ` loss ${step.loss.toFixed(3)}` : ''}${step.etaSeconds !== undefined ? ` ~${duration(step.etaSeconds)}` : ''}`
      : step ? ` ${step.stage}` : '';
    lines.push(`  ${pc.cyan(job.kind.padEnd(6))} ${job.label}${detail}`);
  }
  if (status.queued > 0) lines.push(pc.dim(`  ${status.queued} queued`));
  return lines.join('\n');
}

export function evolveDisplay(options: { silent: boolean }): EvolveDisplay {
  const started = Date.now();
  const progress = new Map<number, VerifyProgress>();
  let last: EvolutionStatus | undefined;
  if (options.silent) return { status: () => {}, progress: () => {}, line: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    return {
      status: (status) => { last = status; },
      progress: () => {},
      line: (message) => process.stderr.write(`${message}\n`),
      stop: () => {
        if (last) process.stderr.write(`${render(last, progress, started)}\n`);
        last = undefined;
      },
    };
  }
  const update = createLogUpdate(process.stderr, { showCursor: false });
  const draw = () => { if (last) update(render(last, progress, started)); };
  return {
    status(status) {
      last = status;
      for (const id of progress.keys()) if (!status.running.some((job) => job.id === id)) progress.delete(id);
      draw();
    },
    progress(jobId, step) {
      progress.set(jobId, step);
      draw();
    },
    line(message) {
      update.clear();
      process.stderr.write(`${message}\n`);
      draw();
    },
    stop() {
      draw();
      last = undefined;
      update.done();
    },
  };
}
