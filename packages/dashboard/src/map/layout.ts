// Positions of the network map: SlimFaas in the centre, functions on an arc, external and jobs left.
import type { FunctionStatusDetailed, JobConfigurationStatus, SlimFaasNode } from '../lib/types';

/** Landscape for wide screens; portrait (external on top, functions below) for phones. */
export interface MapFrame {
  width: number;
  height: number;
  center: { x: number; y: number };
  external: { x: number; y: number };
  rx: number;
  ry: number;
  /** Direction (degrees, 0 = right, 90 = down) the function arc is centred on; jobs sit opposite, around external. */
  facing: number;
  portrait: boolean;
}

export const LANDSCAPE: MapFrame = { width: 1000, height: 560, center: { x: 500, y: 280 }, external: { x: 80, y: 280 }, rx: 360, ry: 215, facing: 0, portrait: false };
export const PORTRAIT: MapFrame = { width: 600, height: 780, center: { x: 300, y: 320 }, external: { x: 300, y: 70 }, rx: 225, ry: 360, facing: 90, portrait: true };

export const SLIMFAAS_R = 46;
export const FUNCTION_R = 28;
export const JOB_R = 22;

export interface Point {
  x: number;
  y: number;
}

export interface ReplicaDot extends Point {
  name: string;
  ip: string | null;
  status: string;
}

export interface FunctionNode extends Point {
  name: string;
  color: string;
  ready: number;
  replicas: ReplicaDot[];
  queue: Point;
}

export interface JobNode extends Point {
  name: string;
  color: string;
  runs: (Point & { name: string; status: string })[];
}

export interface MapLayout {
  frame: MapFrame;
  external: Point;
  slimfaas: Point;
  nodes: (Point & { name: string; status: string })[];
  functions: FunctionNode[];
  jobs: JobNode[];
}

export const PALETTE = ['#6366f1', '#0ea5e9', '#14b8a6', '#f97316', '#ec4899', '#8b5cf6', '#84cc16', '#ef4444', '#06b6d4', '#eab308'];
export const JOB_PALETTE = ['#a855f7', '#f43f5e', '#10b981', '#f59e0b', '#3b82f6', '#d946ef'];

const rad = (deg: number): number => (deg * Math.PI) / 180;

function ring(center: Point, radius: number, count: number, startDeg = -90): Point[] {
  return Array.from({ length: count }, (_, i) => {
    const a = rad(startDeg + (360 / Math.max(count, 1)) * i);
    return { x: center.x + radius * Math.cos(a), y: center.y + radius * Math.sin(a) };
  });
}

/** Angles (degrees, 0 = right) of n function bubbles, leaving the left side to external and jobs. */
function functionAngles(n: number, facing: number): number[] {
  if (n === 1) return [facing];
  const span = n <= 5 ? 120 : n <= 9 ? 220 : 260;
  return Array.from({ length: n }, (_, i) => facing - span / 2 + (span / (n - 1)) * i);
}

export function computeLayout(
  functions: FunctionStatusDetailed[],
  jobs: JobConfigurationStatus[],
  nodes: SlimFaasNode[],
  desiredNodes: number,
  frame: MapFrame = LANDSCAPE,
): MapLayout {
  const center = frame.center;
  const slimfaas = { ...center };
  const nodeCount = Math.max(nodes.length, desiredNodes, 1);
  const nodePoints = ring(slimfaas, SLIMFAAS_R + 10, nodeCount);
  const angles = functionAngles(functions.length, frame.facing);
  const rx = frame.rx * (functions.length > 9 && !frame.portrait ? 1.1 : 1);
  const ry = frame.ry;
  const fnNodes: FunctionNode[] = functions.map((fn, i) => {
    const a = rad(angles[i]);
    const at = { x: center.x + rx * Math.cos(a), y: center.y + ry * Math.sin(a) };
    const pods = fn.Pods ?? [];
    const dots = ring(at, FUNCTION_R + 9, Math.max(pods.length, 1));
    return {
      name: fn.Name,
      color: PALETTE[i % PALETTE.length],
      ready: fn.NumberReady ?? 0,
      ...at,
      replicas: pods.map((pod, j) => ({ name: pod.Name, ip: pod.Ip, status: pod.Status, ...dots[j] })),
      queue: { x: center.x + (at.x - center.x) * 0.55, y: center.y + (at.y - center.y) * 0.55 },
    };
  });
  const external = { ...frame.external };
  const jobNodes: JobNode[] = jobs.map((job, i) => {
    const side = i % 2 === 0 ? 1 : -1;
    const step = Math.floor(i / 2);
    const a = rad(frame.facing + 180 - side * (34 + step * 16));
    const at = frame.portrait
      ? { x: center.x + 250 * Math.cos(a), y: center.y + 250 * Math.sin(a) }
      : { x: center.x + 330 * Math.cos(a), y: center.y + 235 * Math.sin(a) };
    const runs = job.RunningJobs ?? [];
    const dots = ring(at, JOB_R + 8, Math.max(runs.length, 1));
    return { name: job.Name, color: JOB_PALETTE[i % JOB_PALETTE.length], ...at, runs: runs.map((r, j) => ({ name: r.Name, status: r.Status, ...dots[j] })) };
  });
  return {
    frame,
    external,
    slimfaas,
    nodes: nodePoints.map((p, i) => ({ ...p, name: nodes[i]?.Name ?? `slimfaas-${i}`, status: nodes[i]?.Status ?? 'Pending' })),
    functions: fnNodes,
    jobs: jobNodes,
  };
}
