// Every id the extension shares with package.json, in one place. test/unit/ids.test.ts checks
// both directions: each id here is declared in package.json and each declaration is here.

export const EXTENSION_ID = 'marginalia.marginalia';

export const Commands = {
  markEntity: 'marginalia.markEntity',
  markClaim: 'marginalia.markClaim',
  addNote: 'marginalia.addNote',
  editNote: 'marginalia.editNote',
  changeStatus: 'marginalia.changeStatus',
  linkClaim: 'marginalia.linkClaim',
  deleteAnnotation: 'marginalia.deleteAnnotation',
  reattach: 'marginalia.reattachOrphan',
  openSidecar: 'marginalia.openSidecar',
  revealInSources: 'marginalia.revealInSources',
  undo: 'marginalia.undoAnnotationChange',
  refresh: 'marginalia.refresh',
  nestSidecars: 'marginalia.nestSidecarsInExplorer',
  createWorkspaceFile: 'marginalia.createWorkspaceFile',
  resolveConflict: 'marginalia.resolveSidecarConflict',
  setupGit: 'marginalia.setUpGitMergeDriver',
  relinkSidecar: 'marginalia.relinkSidecar',
  openAchMatrix: 'marginalia.openAchMatrix',
  openEntityNetwork: 'marginalia.openEntityNetwork',
  openTimeline: 'marginalia.openTimeline',
  /** Internal: open a source and select an annotation or mention. Args validated, never from markdown as-is. */
  reveal: 'marginalia._reveal',
  /** Internal: the Quick Fix setting a claim's `when` to the date its sentence holds (issue 13). */
  setClaimWhen: 'marginalia._setClaimWhen',
  /** Internal: the Quick Fix behind a claim-cue diagnostic. */
  markCueAsClaim: 'marginalia._markCueAsClaim',
} as const;

export const Views = {
  container: 'marginalia',
  sources: 'marginalia.sources',
  entities: 'marginalia.entities',
  claims: 'marginalia.claims',
} as const;

/** The analysis webviews' types (issue 13): `onWebviewPanel:` activation and their serializers. */
export const Webviews = {
  ach: 'marginalia.achMatrix',
  network: 'marginalia.entityNetwork',
  timeline: 'marginalia.timeline',
} as const;

export const Settings = {
  author: 'marginalia.author',
  include: 'marginalia.sources.include',
  exclude: 'marginalia.sources.exclude',
  highlightEntities: 'marginalia.highlight.entities',
  highlightClaims: 'marginalia.highlight.claims',
  highlightNotes: 'marginalia.highlight.notes',
  overviewRuler: 'marginalia.highlight.overviewRuler',
  claimCues: 'marginalia.detection.claimCues',
  maxFileSize: 'marginalia.files.maxSizeMB',
} as const;

export const ContextKeys = {
  /** True once the first index has been built; the welcome view waits for it. */
  ready: 'marginalia.ready',
  hasSources: 'marginalia.hasSources',
  canUndo: 'marginalia.canUndo',
  /** Some corpus root has a marginalia.yaml: until then the Entities view offers to create one. */
  hasWorkspaceFile: 'marginalia.hasWorkspaceFile',
} as const;

export const DiagnosticCodes = {
  claimCue: 'claim-cue',
  orphan: 'orphaned-annotation',
  sidecar: 'sidecar',
  missingSource: 'missing-source',
  refusedFile: 'refused-file',
} as const;

/** Theme colours contributed in package.json (`contributes.colors`). */
export const Colors = {
  entity: (type: string) => `marginalia.entity.${type}.background`,
  claim: (status: string) => `marginalia.claim.${status}.background`,
  claimBorder: (status: string) => `marginalia.claim.${status}.border`,
  note: 'marginalia.note.background',
} as const;
