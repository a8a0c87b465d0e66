// The bare tree for the case-cost benchmark (scripts/bench/case-cost/): the same Temporal work per
// case as the project's workflows (workflows/), with nothing else — no zod, no domain, ids for
// payloads. Per 9-party case driven to laga kraft it has the project's history events by type
// (counted from the project's histories; docs/benchmarks.md "A case against bare Temporal"), as the
// lean workflows make them:
//   case:        1 patch marker (its TemporalChangeVersion upsert); 3 updates (RSR decision,
//                justering, anslag); search attributes upserted at most once per workflow task, when
//                a value changed; 1 expediering child + 9 track children started with their first
//                search attributes; no timer, no activity;
//   expediering: one activity per "Expedieras till" recipient (20 at a time);
//   track:       3 updates (decision, justering, anslag), upserts as the case's (3: decided,
//                justerat, laga kraft), a reminder timer cancelled by the decision, 4 activities
//                (begäran, 2 confirmations, laga kraft).
// When the project's counts change, change these to match: the benchmark prints both side by side.
// (The bare tree that matched the workflows before they were made lean is this file as committed
// with bench-results/before.json.)
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';

export interface BareActivities {
  /** One message to one recipient; returns its message id. */
  deliver(kind: string, to: string): Promise<string>;
}

// The project's attribute names (registered on the namespace), so visibility does the same work.
const Dnr = defineSearchAttributeKey('ArendeDnr', SearchAttributeType.KEYWORD);
const Title = defineSearchAttributeKey('ArendeRubrik', SearchAttributeType.TEXT);
const Stage = defineSearchAttributeKey('ArendeStage', SearchAttributeType.KEYWORD);
const Party = defineSearchAttributeKey('ArendePart', SearchAttributeType.KEYWORD);
const Detail = defineSearchAttributeKey('ArendeDetalj', SearchAttributeType.KEYWORD);
const Pending = defineSearchAttributeKey('ArendeEjKlara', SearchAttributeType.KEYWORD_LIST);
const Overdue = defineSearchAttributeKey('ArendeForsenade', SearchAttributeType.KEYWORD_LIST);
const Deadline = defineSearchAttributeKey('ArendeNastaFrist', SearchAttributeType.DATETIME);

export interface BareEvent {
  kind: 'rsr' | 'justering' | 'anslag' | 'decision';
  /** On a track's anslag: when its appeal period ends (epoch ms; in the past: laga kraft at once). */
  lagaKraftAt?: number;
}
export const bareEventUpdate = defineUpdate<{ stage: string }, [BareEvent]>('bareEvent');

const { deliver } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** Resolves at the SDK's next pass over blocked conditions: after every continuation ready now. */
function nextPass(): Promise<void> {
  let due = false;
  const pass = condition(() => due);
  due = true;
  return pass;
}

/**
 * Upserts `values()` once per workflow task at most, after the task's last change (as the project's
 * SearchAttributeSync); `flushed()` resolves when nothing is left to upsert.
 */
function coalescedUpserts(values: () => SearchAttributeUpdatePair[]) {
  let dirty = false;
  let pending = false;
  void (async () => {
    for (;;) {
      await condition(() => dirty);
      do {
        dirty = false;
        await nextPass();
      } while (dirty);
      upsertSearchAttributes(values());
      pending = false;
    }
  })();
  return {
    changed() {
      dirty = true;
      pending = true;
    },
    flushed: () => condition(() => !pending),
  };
}

export interface BareCaseInput {
  id: string;
  dnr: string;
  title: string;
  parties: string[];
  recipients: number;
  /** The last day for the huvudmän (epoch ms), for the tracks' timers. */
  senastAt: number;
}

