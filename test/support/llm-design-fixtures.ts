// Material for LLM design-flow tests: scripted replies of each role, unit files the scripted coder
// writes (a mutation of the tiny test design), requests, and a checker stand-in.
import { CheckReportSchema, type CheckReport } from '../../src/checker/index.js';
import type { Design } from '../../src/core/design.js';
import type { DesignMode, DesignRequest } from '../../src/flows/designer.js';
import type { RoleModels } from '../../src/llm/index.js';
import type { Db } from '../../src/store/index.js';
import { tinyDesign } from '../fixtures/tiny-design.js';

/** Every role on its own scripted model, so a test scripts each role's replies separately. */
export const SCRIPTED_ROLES: RoleModels = {
  proposer: 'scripted:proposer', reviewer: 'scripted:reviewer', planner: 'scripted:planner', coder: 'scripted:coder', observer: 'scripted:observer',
};

export function proposalReply(options: { title?: string; selection?: string | null; changes?: string } = {}): string {
  return JSON.stringify({
    title: options.title ?? 'Gated cumulative mixer',
    abstract: 'Replace the mixer by a running mean whose output is gated per position by a learned projection.',
    proposal: '## Motivation\nA running mean mixes tokens causally at linear cost.\n\n## Design\nCumGateMixer computes the causal mean of a projection and multiplies it by sigmoid(GateProj(X)).',
    changes: options.changes ?? '',
    selection: options.selection === undefined ? 'Mixer' : options.selection,
  });
}

export function reviewReply(rating: number): string {
  return JSON.stringify({ review: `A clear, feasible idea; rating ${rating} reflects its modest novelty.`, rating, suggestions: 'Explain the gate initialisation.' });
}

export function planReply(unit: string): string {
  return JSON.stringify({ plan: 'Write the mixer first with its gate declared, then the gate.', unit, instructions: '' });
}

export function observerReply(rating: number): string {
  return JSON.stringify({ review: 'Implements the proposal faithfully.', rating, suggestions: '' });
}

function fenced(...files: string[]): string {
  return `Here are the files.\n\n${files.map((file) => `\`\`\`python\n${file}\`\`\``).join('\n\n')}\n`;
}

const HEADER = '# GAU_IMPLEMENTATION_FILE\nimport torch\nimport torch.nn as nn\nfrom genesys_rt.gau import GAUBase, gau_test, UnitDecl\n';

/** The mixer the proposal asks for; `mixing` is the line that mixes positions (causal by default). */
export function mixerFile(options: { mixing?: string; withGate?: boolean } = {}): string {
  const withGate = options.withGate ?? true;
  const mixing = options.mixing ?? 'M = H.cumsum(dim=1) / torch.arange(1, X.shape[1] + 1, device=X.device, dtype=X.dtype).view(1, -1, 1)';
  return `${HEADER}

class CumGateMixer(GAUBase):
    """Causal running mean of a projection${withGate ? ', gated per position by a child unit' : ''}."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.proj = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)
${withGate ? '        self.gate = GateProj(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)\n' : ''}
    def _forward(self, X, **Z):
        H = self.proj(X)
        ${mixing}
${withGate ? '        G, Z = self.gate(X, **Z)\n        return torch.sigmoid(G) * M, Z\n' : '        return M, Z\n'}

CHILDREN_DECLARATIONS = [${withGate ? 'UnitDecl(unitname="GateProj", requirements="position-wise gate logits", inputs=["X"], outputs=["Y"])' : ''}]
`;
}

export const GATE_FILE = `${HEADER}

class GateProj(GAUBase):
    """Position-wise linear gate logits."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.linear = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)

    def _forward(self, X, **Z):
        return self.linear(X), Z


CHILDREN_DECLARATIONS = []
`;

export function coderReply(...files: string[]): string {
  return fenced(...files);
}

/** A checker stand-in that passes everything and counts its calls. */
export function passingCheck(): { check(design: Design): Promise<CheckReport>; checked: Design[] } {
  const checked: Design[] = [];
  return {
    checked,
    check: async (design) => {
      checked.push(design);
      return CheckReportSchema.parse({ design: design.name, passed: true, checks: [{ name: 'causality', status: 'pass', summary: 'causal', issues: [] }] });
    },
  };
}

/** A request to design from the tiny test design (mutation by default). */
export function designRequest(options: { db: Db; sessionKey: string; check: DesignRequest['check']; mode?: DesignMode; name?: string; log?: (message: string) => void }): DesignRequest {
  const parent = { ...tinyDesign('good'), name: 'tiny' };
  const mode = options.mode ?? 'mutation';
  return {
    evolution: 'llm-test',
    mode,
    parents: mode === 'scratch' ? [] : [{ id: 'tiny-id', design: parent, description: 'A residual block around a running-mean mixer.', fitness: 0.5, metrics: { 'micro-1/held_out_bpb': 2.31 } }],
    library: [],
    population: [{ name: 'tiny', canonicalHash: 'tiny-hash', description: 'A residual block around a running-mean mixer.' }],
    name: options.name ?? 'tiny-gated',
    // A seed per session, so sessions of one test file do not answer each other from the LLM cache.
    seed: [...options.sessionKey].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 1_000_003, 7),
    sessionKey: options.sessionKey,
    db: options.db,
    check: options.check,
    log: options.log,
  };
}

/** A root unit for scratch designs: a residual block around the gated mixer. */
export const ROOT_FILE = `${HEADER}

class GatedBlock(GAUBase):
    """Residual block around a gated cumulative mixer."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.mixer = CumGateMixer(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.mixer(X, **Z)
        return X + H, Z


CHILDREN_DECLARATIONS = [UnitDecl(unitname="CumGateMixer", requirements="mixes tokens causally", inputs=["X"], outputs=["Y"])]
`;
