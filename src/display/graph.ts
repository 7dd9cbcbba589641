import { derivation, type Derivation } from "./derivation";
import { underName } from "../errors";
import { formatNumber } from "./format-number";
import { num, svgRoot, uniqueId, xml } from "./svg";

interface GraphNode {
  readonly name: string;
  readonly label: string;
  readonly value: number;
  readonly grad: number;
  readonly parents: string[];
}

const BOX_W = 150;
const BOX_H = 54;
const GAP_X = 40;
const GAP_Y = 46;

/**
 * The computation graph of a scalar function at a point, drawn from the tape as SVG: one
 * box per operation with its formula, value and gradient (adjoint), arrows from operands to
 * results, laid out in layers by depth. No Graphviz needed. f and its point are given as
 * to `derivation`: a number, an array, a matrix, or one number per parameter of f. Inputs are
 * named as there, counting from 1 as the course does: x1, x2 for x[0], x[1].
 *
 * @example
 * graph((x: number) => Math.sin(x) * x, 2)
 * graph((x: number, y: number) => x * y + Math.exp(x), [1, 2])
 */
export function graph(f: (...args: never[]) => unknown, x: number | number[] | number[][]): ComputationGraph {
  // Built on derivation: its errors name graph, the function called.
  return new ComputationGraph(underName("graph", ["derivation"], () => derivation(f, x)));
}

/** A computation graph, shown in a notebook as SVG. */
export class ComputationGraph {
  readonly nodes: GraphNode[];

  constructor(readonly trace: Derivation) {
    const inputs = trace.names;
    this.nodes = [
      ...inputs.map((name, k) => ({ name, label: name, value: trace.inputs[k], grad: trace.gradient[k], parents: [] })),
      ...trace.rows.map((r) => ({ name: r.name, label: `${r.name} = ${r.formula}`, value: r.value, grad: r.adjoint, parents: r.partials.map((p) => p.wrt) })),
    ];
  }

  /** Depth of each node: inputs 0, otherwise one more than the deepest operand. */
  private layers(): Map<string, number> {
    const depth = new Map<string, number>();
    for (const n of this.nodes) depth.set(n.name, n.parents.length === 0 ? 0 : 1 + Math.max(...n.parents.map((p) => depth.get(p) ?? 0)));
    return depth;
  }

  toSVG(): string {
    const depth = this.layers();
    const byLayer = new Map<number, GraphNode[]>();
    for (const n of this.nodes) byLayer.set(depth.get(n.name) ?? 0, [...(byLayer.get(depth.get(n.name) ?? 0) ?? []), n]);
    const layerCount = Math.max(...byLayer.keys()) + 1;
    const widest = Math.max(...[...byLayer.values()].map((l) => l.length));
    // Room on the right for edges that skip a layer and curve around the boxes between.
    const width = widest * (BOX_W + GAP_X) + GAP_X + BOX_W / 2;
    const height = layerCount * (BOX_H + GAP_Y) + GAP_Y;
    const pos = new Map<string, { x: number; y: number }>();
    for (const [layer, nodes] of byLayer) {
      const rowWidth = nodes.length * (BOX_W + GAP_X) - GAP_X;
      nodes.forEach((n, i) => pos.set(n.name, { x: (width - BOX_W / 2 - rowWidth) / 2 + i * (BOX_W + GAP_X), y: GAP_Y / 2 + layer * (BOX_H + GAP_Y) }));
    }
    const arrow = uniqueId("arrow");
    const parts = [
      svgRoot(width, height, 12),
      `<defs><marker id="${arrow}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#777"/></marker></defs>`,
    ];
    for (const n of this.nodes) {
      const to = pos.get(n.name) as { x: number; y: number };
      for (const p of new Set(n.parents)) {
        const from = pos.get(p);
        if (!from) continue;
        const [x1, y1, x2, y2] = [from.x + BOX_W / 2, from.y + BOX_H, to.x + BOX_W / 2, to.y];
        const skips = (depth.get(n.name) ?? 0) - (depth.get(p) ?? 0) > 1;
        if (!skips) {
          parts.push(`<line class="edge" x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="#777" marker-end="url(#${arrow})"/>`);
        } else {
          // A straight line would run through the boxes of the layers in between: curve
          // out to the right of them instead (a → c in c = a + b, b = exp(a)).
          const bulge = BOX_W * 0.9;
          const dy = y2 - y1;
          parts.push(`<path class="edge" d="M ${num(x1)} ${num(y1)} C ${num(x1 + bulge)} ${num(y1 + dy / 3)}, ${num(x2 + bulge)} ${num(y2 - dy / 3)}, ${num(x2)} ${num(y2)}" fill="none" stroke="#777" marker-end="url(#${arrow})"/>`);
        }
      }
    }
    for (const n of this.nodes) {
      const { x, y } = pos.get(n.name) as { x: number; y: number };
      const isInput = n.parents.length === 0;
      parts.push(
        `<g class="node"><rect x="${num(x)}" y="${num(y)}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${isInput ? "#e8f0fe" : "#fff8e1"}" stroke="#888"/>` +
          `<text class="label" x="${num(x + BOX_W / 2)}" y="${num(y + 17)}" text-anchor="middle" font-weight="bold">${xml(n.label)}</text>` +
          `<text class="value" x="${num(x + BOX_W / 2)}" y="${num(y + 33)}" text-anchor="middle">value ${xml(formatNumber(n.value))}</text>` +
          `<text class="grad" x="${num(x + BOX_W / 2)}" y="${num(y + 48)}" text-anchor="middle" fill="#b2182b">grad ${xml(formatNumber(n.grad))}</text></g>`,
      );
    }
    parts.push("</svg>");
    return parts.join("");
  }

  toString(): string {
    return this.nodes.map((n) => `${n.label}: value ${formatNumber(n.value)}, grad ${formatNumber(n.grad)}`).join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}