export async function bareCaseWorkflow(input: BareCaseInput): Promise<{ completed: number }> {
  // As the project's case: one patch (a marker and a TemporalChangeVersion upsert).
  patched('bare-case');
  let stage = 'registered';
  const open = new Set<string>();
  const attributes = coalescedUpserts(() => [
    { key: Stage, value: stage },
    { key: Pending, value: [...open] },
    { key: Overdue, value: [] },
    { key: Deadline, value: stage === 'completed' ? null : new Date(input.senastAt) },
  ]);
  // Each event's stage before and after.
  const from: Record<string, string> = { rsr: 'registered', justering: 'rsr-decided', anslag: 'justerat' };
  const to: Record<string, string> = { rsr: 'rsr-decided', justering: 'justerat', anslag: 'anslag' };
  setHandler(
    bareEventUpdate,
    ({ kind }) => {
      stage = to[kind]!;
      attributes.changed();
      return { stage };
    },
    {
      validator: ({ kind }) => {
        if (from[kind] !== stage) throw new Error(`${kind} not accepted in ${stage}`);
      },
    },
  );

  await condition(() => stage !== 'registered' && stage !== 'rsr-decided');
  const expediering = startChild(bareExpedieringWorkflow, {
    workflowId: `${input.id}:_expediering`,
    args: [{ recipients: input.recipients }],
    parentClosePolicy: ParentClosePolicy.TERMINATE,
  });
  for (const p of input.parties) open.add(p);
  attributes.changed();
  const tracks = await Promise.all(
    input.parties.map((party) =>
      startChild(bareTrackWorkflow, {
        workflowId: `${input.id}:${party}`,
        args: [{ dnr: input.dnr, party, senastAt: input.senastAt }],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        // The track's first row, as the project's case starts its tracks.
        typedSearchAttributes: [
          { key: Dnr, value: input.dnr },
          { key: Party, value: party },
          { key: Title, value: input.title },
          { key: Stage, value: 'requested' },
          { key: Detail, value: 'requested' },
          { key: Deadline, value: new Date(input.senastAt) },
        ],
      }),
    ),
  );
  await Promise.all([
    expediering.then((h) => h.result()),
    ...tracks.map(async (handle, i) => {
      await handle.result();
      open.delete(input.parties[i]!);
      attributes.changed();
    }),
  ]);
  await condition(allHandlersFinished);
  stage = 'completed';
  attributes.changed();
  await attributes.flushed();
  return { completed: tracks.length };
}

export async function bareExpedieringWorkflow(input: { recipients: number }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < input.recipients; i += 20) {
    const batch = Array.from({ length: Math.min(20, input.recipients - i) }, (_, j) => deliver('protokollsutdrag', `recipient-${i + j}`));
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

export async function bareTrackWorkflow(input: { dnr: string; party: string; senastAt: number }): Promise<{ state: string }> {
  let state = 'requested';
  let lagaKraftAt = 0;
  let version = 0;
  const attributes = coalescedUpserts(() => [
    { key: Stage, value: state },
    { key: Deadline, value: state === 'requested' ? new Date(input.senastAt) : state === 'anslag' ? new Date(lagaKraftAt) : null },
    { key: Detail, value: state },
  ]);
  const after: Record<string, string> = { decision: 'requested', justering: 'decided', anslag: 'justerat' };
  setHandler(
    bareEventUpdate,
    async ({ kind, lagaKraftAt: at }) => {
      state = kind === 'decision' ? 'decided' : kind === 'justering' ? 'justerat' : 'anslag';
      if (at) lagaKraftAt = at;
      version++;
      attributes.changed();
      // As the project's track: the decision and the anslag are confirmed by mail before the update returns.
      if (kind !== 'justering') await deliver('beslut-registrerat', input.party);
      return { stage: state };
    },
    {
      validator: ({ kind }) => {
        if (after[kind] !== state) throw new Error(`${kind} not accepted in ${state}`);
      },
    },
  );

  await deliver('begaran', input.party);
  // The reminder 10 working days before senast, roughly: the timer the decision cancels.
  const reminderAt = input.senastAt - 14 * 24 * 3600_000;
  while (state !== 'laga-kraft') {
    const seen = version;
    if (state === 'anslag' && Date.now() >= lagaKraftAt) {
      state = 'laga-kraft';
      attributes.changed();
      await deliver('laga-kraft', input.party);
    } else if (state === 'requested') {
      await condition(() => version !== seen, Math.max(reminderAt - Date.now(), 1));
    } else if (state === 'anslag') {
      await condition(() => version !== seen, lagaKraftAt - Date.now());
    } else {
      await condition(() => version !== seen);
    }
  }
  await condition(allHandlersFinished);
  await attributes.flushed();
  return { state };
}
