/**
 * @module The shapes of the API's answers, shared with the dashboard (`web/` imports these types
 * only), so server and browser cannot drift apart. Rows come from the store's row schemas.
 */
import type {
  BudgetRow, DesignRow, EventRow, ImplementationAttemptRow, JobAttemptRow, JobRow, JobStatus, NodeCommandRow, NodeRow,
  ProposalRow, ReviewRow, VerificationRow,
} from '../store/index.js';
import type { DesignFitness, FitnessColumn } from './fitness.js';
import type { Scope } from './scope.js';

export type { DesignFitness, FitnessColumn, Scope };
export type { BudgetRow, EventRow, JobStatus, NodeCommandRow };

/** `task/metric` → value, flattened from a record's `evaluation.results`. */
export type Metrics = Record<string, number | null>;

export interface EvolutionSummary {
  name: string;
  createdAt: string;
  designs: number;
  ladders: string[];
}

export interface EvolutionsResponse {
  evolutions: EvolutionSummary[];
  /** The scope a request without `?evolution=` gets. */
  current: Scope | null;
}

export type DesignStatus = 'verified' | 'failed' | 'unverified';

export interface TreeNode {
  id: string;
  name: string;
  origin: string;
  createdAt: string;
  generation: number;
  slot: number;
  status: DesignStatus;
  /** Scales with a finished verification. */
  scales: string[];
  failedScales: string[];
  fitness: number | null;
  rank: number | null;
}

export interface TreeResponse {
  scope: Scope | null;
  scales: string[];
  nodes: TreeNode[];
  /** Parent → child. */
  edges: { source: string; target: string }[];
  fitnessMethod: string;
}

export interface LeaderboardRow {
  designId: string;
  name: string;
  origin: string;
  heldOutBpb: number | null;
  heldOutLoss: number | null;
  params: number | null;
  wallSeconds: number | null;
  metrics: Metrics;
  fitness: number | null;
  rank: number | null;
}

export interface BaselineRow {
  heldOutBpb: number;
  heldOutLoss: number;
  params: number;
  metrics: Metrics;
}

export interface LeaderboardResponse {
  scope: Scope | null;
  scales: string[];
  scale: string | null;
  /** Metric keys (`task/metric`) present at this scale, sorted. */
  metrics: string[];
  rows: LeaderboardRow[];
  /** The untrained model of this scale (what random weights score). */
  baseline: BaselineRow | null;
  fitnessMethod: string;
  fitnessColumns: FitnessColumn[];
}

export interface DesignSummary {
  id: string;
  name: string;
  origin: string;
  createdAt: string;
  fitness: number | null;
  rank: number | null;
}

export interface ScaleScores {
  scale: string;
  status: string;
  heldOutBpb: number | null;
  heldOutLoss: number | null;
  params: number | null;
  metrics: Metrics;
  /** Training loss by step: `[step, loss]`. */
  curve: [number, number][];
  reason: string | null;
}

export interface ScoresEntry {
  role: 'design' | 'parent' | 'seed' | 'baseline';
  designId: string | null;
  name: string;
  scores: ScaleScores[];
}

export interface ScoresComparison {
  scales: string[];
  entries: ScoresEntry[];
}

export interface CostGroup {
  key: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface DesignCost {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Per `role / model`. */
  byRole: CostGroup[];
}

export interface DesignDetailResponse {
  scope: Scope;
  design: DesignRow;
  fitness: DesignFitness | null;
  fitnessMethod: string;
  parents: DesignSummary[];
  children: DesignSummary[];
  proposals: ProposalRow[];
  reviews: ReviewRow[];
  attempts: ImplementationAttemptRow[];
  verifications: VerificationRow[];
  comparison: ScoresComparison;
  cost: DesignCost;
}

export interface LineageDesign extends DesignSummary {
  /** Generations away from the design (1 = parent or child). */
  depth: number;
}

export interface LineageResponse {
  design: DesignSummary;
  ancestors: LineageDesign[];
  descendants: LineageDesign[];
  /** Parent → child, among the design and its lineage. */
  edges: { source: string; target: string }[];
}

export type UnitChange = 'same' | 'changed' | 'added' | 'removed';

export interface UnitSide {
  code: string;
  children: string[];
}

export interface UnitDiff {
  name: string;
  change: UnitChange;
  a: UnitSide | null;
  b: UnitSide | null;
}

export interface CompareResponse {
  scope: Scope;
  a: { summary: DesignSummary; design: DesignRow['design'] };
  b: { summary: DesignSummary; design: DesignRow['design'] };
  units: UnitDiff[];
  comparison: ScoresComparison;
}

/** A node with the commands it has not acknowledged yet. */
export type NodeView = NodeRow & { pendingCommands: NodeCommandRow[]; lastCommand: NodeCommandRow | null };

/** A job without its lease token (which fences the worker's writes) and without its result document. */
export type JobSummary = Omit<JobRow, 'leaseToken' | 'result'>;

export interface JobDetailResponse {
  job: Omit<JobRow, 'leaseToken'>;
  attempts: Omit<JobAttemptRow, 'leaseToken'>[];
}

export interface JobsResponse {
  jobs: JobSummary[];
  counts: Record<JobStatus, number>;
}

export interface NodesResponse {
  nodes: NodeView[];
}

export interface NodeDetailResponse {
  node: NodeView;
  commands: NodeCommandRow[];
  jobs: JobSummary[];
}

export interface VerificationSummary {
  id: string;
  designId: string;
  designName: string;
  ladder: string;
  scale: string;
  status: string;
  heldOutBpb: number | null;
  heldOutLoss: number | null;
  params: number | null;
  wallSeconds: number | null;
  reason: string | null;
  updatedAt: string;
}

export interface CostsResponse {
  scope: Scope | null;
  total: { calls: number; tokensIn: number; tokensOut: number; costUsd: number };
  byModel: CostGroup[];
  byRole: CostGroup[];
  byDesign: (CostGroup & { designId: string; name: string | null })[];
  /** UTC days, oldest first. */
  byDay: { day: string; costUsd: number; calls: number }[];
}

export interface BestAtScale {
  scale: string;
  entries: { designId: string; name: string; heldOutBpb: number; fitness: number | null }[];
}

export interface OverviewResponse {
  scope: Scope | null;
  counts: { designs: number; verifiedDesigns: number; verifications: number; failedVerifications: number };
  jobs: Record<JobStatus, number>;
  runningJobs: JobSummary[];
  nodes: NodeView[];
  spend: { calls: number; tokensIn: number; tokensOut: number; costUsd: number };
  best: BestAtScale[];
  budgets: BudgetRow[];
  events: EventRow[];
  fitnessMethod: string;
}

/** What the event stream (`GET /api/stream`) sends; the SSE event name is `type`. */
export type LiveTopic = 'events' | 'jobs' | 'nodes' | 'designs' | 'verifications' | 'costs' | 'budgets';

export type LiveMessage =
  | { type: 'hello'; serverTime: string }
  | { type: 'events'; events: EventRow[] }
  | { type: 'jobs'; jobs: JobSummary[] }
  | { type: 'nodes'; nodes: NodeView[] }
  | { type: 'changed'; topics: LiveTopic[] };
