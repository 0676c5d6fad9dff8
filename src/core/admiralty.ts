// The Admiralty (NATO STANAG 2511) grading the sidecar format borrows: the reliability of a
// source, A–F, and the credibility of one piece of information, 1–6. One wording everywhere:
// hovers, tooltips and pickers.

export const RELIABILITY: Readonly<Record<string, string>> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

export const CREDIBILITY: Readonly<Record<number, string>> = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};
