// Types of ./schemathesis.js (plain Node, so it runs before npm dependencies are installed).
/** The `st` command of the pinned schemathesis, installed into .tools/schemathesis-venv on first use. */
export function ensureSchemathesis(): string;
/** The schemathesis version requirements.txt pins. */
export function pinnedVersion(): string;
