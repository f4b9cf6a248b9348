/**
 * @module A one-line progress display on stderr (only on a TTY, and never with --json).
 */

export interface StageReporter {
  update: (subject: string, stage: string) => void;
  done: () => void;
}

/** Shows "subject: stage (elapsed)" on one rewritten stderr line. */
export function stageReporter({ silent }: { silent: boolean }): StageReporter {
  const live = !silent && process.stderr.isTTY === true;
  const started = Date.now();
  let shown = false;
  return {
    update(subject, stage) {
      if (!live) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stderr.write(`\r\x1b[2K${subject}: ${stage} (${seconds} s)`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
