/**
 * The layout of a drawing model, hierarchical as TensorBoard's graph view: each expanded group
 * (scope or nested graph) is laid out on its own by dagre, innermost first, its members being its
 * nodes and its child groups as boxes of their computed size; a collapsed group is one summary box.
 *
 * Why not one dagre layout of everything: a layered layout (dagre, ELK, Graphviz alike) puts a
 * dummy node on every rank a long edge crosses, and a reverse-mode graph is full of long edges — the
 * residual from forward equation k to backward equation k spans O(n) ranks, so O(n²) dummies (1,539
 * equations took 224 s). Here an edge that spans more than LONG ranks (counted by longest path in
 * the group's own order), or that goes back up, stays out of dagre and is drawn afterwards as a
 * curve; so is an edge between different groups. Every node keeps its tightest in-edge (span 1 by
 * the definition of longest-path rank), so leaving the long ones out does not change the ranks.
 *
 * `layoutEngine` is self-contained (it reads nothing but its argument, `dagre`) because toHtml puts
 * its source text into the page, where it lays out again when a group is collapsed or expanded.
 */
import type { DrawModel } from "./model.js";

/** A placed box (top-left corner, size), in the picture's coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
/** Where everything went. */
export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Visible nodes by id. */
  readonly nodes: ReadonlyMap<string, Box>;
  /** Expanded groups' boxes (not the top level) and collapsed groups' summary boxes, by group id. */
  readonly groups: ReadonlyMap<string, Box & { readonly collapsed: boolean; readonly count: number }>;
  /** One per pair of visible ends: polyline points, or a curve's ends; the model edges it stands for. */
  readonly edges: readonly { readonly points: readonly (readonly [number, number])[]; readonly curve: boolean; readonly edges: readonly number[] }[];
}

/** What dagre offers that the layout uses (the package's default export, or the page's copy). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Dagre = any;

/**
 * Makes the layout function over a dagre instance (internal: toSvg and the page call it).
 */
