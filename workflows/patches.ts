// Patch ids shared by the workflows (docs/versioning.md lists every patch and when it can go).

/**
 * Cases from this patch on: search attributes upserted once per workflow task, only the values that
 * changed; each track's first values set when the case starts it; async update handlers serialised
 * by a mutex. Their tracks do the same, and know it from those first values (no marker of their
 * own). Older executions replay their own commands unchanged.
 */
export const LEAN_WORKFLOWS_PATCH = 'lean-workflows';
