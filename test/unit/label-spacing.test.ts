// The entity network's names never lie over each other (labelSpacing.ts): whatever the layout
// left, the shifted boxes clear each other by the gap, keep their sizes, and boxes that were
// already clear are not moved; the grid it falls back on keeps the boxes' reading order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countOverlaps, spaceBoxes, type Box } from '../../src/core/analysis/labelSpacing';

const box: fc.Arbitrary<Box> = fc
  .record({ x: fc.integer({ min: -300, max: 300 }), y: fc.integer({ min: -300, max: 300 }), w: fc.integer({ min: 1, max: 140 }), h: fc.integer({ min: 1, max: 50 }) })
  .map(({ x, y, w, h }) => ({ x1: x, y1: y, x2: x + w, y2: y + h }));
// many boxes on few points: what a layout started from one point leaves
const crowded = fc.array(fc.constantFrom<Box>({ x1: 0, y1: 0, x2: 110, y2: 30 }, { x1: 5, y1: 2, x2: 60, y2: 20 }, { x1: 0, y1: 0, x2: 20, y2: 20 }), { maxLength: 60 });

const shifted = (boxes: Box[], gap?: number, rounds?: number) =>
  spaceBoxes(boxes, gap, rounds).map((s, k) => ({ x1: boxes[k].x1 + s.dx, y1: boxes[k].y1 + s.dy, x2: boxes[k].x2 + s.dx, y2: boxes[k].y2 + s.dy }));

test('no two boxes overlap after spacing, each keeps its size, and the gap is kept', () => {
  fc.assert(
    fc.property(fc.oneof(fc.array(box, { maxLength: 60 }), crowded), fc.constantFrom(0, 4), (boxes, gap) => {
      const out = shifted(boxes, gap);
      assert.equal(countOverlaps(out), 0);
      // grown by the gap, still none overlaps: the boxes clear each other by it
      assert.equal(countOverlaps(out.map((b) => ({ ...b, x2: b.x2 + gap - 1e-9, y2: b.y2 + gap - 1e-9 }))), 0);
      out.forEach((b, k) => {
        assert.ok(Math.abs(b.x2 - b.x1 - (boxes[k].x2 - boxes[k].x1)) < 1e-9);
        assert.ok(Math.abs(b.y2 - b.y1 - (boxes[k].y2 - boxes[k].y1)) < 1e-9);
      });
    }),
    { numRuns: 300 },
  );
});

test('boxes that already clear each other stay where they are', () => {
  const boxes = [{ x1: 0, y1: 0, x2: 100, y2: 20 }, { x1: 0, y1: 40, x2: 100, y2: 60 }, { x1: 200, y1: 0, x2: 260, y2: 20 }];
  assert.deepEqual(spaceBoxes(boxes), boxes.map(() => ({ dx: 0, dy: 0 })));
});

test('a name over another is moved the shorter way: up and down when they share most of a line, sideways when they barely touch', () => {
  const [a, b] = shifted([{ x1: 0, y1: 0, x2: 100, y2: 20 }, { x1: 60, y1: 2, x2: 160, y2: 22 }]);
  assert.ok(a.y2 + 4 <= b.y1 + 1e-9 && a.x1 === 0 && b.x1 === 60, JSON.stringify([a, b]));
  const [c, d] = shifted([{ x1: 0, y1: 0, x2: 100, y2: 20 }, { x1: 95, y1: 0, x2: 195, y2: 20 }]);
  assert.ok(c.x2 + 4 <= d.x1 + 1e-9 && c.x1 < 0 && d.x1 > 95 && c.y1 === 0 && d.y1 === 0, JSON.stringify([c, d]));
});

test('when pushing does not settle, the boxes are put in a grid in their reading order', () => {
  const boxes = [{ x1: 50, y1: 10, x2: 150, y2: 30 }, { x1: 0, y1: 0, x2: 100, y2: 20 }, { x1: 0, y1: 0, x2: 30, y2: 20 }, { x1: 20, y1: 40, x2: 40, y2: 60 }];
  const out = shifted(boxes, 4, 0);
  assert.equal(countOverlaps(out), 0);
  // reading order: (0,0) first (the earlier of the two), then the other (0,0), then (50,10), then (20,40)
  const order = out.map((b, k) => ({ k, b })).sort((p, q) => p.b.y1 - q.b.y1 || p.b.x1 - q.b.x1).map((x) => x.k);
  assert.deepEqual(order, [1, 2, 0, 3]);
});
