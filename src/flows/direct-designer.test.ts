// The direct-prompting baseline with a scripted coder: the whole block in one reply, checked, with
// the findings sent back when it is incomplete.
import { describe, expect, it } from 'vitest';
import { coderReply, designRequest, GATE_FILE, mixerFile, passingCheck, ROOT_FILE, SCRIPTED_ROLES } from '../../test/support/llm-design-fixtures.js';
import { queues, scriptedProvider } from '../../test/support/scripted-llm.js';
import { closeWorkerPool } from '../runtime/index.js';
import { createDirectDesigner } from './direct-designer.js';
import { memoryDb } from '../../test/support/memory-db.js';

const db = memoryDb({ after: closeWorkerPool });

describe('direct designer', () => {
  it('asks for the whole block at once and sends back what is missing', async () => {
    const { providers, requests } = scriptedProvider(queues({ coder: [coderReply(ROOT_FILE, mixerFile()), coderReply(ROOT_FILE, mixerFile(), GATE_FILE)] }));
    const designer = createDirectDesigner({ models: SCRIPTED_ROLES, providers });
    const { check, checked } = passingCheck();
    const outcome = await designer.design(designRequest({ db, sessionKey: 'direct', check, mode: 'scratch', name: 'direct-block' }));
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    expect(outcome.design).toMatchObject({ name: 'direct-block', root: 'GatedBlock', metadata: { designer: 'direct' } });
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'accepted']);
    expect(outcome.attempts[0]!.data.problems).toEqual(['the unit GateProj is declared but has no file']);
    expect(checked).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.system).toMatch(/in a single reply/);
    expect(requests[1]!.last).toMatch(/GateProj is declared but has no file/);
  });

  it('implements a given proposal and gives up after its attempts', async () => {
    const { providers } = scriptedProvider(queues({ coder: Array.from({ length: 6 }, () => 'no code') }));
    const designer = createDirectDesigner({ models: SCRIPTED_ROLES, providers, maxAttempts: 2 });
    const given = {
      proposal: { title: 'Gated mixer', abstract: 'Gate the running mean.', text: 'Details.', selection: 'Mixer', review: null, rating: 4 },
      record: { title: 'Gated mixer', text: 'Details.', rating: 4, versions: [], reviews: [], data: {} },
    };
    const outcome = await designer.implement(designRequest({ db, sessionKey: 'direct-given', check: passingCheck().check }), given);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'no valid design after 2 attempt(s)', proposal: { title: 'Gated mixer' } });
  });
});
