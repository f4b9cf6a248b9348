// The LLM flow with the real checker in its sandbox: a coder whose first unit leaks the future is
// shown the checker's report (unit file, line, cause) and fixes it.
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../src/checker/index.js';
import { renderReportForPrompt } from '../src/flows/llm/check-feedback.js';
import { createLlmDesigner } from '../src/flows/llm-designer.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { coderReply, designRequest, mixerFile, observerReply, planReply, proposalReply, reviewReply, SCRIPTED_ROLES } from './support/llm-design-fixtures.js';
import { queues, scriptedProvider } from './support/scripted-llm.js';
import { memoryDb } from './support/memory-db.js';

const FAST_CHECK = { d_model: 32, n_block: 1, seq_len: 32, train_steps: 6, reference: null };
const NON_CAUSAL = 'M = H.mean(dim=1, keepdim=True).expand_as(H)  # averages over the whole sequence';

const db = memoryDb({ after: closeWorkerPool });

describe('LLM designer with the real checker', () => {
  it('fixes a non-causal unit after the checker report goes back to the coder', async () => {
    const { providers, requests } = scriptedProvider(queues({
      proposer: [proposalReply()],
      reviewer: [reviewReply(4)],
      planner: [planReply('Mixer')],
      coder: [coderReply(mixerFile({ withGate: false, mixing: NON_CAUSAL })), coderReply(mixerFile({ withGate: false }))],
      observer: [observerReply(4)],
    }));
    const designer = createLlmDesigner({ models: SCRIPTED_ROLES, providers, flow: { searchRounds: 0 } });
    const reports: CheckReport[] = [];
    const check = async (design: Parameters<typeof runCheck>[0]['design']) => {
      const report = await runCheck({ design, options: FAST_CHECK });
      reports.push(report);
      return report;
    };
    const outcome = await designer.design(designRequest({ db, sessionKey: 'real-checker', check }));

    expect(reports.map((report) => report.passed)).toEqual([false, true]);
    expect(outcome.status).toBe('accepted');
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'accepted']);
    const failed = reports[0]!;
    const causality = failed.checks.find((entry) => entry.name === 'causality');
    expect(causality?.status).toBe('fail');
    const retry = requests.filter((entry) => entry.model === 'coder')[1]!.last;
    expect(retry).toContain(renderReportForPrompt(failed).trim());
    expect(retry).toMatch(/CumGateMixer\.py:\d+/);
    expect(retry).toMatch(/causal/i);
  });
});