export function layoutEngine(dagre: Dagre): (model: DrawModel, collapsed: ReadonlySet<string>) => Layout {
  const CHAR_W = 7, NODE_H = 26, PAD = 12, HEAD = 20, SUMMARY_H = 32;
  // An edge spanning more ranks than LONG is drawn as a curve, outside dagre; a level deeper than
  // BAND ranks is laid out in bands; above ORDER_LIMIT nodes dagre skips its crossing-reduction sweeps.
  const LONG = 3, BAND = 40, BAND_GAP = 30, ORDER_LIMIT = 400;
  const widthOf = (label: string): number => Math.max(40, label.length * CHAR_W + 18);

  return function layout(model: DrawModel, collapsed: ReadonlySet<string>): Layout {
    const groupParent = new Map<string, string>();
    const groupLabel = new Map<string, string>();
    for (const g of model.groups) {
      groupParent.set(g.id, g.parent);
      groupLabel.set(g.id, g.label);
    }
    // The outermost collapsed group holding a group (itself included), or "" when every one is open.
    const hiddenIn = new Map<string, string>();
    const hider = (gid: string): string => {
      if (gid === "") return "";
      let h = hiddenIn.get(gid);
      if (h === undefined) {
        const up = hider(groupParent.get(gid) ?? "");
        h = up !== "" ? up : collapsed.has(gid) ? gid : "";
        hiddenIn.set(gid, h);
      }
      return h;
    };
    // Entities are what a level lays out: "n:<node>" or "g:<group>"; parentOf says which level.
    const nodeGroup = new Map<string, string>();
    const nodeSize = new Map<string, [number, number]>();
    for (const n of model.nodes) {
      nodeGroup.set(n.id, n.group);
      nodeSize.set(n.id, [widthOf(n.label), NODE_H]);
    }
    const entityOfNode = (id: string): string => {
      const h = hider(nodeGroup.get(id)!);
      return h !== "" ? `g:${h}` : `n:${id}`;
    };
    const parentOf = (ent: string): string => (ent.startsWith("n:") ? nodeGroup.get(ent.slice(2))! : groupParent.get(ent.slice(2))!);
    const count = new Map<string, number>();
    const members = new Map<string, string[]>();
    const order = new Map<string, number>();
    const seen = new Set<string>();
    const register = (ent: string): void => {
      // Climbs to the top level, adding each entity to its parent's members in first-seen order.
      while (!seen.has(ent)) {
        seen.add(ent);
        order.set(ent, order.size);
        const parent = parentOf(ent);
        (members.get(parent) ?? members.set(parent, []).get(parent)!).push(ent);
        if (parent === "") break;
        ent = `g:${parent}`;
      }
    };
    for (const n of model.nodes) {
      register(entityOfNode(n.id));
      if (n.kind === "eqn") for (let g = n.group; g !== ""; g = groupParent.get(g)!) count.set(g, (count.get(g) ?? 0) + 1);
    }
    const chain = (ent: string): string[] => {
      const out = [ent];
      for (let g = parentOf(ent); g !== ""; g = groupParent.get(g)!) out.push(`g:${g}`);
      return out;
    };

    // Each model edge: its visible ends, and the level (lowest common group) where it is laid out.
    const levelEdges = new Map<string, { u: string; v: string }[]>();
    const pairs = new Map<string, { a: string; b: string; direct: boolean; level: string; edges: number[] }>();
    model.edges.forEach((e, i) => {
      const a = entityOfNode(e.from), b = entityOfNode(e.to);
      if (a === b) return;
      const key = `${a}>${b}`;
      const known = pairs.get(key);
      if (known !== undefined) return void known.edges.push(i);
      // The level: the innermost group holding both; ua and vb are their members there.
      const atLevelB = new Map(chain(b).map((x) => [parentOf(x), x]));
      const ua = chain(a).find((x) => atLevelB.has(parentOf(x)))!;
      const level = parentOf(ua);
      const vb = atLevelB.get(level)!;
      const direct = ua === a && vb === b;
      pairs.set(key, { a, b, direct, level, edges: [i] });
      if (ua !== vb) (levelEdges.get(level) ?? levelEdges.set(level, []).get(level)!).push({ u: ua, v: vb });
    });

    // Lay out each open level, innermost first (deeper groups registered later sort first here).
    const size = new Map<string, [number, number]>();
    const rel = new Map<string, [number, number]>(); // member's top-left inside its level
    const routed = new Map<string, [number, number][]>(); // dagre's points of a direct edge, level-relative
    const depth = (g: string): number => (g === "" ? 0 : 1 + depth(groupParent.get(g)!));
    const levels = [...members.keys()].sort((x, y) => depth(y) - depth(x));
    for (const ent of seen) {
      if (ent.startsWith("n:")) size.set(ent, nodeSize.get(ent.slice(2))!);
      else if (collapsed.has(ent.slice(2)) || !members.has(ent.slice(2))) {
        const gid = ent.slice(2);
        size.set(ent, [widthOf(`▸ ${groupLabel.get(gid)} (${count.get(gid) ?? 0})`), SUMMARY_H]);
      }
    }
    for (const level of levels) {
      if (level !== "" && hider(level) !== "") continue;
      const ms = members.get(level)!;
      const rank = new Map<string, number>();
      const incoming = new Map<string, string[]>();
      for (const { u, v } of levelEdges.get(level) ?? []) (incoming.get(v) ?? incoming.set(v, []).get(v)!).push(u);
      const byOrder = [...ms].sort((x, y) => order.get(x)! - order.get(y)!);
      for (const v of byOrder) {
        let r = 0;
        for (const u of incoming.get(v) ?? []) if (order.get(u)! < order.get(v)!) r = Math.max(r, rank.get(u)! + 1);
        rank.set(v, r);
      }
      // A deep level is cut into bands of BAND ranks, each laid out alone and stacked: dagre's
      // ordering phase costs about ranks × nodes, so one 2,000-rank chain would take seconds.
      const bands: string[][] = [];
      for (const m of byOrder) (bands[Math.floor(rank.get(m)! / BAND)] ??= []).push(m);
      const placed = new Map<string, [number, number]>();
      let y0 = 0, width = 0;
      const bandSpans: { members: string[]; w: number }[] = [];
      const local: { key: string; from: string; pts: [number, number][] }[] = [];
      for (const band of bands) {
        if (band === undefined) continue;
        const inBand = new Set(band);
        const dg = new dagre.graphlib.Graph();
        dg.setGraph({ rankdir: "TB", nodesep: 18, ranksep: 30, marginx: 0, marginy: 0 });
        dg.setDefaultEdgeLabel(() => ({}));
        for (const m of band) {
          const [w, h] = size.get(m)!;
          dg.setNode(m, { width: w, height: h });
        }
        for (const { u, v } of levelEdges.get(level) ?? []) {
          const span = rank.get(v)! - rank.get(u)!;
          if (span >= 1 && span <= LONG && inBand.has(u) && inBand.has(v) && !dg.hasEdge(u, v)) dg.setEdge(u, v, {});
        }
        dagre.layout(dg, { disableOptimalOrderHeuristic: band.length > ORDER_LIMIT });
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (const m of band) {
          const p = dg.node(m);
          minX = Math.min(minX, p.x - p.width / 2);
          minY = Math.min(minY, p.y - p.height / 2);
          maxX = Math.max(maxX, p.x + p.width / 2);
          maxY = Math.max(maxY, p.y + p.height / 2);
        }
        for (const m of band) {
          const p = dg.node(m);
          placed.set(m, [p.x - p.width / 2 - minX, p.y - p.height / 2 - minY + y0]);
        }
        for (const e of dg.edges()) {
          const pts = dg.edge(e).points.map((q: { x: number; y: number }) => [q.x - minX, q.y - minY + y0]);
          local.push({ key: `${level}\u0000${e.v}>${e.w}`, from: e.v, pts });
        }
        bandSpans.push({ members: band, w: maxX - minX });
        width = Math.max(width, maxX - minX);
        y0 += maxY - minY + BAND_GAP;
      }
      const top = level === "" ? PAD : PAD + HEAD;
      // Bands are centred on the widest one.
      const shift = new Map<string, number>();
      for (const b of bandSpans) for (const m of b.members) shift.set(m, (width - b.w) / 2);
      for (const [m, [x, y]] of placed) rel.set(m, [x + PAD + shift.get(m)!, y + top]);
      for (const { key, from, pts } of local) {
        const dx = PAD + shift.get(from)!;
        routed.set(key, pts.map(([x, y]) => [x + dx, y + top]));
      }
      size.set(level === "" ? "" : `g:${level}`, [Math.max(width + 2 * PAD, level === "" ? 0 : widthOf(`▾ ${groupLabel.get(level)}`) + 20), y0 - BAND_GAP + top + PAD]);
    }

    // Absolute positions, outermost first.
    const abs = new Map<string, [number, number]>([["", [0, 0]]]);
    const place = (level: string, origin: [number, number]): void => {
      for (const m of members.get(level) ?? []) {
        const [x, y] = rel.get(m)!;
        const at: [number, number] = [origin[0] + x, origin[1] + y];
        abs.set(m, at);
        if (m.startsWith("g:") && hider(m.slice(2)) === "") place(m.slice(2), at);
      }
    };
    place("", [0, 0]);
    const boxOf = (ent: string): Box => {
      const [x, y] = abs.get(ent)!, [w, h] = size.get(ent)!;
      return { x, y, w, h };
    };
    const nodes = new Map<string, Box>();
    const groups = new Map<string, Box & { collapsed: boolean; count: number }>();
    for (const ent of abs.keys()) {
      if (ent.startsWith("n:")) nodes.set(ent.slice(2), boxOf(ent));
      else if (ent !== "") groups.set(ent.slice(2), { ...boxOf(ent), collapsed: collapsed.has(ent.slice(2)) || !members.has(ent.slice(2)), count: count.get(ent.slice(2)) ?? 0 });
    }
    const edges = [...pairs.values()].filter((pr) => abs.has(pr.a) && abs.has(pr.b)).map((pr) => {
      const pts = pr.direct ? routed.get(`${pr.level}\u0000${pr.a}>${pr.b}`) : undefined;
      if (pts !== undefined) {
        const [ox, oy] = pr.level === "" ? [0, 0] : abs.get(`g:${pr.level}`)!;
        return { points: pts.map(([x, y]) => [x + ox, y + oy] as const), curve: false, edges: pr.edges };
      }
      const a = boxOf(pr.a), b = boxOf(pr.b);
      return { points: [[a.x + a.w / 2, a.y + a.h], [b.x + b.w / 2, b.y]] as const, curve: true, edges: pr.edges };
    });
    const [width, height] = size.get("") ?? [0, 0];
    return { width, height, nodes, groups, edges };
  };
}
