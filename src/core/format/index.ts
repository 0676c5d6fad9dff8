export { parseSidecar, type ParsedSidecar } from './sidecar-read';
export { serializeSidecar, compareAnnotations, ANNOTATION_KEYS } from './sidecar-write';
export { findConflictMarkers } from './yamlutil';
export { parseLinkTarget, checkLinkTarget, resolveLinkSource, linkTargetFor, type LinkTarget } from './links';
export { sidecarPathFor, sourcePathFor, isSidecarPath, SIDECAR_SUFFIX } from './paths';
export { parseWorkspace, addEntityToWorkspace, newWorkspaceText, type ParsedWorkspace } from './workspace';
export { WORKSPACE_FILE } from './paths';
export { readWorkspaceFast } from './workspace-fast';
export { parseSidecarQuick, readSidecarFast } from './sidecar-fast';
