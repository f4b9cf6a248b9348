// The LLM design flow with scripted models and a checker stand-in (the real checker is exercised in
// test/llm-designer-checker.test.ts): proposal with review and revision, unit-by-unit implementation,
// malformed replies, budgets, provider failures, replay, and resuming after a crash.
import { describe, expect, it } from 'vitest';
import { coderReply, designRequest, GATE_FILE, ROOT_FILE, mixerFile, observerReply, passingCheck, planReply, proposalReply, reviewReply, SCRIPTED_ROLES } from '../../test/support/llm-design-fixtures.js';
import { httpError, queues, scriptedProvider, type ScriptedReply } from '../../test/support/scripted-llm.js';
import { LlmReplayMissError } from '../llm/index.js';
import { closeWorkerPool } from '../runtime/index.js';
import { createLlmDesigner } from './llm-designer.js';
import type { LiteratureSearch } from './llm/literature-search.js';
import { loadSession } from './llm/session-checkpoints.js';
import { memoryDb } from '../../test/support/memory-db.js';

const db = memoryDb({ after: closeWorkerPool });

const FAST_LLM = { retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2000, maxRetries: 1 };
/** One cent per call: 1,000 input and 500 output tokens at these prices. */
const PRICES = Object.fromEntries(Object.values(SCRIPTED_ROLES).map((spec) => [spec!, { inputPerMTok: 5, outputPerMTok: 10 }]));
const CENT = { tokensIn: 1000, tokensOut: 500 };

function designer(script: Parameters<typeof queues>[0], options: { maxCostUsd?: number; replay?: boolean; search?: LiteratureSearch } = {}) {
  const { providers, requests } = scriptedProvider(queues(script));
  const llmDesigner = createLlmDesigner({
    models: SCRIPTED_ROLES, providers, replay: options.replay, maxCostUsd: options.maxCostUsd, search: options.search,
    llm: { ...FAST_LLM, prices: PRICES }, flow: { searchRounds: options.search ? 2 : 0 },
  });
  return { designer: llmDesigner, requests };
}

const priced = (text: string): ScriptedReply => ({ text, ...CENT });

/** The full happy-path script: a proposal revised once, then the mixer and its gate. */
function happyScript(): Record<string, ScriptedReply[]> {
  return {
    proposer: [priced(proposalReply()), priced(proposalReply({ changes: 'Explained the gate.' }))],
    reviewer: [priced(reviewReply(3)), priced(reviewReply(4.5))],
    planner: [priced(planReply('Mixer'))],
    coder: [priced(coderReply(mixerFile(), GATE_FILE))],
    observer: [priced(observerReply(4))],
  };
}

