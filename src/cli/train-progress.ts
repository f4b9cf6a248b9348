/**
 * @module A progress bar for verifications on stderr: stage, step, loss, tokens/s and ETA
 * (a TTY only; plain stage lines otherwise, nothing with --json).
 */
import cliProgress from 'cli-progress';
import type { VerifyProgress } from '../verify/index.js';

export interface VerifyProgressDisplay {
  update: (progress: VerifyProgress) => void;
  stop: () => void;
}

/** A display for one verification of `label` (e.g. "gpt @ micro-1"). */
export function verifyProgressDisplay(label: string, { silent }: { silent: boolean }): VerifyProgressDisplay {
  if (silent) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    let lastStage = '';
    return {
      update(progress) {
        if (progress.stage !== lastStage) process.stderr.write(`${label}: ${progress.stage}\n`);
        lastStage = progress.stage;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} {stage} |{bar}| {value}/{total} steps · loss {loss} · {speed} tok/s · ETA {etaText}`,
    hideCursor: true,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(progress) {
      const payload = {
        stage: progress.stage.padEnd(8),
        loss: progress.loss?.toFixed(3) ?? '-',
        speed: progress.tokensPerSecond ? Math.round(progress.tokensPerSecond).toLocaleString('en-US') : '-',
        etaText: progress.etaSeconds !== undefined ? `${Math.round(progress.etaSeconds)} s` : '-',
      };
      if (!started) {
        bar.start(progress.totalSteps ?? 1, progress.step ?? 0, payload);
        started = true;
      } else {
        if (progress.totalSteps) bar.setTotal(progress.totalSteps);
        if (progress.step !== undefined) bar.update(progress.step, payload);
        else bar.update(payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
