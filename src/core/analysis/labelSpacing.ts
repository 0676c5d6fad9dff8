// Moves the entity network's nodes apart until no two names lie over each other (issue 13).
// cose spaces nodes by their labels' measured size, but it is a force simulation: it stops at an
// iteration count, not at "no overlap", and where it started nodes on one point it pushed them
// apart in random directions, so a long organisation's name could still end up over its
// neighbour's on one draw and not the next. This pass runs after the layout, on the boxes the
// page measured (node and label together): pairs that overlap are pushed apart along the axis
// where they overlap least, a few rounds; if that has not settled, the boxes are put in a grid in
// their reading order, which cannot overlap. Quadratic in the boxes drawn, so the page calls it
// for up to 60 nodes (a larger graph is drawn as a circle spaced by its labels).

export interface Box { x1: number; y1: number; x2: number; y2: number }
export interface Shift { dx: number; dy: number }

/** Rounds of pushing before the grid. */
const ROUNDS = 100;

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/** How many pairs of boxes overlap (touching edges do not). */
export function countOverlaps(boxes: readonly Box[]): number {
  let n = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i], boxes[j], 0)) n++;
  return n;
}

/**
 * The shift to give each box (in order) so that none overlaps another with `gap` to spare.
 * Boxes that already clear their neighbours stay where they are.
 */
export function spaceBoxes(boxes: readonly Box[], gap = 4, rounds = ROUNDS): Shift[] {
  const b = boxes.map((x) => ({ ...x }));
  const move = (k: number, dx: number, dy: number) => {
    b[k].x1 += dx; b[k].x2 += dx; b[k].y1 += dy; b[k].y2 += dy;
  };
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < b.length; i++) {
      for (let j = i + 1; j < b.length; j++) {
        if (!overlaps(b[i], b[j], gap)) continue;
        moved = true;
        const ox = Math.min(b[i].x2, b[j].x2) - Math.max(b[i].x1, b[j].x1) + gap;
        const oy = Math.min(b[i].y2, b[j].y2) - Math.max(b[i].y1, b[j].y1) + gap;
        // push along the axis of least overlap, each box half the way; a box left or above of
        // the other (by centre, then by order) goes that way
        if (ox <= oy) {
          const s = (b[i].x1 + b[i].x2 <= b[j].x1 + b[j].x2 ? -1 : 1) * (ox / 2 + 0.5);
          move(i, s, 0); move(j, -s, 0);
        } else {
          const s = (b[i].y1 + b[i].y2 <= b[j].y1 + b[j].y2 ? -1 : 1) * (oy / 2 + 0.5);
          move(i, 0, s); move(j, 0, -s);
        }
      }
    }
    if (!moved) return b.map((x, k) => ({ dx: x.x1 - boxes[k].x1, dy: x.y1 - boxes[k].y1 }));
  }
  return grid(boxes, gap);
}

/** Every box in a cell of its own, the cells in the boxes' reading order (top to bottom, left to right). */
function grid(boxes: readonly Box[], gap: number): Shift[] {
  const w = Math.max(0, ...boxes.map((x) => x.x2 - x.x1)) + gap + 1;
  const h = Math.max(0, ...boxes.map((x) => x.y2 - x.y1)) + gap + 1;
  const cols = Math.max(1, Math.ceil(Math.sqrt(boxes.length)));
  const order = boxes.map((_, k) => k).sort((p, q) => boxes[p].y1 - boxes[q].y1 || boxes[p].x1 - boxes[q].x1 || p - q);
  const shifts: Shift[] = boxes.map(() => ({ dx: 0, dy: 0 }));
  order.forEach((k, cell) => {
    shifts[k] = { dx: (cell % cols) * w - boxes[k].x1, dy: Math.floor(cell / cols) * h - boxes[k].y1 };
  });
  return shifts;
}