describe('LLM designer', () => {
  it('revises a proposal until it passes review, implements it unit by unit, and returns the same outcome again', async () => {
    const { designer: llm, requests } = designer(happyScript());
    const { check, checked } = passingCheck();
    const request = designRequest({ db, sessionKey: 'happy', check });
    const outcome = await llm.design(request);
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    expect(Object.keys(outcome.design.units).sort()).toEqual(['CumGateMixer', 'GateProj', 'Tiny']);
    expect(outcome.design.units.Tiny!.code).toMatch(/self\.mixer = CumGateMixer\(/);
    expect(outcome.design.units.Tiny!.children).toEqual(['CumGateMixer']);
    expect(outcome.design.units.CumGateMixer!.rating).toBe(4);
    expect(outcome.design).toMatchObject({ name: 'tiny-gated', parents: ['tiny'], metadata: { designer: 'llm', selection: 'Mixer' } });
    expect(outcome.proposal!.versions.map((version) => version.rating)).toEqual([3, 4.5]);
    expect(outcome.proposal!.reviews).toHaveLength(2);
    expect(outcome.attempts.map((attempt) => [attempt.unit, attempt.status])).toEqual([['CumGateMixer', 'accepted']]);
    expect(outcome.costUsd).toBeCloseTo(0.07, 10);
    expect(checked).toHaveLength(1);
    // The revision saw the review; the coder saw the proposal and the parent's code.
    expect(requests.find((entry) => entry.model === 'proposer' && /rating 3 of 5/.test(entry.last))).toBeDefined();
    expect(requests.find((entry) => entry.model === 'coder')!.system).toMatch(/Gated cumulative mixer/);
    expect((await loadSession(db, 'happy'))!.stage).toBe('accepted');
    const again = await llm.design(request);
    expect(again).toEqual(outcome);
  });

  it('implements declared children in later rounds and feeds a malformed coder reply back', async () => {
    const { designer: llm, requests } = designer({
      proposer: [proposalReply()],
      reviewer: [reviewReply(4)],
      planner: [planReply('Mixer')],
      coder: [coderReply(mixerFile()), 'I would rather describe the gate in words.', coderReply(GATE_FILE)],
      observer: [observerReply(4), observerReply(5)],
    });
    const { check, checked } = passingCheck();
    const outcome = await llm.design(designRequest({ db, sessionKey: 'rounds', check }));
    expect(outcome.status).toBe('accepted');
    expect(outcome.attempts.map((attempt) => [attempt.unit, attempt.status])).toEqual([['CumGateMixer', 'accepted'], ['GateProj', 'accepted']]);
    expect(checked[0]!.declares.GateProj).toBeDefined();
    expect(checked[0]!.units.GateProj).toBeUndefined();
    expect(requests.filter((entry) => entry.model === 'coder')[2]!.last).toMatch(/no ```python block/);
  });

  it('records a unit as failed, without crashing, when the coder never gives usable code', async () => {
    const { designer: llm } = designer({
      proposer: [proposalReply()], reviewer: [reviewReply(4)], planner: [planReply('Mixer')],
      coder: Array.from({ length: 15 }, () => 'No code today.'),
    });
    const outcome = await llm.design(designRequest({ db, sessionKey: 'malformed', check: passingCheck().check }));
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unit Mixer was not accepted after 5 attempt(s)' });
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['error', 'error', 'error', 'error', 'error']);
  });

  it('sends static-analysis findings back to the coder', async () => {
    const { designer: llm, requests } = designer({
      proposer: [proposalReply()], reviewer: [reviewReply(4)], planner: [planReply('Mixer')],
      coder: [coderReply(mixerFile({ withGate: false }).replace('class CumGateMixer(GAUBase):', 'class CumGateMixer(nn.Module):')), coderReply(mixerFile({ withGate: false }))],
      observer: [observerReply(4)],
    });
    const outcome = await llm.design(designRequest({ db, sessionKey: 'static', check: passingCheck().check }));
    expect(outcome.status).toBe('accepted');
    expect(outcome.attempts[0]).toMatchObject({ status: 'rejected', data: { problems: expect.arrayContaining([expect.stringMatching(/^CumGateMixer\.py:7: .*\[module_subclass\]$/)]) } });
    expect(requests.filter((entry) => entry.model === 'coder')[1]!.last).toMatch(/Static analysis of your files found problems/);
  });

  it('stops cleanly at the cost budget and resumes later without repeating accepted units', async () => {
    const script = happyScript();
    script.coder = [priced(coderReply(mixerFile())), priced(coderReply(GATE_FILE))];
    script.observer = [priced(observerReply(4)), priced(observerReply(4))];
    // Seven calls reach the first accepted unit; the budget is spent there.
    const first = designer(script, { maxCostUsd: 0.065 });
    const request = designRequest({ db, sessionKey: 'budget', check: passingCheck().check });
    const stopped = await first.designer.design(request);
    expect(stopped).toMatchObject({ status: 'rejected', reason: 'cost budget reached' });
    expect(stopped.costUsd).toBeCloseTo(0.07, 10);
    expect((await loadSession(db, 'budget'))!.stage).toBe('implementation');
    const second = designer({ coder: [priced(coderReply(GATE_FILE))], observer: [priced(observerReply(4))] }, { maxCostUsd: 1 });
    const resumed = await second.designer.design(request);
    expect(resumed.status).toBe('accepted');
    expect(resumed.attempts.map((attempt) => [attempt.unit, attempt.status])).toEqual([['CumGateMixer', 'accepted'], ['GateProj', 'accepted']]);
    expect(resumed.costUsd).toBeCloseTo(0.09, 10);
    expect(second.requests.map((entry) => entry.model)).toEqual(['coder', 'observer']);
  });

  it('resumes after a crash between units and does not redo the accepted unit', async () => {
    const script = happyScript();
    script.coder = [coderReply(mixerFile()), coderReply(GATE_FILE)];
    const first = designer(script);
    let checks = 0;
    const request = designRequest({ db, sessionKey: 'crash', check: async (design) => {
      checks += 1;
      if (checks === 2) throw new Error('node lost power');
      return passingCheck().check(design);
    } });
    await expect(first.designer.design(request)).rejects.toThrow('node lost power');
    expect((await loadSession(db, 'crash'))!.state).toMatchObject({ implementation: { written: ['CumGateMixer'] } });
    // The coder's reply for the gate was recorded before the crash, so only the observer is asked anew.
    const resumed = designer({ observer: [observerReply(4)] });
    const { check, checked } = passingCheck();
    const outcome = await resumed.designer.design({ ...request, check });
    expect(outcome.status).toBe('accepted');
    expect(outcome.attempts.filter((attempt) => attempt.status === 'accepted').map((attempt) => attempt.unit)).toEqual(['CumGateMixer', 'GateProj']);
    expect(checked.map((design) => Object.keys(design.units).sort())).toEqual([['CumGateMixer', 'GateProj', 'Tiny']]);
    expect(resumed.requests.map((entry) => entry.model)).toEqual(['observer']);
  });

  it('lets a cancelled job go back to the queue with its session saved', async () => {
    const controller = new AbortController();
    const { designer: llm } = designer({
      proposer: [proposalReply()], reviewer: [reviewReply(4)], planner: [planReply('Mixer')],
      coder: [() => {
        controller.abort(new Error('interrupted'));
        return { hang: true };
      }],
    });
    const request = { ...designRequest({ db, sessionKey: 'cancelled', check: passingCheck().check }), signal: controller.signal };
    await expect(llm.design(request)).rejects.toThrow(/aborted|interrupted/);
    expect((await loadSession(db, 'cancelled'))!.stage).toBe('implementation');
  });

  it('stops a design whose provider keeps failing, resumable once it is back', async () => {
    const { designer: llm } = designer({ proposer: [httpError(503), httpError(503)] });
    const request = designRequest({ db, sessionKey: 'outage', check: passingCheck().check });
    const outcome = await llm.design(request);
    expect(outcome).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^LLM provider failed: .*proposer.*server_error/) });
    expect((await loadSession(db, 'outage'))!.state).toMatchObject({ outcome: null });
  });

  it('fails a replayed design whose calls were never recorded with the role and key', async () => {
    const { designer: llm } = designer({}, { replay: true });
    const error = await llm.design(designRequest({ db, sessionKey: 'replay-miss', check: passingCheck().check })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmReplayMissError);
    expect(error).toMatchObject({ role: 'proposer' });
  });

  it('replays a recorded design from the cache without any provider', async () => {
    const request = designRequest({ db, sessionKey: 'recorded', check: passingCheck().check, name: 'tiny-replayed' });
    const live = await designer(happyScript()).designer.design(request);
    const replayed = await designer({}, { replay: true }).designer.design({ ...request, sessionKey: 'recorded-replay' });
    expect(replayed.status).toBe('accepted');
    expect(replayed.status === 'accepted' && live.status === 'accepted' && replayed.design).toEqual(live.status === 'accepted' && live.design);
    expect(replayed.costUsd).toBe(0);
  });

  it('designs from scratch with literature searches by the proposer and the reviewer', async () => {
    const queries: string[][] = [];
    const search: LiteratureSearch = {
      available: true,
      search: async (asked) => {
        queries.push(asked);
        return { text: `## ${asked[0]}\nCumulative averages as token mixers (2024).`, papers: ['paper-1'] };
      },
    };
    const turn = (ready: boolean, query: string): string => JSON.stringify({ analysis: `notes on ${query}`, queries: ready ? [] : [query], ready });
    const { designer: llm, requests } = designer({
      proposer: [turn(false, 'cumulative mean mixer'), turn(false, 'gated linear units'), proposalReply({ selection: null })],
      reviewer: [JSON.stringify({ analysis: 'check novelty', queries: ['running mean attention'] }), reviewReply(4)],
      planner: [planReply('(the root unit)')],
      coder: [coderReply(ROOT_FILE, mixerFile(), GATE_FILE)],
      observer: [observerReply(4)],
    }, { search });
    const outcome = await llm.design(designRequest({ db, sessionKey: 'scratch', check: passingCheck().check, mode: 'scratch', name: 'gated-block' }));
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    expect(outcome.design).toMatchObject({ root: 'GatedBlock', parents: [] });
    expect(Object.keys(outcome.design.units).sort()).toEqual(['CumGateMixer', 'GateProj', 'GatedBlock']);
    expect(queries).toEqual([['cumulative mean mixer'], ['gated linear units'], ['running mean attention']]);
    expect(outcome.proposal!.data.searches).toHaveLength(3);
    expect(requests.filter((entry) => entry.model === 'proposer')[1]!.last).toMatch(/Cumulative averages as token mixers/);
    expect(requests.filter((entry) => entry.model === 'proposer')[2]!.last).toMatch(/last search round[\s\S]*Now write the proposal/);
  });
});
