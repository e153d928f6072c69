// Imperative SVG animation of live messages (circles: requests, rectangles: async, yellow: events).
import type { Point } from './layout';
import type { FlightPlan } from './routes';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEG_MS = 650;
const MAX_FLIGHTS = 400;

interface Flight {
  el: SVGElement;
  points: Point[];
  start: number;
  duration: number;
}

function positionAt(points: Point[], t: number): Point {
  const legs = points.length - 1;
  if (legs <= 0) return points[0];
  const scaled = Math.min(Math.max(t, 0), 1) * legs;
  const i = Math.min(Math.floor(scaled), legs - 1);
  const f = scaled - i;
  return { x: points[i].x + (points[i + 1].x - points[i].x) * f, y: points[i].y + (points[i + 1].y - points[i].y) * f };
}

export class Animator {
  private flights: Flight[] = [];
  private frame: number | null = null;
  /** Messages animated since the page opened. */
  started = 0;

  constructor(
    private readonly layer: SVGGElement,
    private readonly onStart: (started: number) => void,
  ) {}

  launch(plan: FlightPlan): void {
    if (this.flights.length >= MAX_FLIGHTS) return;
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    const el =
      plan.kind === 'async'
        ? document.createElementNS(SVG_NS, 'rect')
        : document.createElementNS(SVG_NS, 'circle');
    if (plan.kind === 'async') {
      el.setAttribute('x', '-7');
      el.setAttribute('y', '-5');
      el.setAttribute('width', '14');
      el.setAttribute('height', '10');
      el.setAttribute('rx', '2');
    } else {
      el.setAttribute('r', plan.kind === 'response' ? '5' : '6');
    }
    el.setAttribute('class', `flight flight-${plan.kind}`);
    el.setAttribute('fill', plan.color);
    const duration = reduced ? 300 : LEG_MS * Math.max(plan.points.length - 1, 1);
    const flight = { el, points: plan.points, start: performance.now(), duration };
    this.place(flight, 0);
    this.layer.appendChild(el);
    this.flights.push(flight);
    this.started += 1;
    this.onStart(this.started);
    if (this.frame === null) this.frame = requestAnimationFrame(this.tick);
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const f of this.flights) f.el.remove();
    this.flights = [];
  }

  private place(flight: Flight, t: number): void {
    const p = positionAt(flight.points, t);
    flight.el.setAttribute('transform', `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`);
  }

  private tick = (now: number): void => {
    this.flights = this.flights.filter((flight) => {
      const t = (now - flight.start) / flight.duration;
      if (t >= 1) {
        flight.el.remove();
        return false;
      }
      this.place(flight, t);
      return true;
    });
    this.frame = this.flights.length > 0 ? requestAnimationFrame(this.tick) : null;
  };
}
