// A scripted design team behind the local OpenAI-compatible server: it recognises each agent by
// its system prompt and answers in the agent's format with small but real designs — a mutation
// rewrites a norm-like unit, a root task writes a whole causal conv block. A proposal titled with
// "[leaky]" is first implemented with a non-causal unit, fixed once the checker's report comes back.
import type { ChatHandler, ChatRequest } from './openai-compatible-server.js';

const HEADER = '# GAU_IMPLEMENTATION_FILE\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom genesys_rt.gau import GAUBase, gau_test, UnitDecl\n';

function normFile(name: string, leaky: boolean): string {
  const centre = leaky ? '        x = x - x.mean(dim=1, keepdim=True)  # centres over the sequence\n' : '';
  return `${HEADER}

class ${name}(GAUBase):
    """RMS normalisation with a learned per-channel gain and bias."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, norm_eps=1e-5, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.eps = norm_eps
        self.weight = nn.Parameter(torch.ones(embed_dim, **self.factory_kwargs))
        self.bias = nn.Parameter(torch.zeros(embed_dim, **self.factory_kwargs))

    def _forward(self, X, **Z):
        x = X.float()
${centre}        x = x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return (x * self.weight.float() + self.bias.float()).to(X.dtype), Z


CHILDREN_DECLARATIONS = []
`;
}

const MIXER_FILE = `${HEADER}

class ScriptedConvMixer(GAUBase):
    """Causal depth-wise convolution followed by a gated linear projection."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, mixer_kernel=4, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.kernel = mixer_kernel
        self.conv = nn.Conv1d(embed_dim, embed_dim, mixer_kernel, groups=embed_dim, **self.factory_kwargs)
        self.proj = nn.Linear(embed_dim, 2 * embed_dim, **self.factory_kwargs)
        self.out = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)

    def _forward(self, X, **Z):
        H = self.conv(F.pad(X.transpose(1, 2), (self.kernel - 1, 0))).transpose(1, 2)  # (B, L, D), past only
        a, b = self.proj(H).chunk(2, dim=-1)
        return self.out(a * torch.sigmoid(b)), Z


CHILDREN_DECLARATIONS = []
`;

const ROOT_FILE = `${HEADER}

class ScriptedBlock(GAUBase):
    """Pre-norm residual block around a causal convolutional mixer."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm = ScriptedNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)
        self.mixer = ScriptedConvMixer(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm(X, **Z)
        H, Z = self.mixer(H, **Z)
        return X + H, Z


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="ScriptedNorm", requirements="normalise each position", inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="ScriptedConvMixer", requirements="mix tokens causally", inputs=["X"], outputs=["Y"]),
]
`;

function fenced(files: string[]): string {
  return `Here is the implementation.\n\n${files.map((file) => `\`\`\`python\n${file}\`\`\``).join('\n\n')}\n`;
}

/** The enum of a property in the JSON Schema shown in the system prompt. */
function schemaEnum(system: string, property: string): string[] {
  const match = new RegExp(`"${property}":\\{[^{}]*?"enum":(\\[[^\\]]*\\])`).exec(system);
  return match ? (JSON.parse(match[1]!) as string[]) : [];
}

function proposal(system: string): string {
  const selections = schemaEnum(system, 'selection');
  const selection = selections.find((name) => /norm/i.test(name)) ?? selections[0] ?? null;
  return JSON.stringify({
    title: selection ? `Biased ${selection}` : 'Scripted convolutional block',
    abstract: selection
      ? `Give ${selection} a learned bias beside its gain, so each channel can shift its operating point.`
      : 'A pre-norm residual block whose token mixer is a causal depth-wise convolution with a gated projection.',
    proposal: '## Motivation\nA cheap change whose effect is easy to measure.\n\n## Design\nKeep the interface, add the parameters, initialise them as the identity.\n\n## Risks\nNone beyond a few more parameters.',
    changes: '',
    selection,
  });
}

function coder(request: ChatRequest): string {
  const leaky = /\[leaky\]/.test(request.messages.slice(0, 2).map((message) => message.content).join('\n'));
  const task = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const retried = request.messages.some((message) => message.role === 'assistant');
  const replace = /Rewrite the unit `([A-Za-z_]\w*)`/.exec(task);
  if (replace) {
    // A fresh name: the design view in the task lists the units that exist.
    let name = `Biased${replace[1]}`;
    for (let suffix = 2; new RegExp(`\\b${name}\\b`).test(task); suffix += 1) name = `Biased${replace[1]}${suffix}`;
    return fenced([normFile(name, leaky && !retried)]);
  }
  const child = /Implement the declared unit `([A-Za-z_]\w*)`/.exec(task);
  if (child) return fenced([normFile(child[1]!, false)]);
  return fenced([ROOT_FILE, normFile('ScriptedNorm', leaky && !retried), MIXER_FILE]);
}

/** Answers every agent of the LLM flow and the direct baseline. */
export function scriptedDesignTeam(): ChatHandler {
  return (request) => {
    const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
    const last = request.messages.at(-1)?.content ?? '';
    let text: string;
    if (system.startsWith('You are a research scientist')) {
      text = /Now write the proposal|Revise the proposal/.test(last) ? proposal(system) : JSON.stringify({ analysis: 'Enough is known.', queries: [], ready: true });
    } else if (system.startsWith('You are a strict, fair reviewer')) {
      text = /You may search the literature/.test(last)
        ? JSON.stringify({ analysis: 'Plausible and small.', queries: [] })
        : JSON.stringify({ review: 'A small, sound change that is easy to verify.', rating: 4, suggestions: '' });
    } else if (system.startsWith('You lead the implementation')) {
      text = JSON.stringify({ plan: 'Write the unit, then its children.', unit: schemaEnum(system, 'unit')[0], instructions: '' });
    } else if (system.startsWith('You review the implementation of one unit')) {
      text = JSON.stringify({ review: 'Faithful to the proposal.', rating: 4, suggestions: '' });
    } else if (system.startsWith('You are a senior machine-learning engineer')) {
      text = coder(request);
    } else {
      return { status: 400, error: `the scripted team does not know this agent: ${system.slice(0, 80)}` };
    }
    return { text, promptTokens: Math.ceil(request.messages.reduce((total, message) => total + message.content.length, 0) / 4), completionTokens: Math.ceil(text.length / 4) };
  };
}
