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
  revealInClaims: 'marginalia.revealInClaims',
  undo: 'marginalia.undoAnnotationChange',
  refresh: 'marginalia.refresh',
  nestSidecars: 'marginalia.nestSidecarsInExplorer',
  createWorkspaceFile: 'marginalia.createWorkspaceFile',
  resolveConflict: 'marginalia.resolveSidecarConflict',
  setupGit: 'marginalia.setUpGitMergeDriver',
  /** Sets git.repositoryScanMaxDepth to 0 for the workspace where no top-level folder is a repository (gitScan.ts, issue 15). */
  stopGitScan: 'marginalia.stopGitScanningFolders',
  relinkSidecar: 'marginalia.relinkSidecar',
  addSource: 'marginalia.addSource',
  exportAnnotations: 'marginalia.exportAnnotations',
  importAnnotations: 'marginalia.importAnnotations',
  openBrief: 'marginalia.openBrief',
  confirmClaimText: 'marginalia.confirmClaimText',
  // the review loop (issue 11)
  approve: 'marginalia.approveAnnotation',
  reject: 'marginalia.rejectAnnotation',
  requestChanges: 'marginalia.requestChanges',
  reply: 'marginalia.replyToAnnotation',
  openThread: 'marginalia.openReviewThread',
  addTag: 'marginalia.addTag',
  removeTag: 'marginalia.removeTag',
  findAnnotation: 'marginalia.findAnnotation',
  filterViews: 'marginalia.filterViews',
  // a source's own fields (issue 14)
  acceptSourceChange: 'marginalia.acceptSourceChange',
  setSourceReliability: 'marginalia.setSourceReliability',
  clearFilters: 'marginalia.clearFilters',
  openAchMatrix: 'marginalia.openAchMatrix',
  openEntityNetwork: 'marginalia.openEntityNetwork',
  openTimeline: 'marginalia.openTimeline',
  /** Internal: open a source and select an annotation or mention. Args validated, never from markdown as-is. */
  reveal: 'marginalia._reveal',
  /** Internal: the Quick Fix setting a claim's `when` to the date its sentence holds (issue 13). */
  setClaimWhen: 'marginalia._setClaimWhen',
  /** Internal: the Quick Fix behind a claim-cue diagnostic. */
  markCueAsClaim: 'marginalia._markCueAsClaim',
  /** Internal: the "Show N more…" row of a long tree list (issue 15, views/moreNode.ts). */
  showMore: 'marginalia._showMore',
} as const;

export const Views = {
  container: 'marginalia',
  sources: 'marginalia.sources',
  entities: 'marginalia.entities',
  claims: 'marginalia.claims',
  /** What awaits review (issue 11). */
  review: 'marginalia.review',
} as const;

/** The Comments API controller of review threads; `commentController == …` in package.json menus. */
export const COMMENT_CONTROLLER = 'marginalia.review';
/** The reply box's language: plain text, no grammar (review/replyBox.ts). */
export const REPLY_LANGUAGE = 'marginalia-reply';
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
  keepIndex: 'marginalia.index.keepBetweenSessions',
} as const;

/** Keys in the extension's workspace state (ExtensionContext.workspaceState). */
export const StateKeys = {
  /** The analyst answered "Don't Ask Again" to the offer to stop Git's folder scan (gitScan.ts). */
  gitScanDontAsk: 'marginalia.gitScan.dontAsk',
} as const;

export const ContextKeys = {
  /** True once the first index has been built; the welcome view waits for it. */
  ready: 'marginalia.ready',
  hasSources: 'marginalia.hasSources',
  canUndo: 'marginalia.canUndo',
  /** Some corpus root has a marginalia.yaml: until then the Entities view offers to create one. */
  hasWorkspaceFile: 'marginalia.hasWorkspaceFile',
  /** A filter is set on the Claims view: its title bar offers Clear Filters. */
  filtered: 'marginalia.viewsFiltered',
} as const;

export const DiagnosticCodes = {
  claimCue: 'claim-cue',
  orphan: 'orphaned-annotation',
  sidecar: 'sidecar',
  missingSource: 'missing-source',
  refusedFile: 'refused-file',
  needsReview: 'needs-review',
  conflict: 'annotation-conflict',
} as const;

/** Theme colours contributed in package.json (`contributes.colors`). */
export const Colors = {
  entity: (type: string) => `marginalia.entity.${type}.background`,
  claim: (status: string) => `marginalia.claim.${status}.background`,
  claimBorder: (status: string) => `marginalia.claim.${status}.border`,
  note: 'marginalia.note.background',
  /** A claim whose words changed since it was assessed (issue 9). */
  needsReview: 'marginalia.claim.needsReview.border',
  /** An annotation holding a merge conflict (issue 9). */
  conflict: 'marginalia.annotation.conflict.border',
} as const;
