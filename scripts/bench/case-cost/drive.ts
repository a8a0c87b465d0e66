// The cases of the case-cost benchmark and how each tree is driven: the project's through
// client/cases.ts (startCase, recordEvent), as the API and the CLI do; the bare tree with plain
// client calls. Both take the same steps per case: start, RSR decision, justering (the tracks
// start), anslag; later (`finish`) for each of the 9 huvudmän decision, justering and anslag, the
// parties side by side.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { startCase, recordEvent, UpdateRefusedError, caseInput } from '../../../client/cases';
import type { CaseRegistration } from '../../../domain/case';
import { addDays, stockholmDate, stockholmInstant, type IsoDate } from '../../../domain/dates';
import { dnrSlug, type Dnr } from '../../../domain/dnr';
import type { HumanEvent } from '../../../domain/events';
import type { PartyRegistry } from '../../../domain/parties';
import { DnrAttribute, NextDeadlineAttribute, StageAttribute, TitleAttribute } from '../../../domain/search-attributes';
import { lagaKraftDate } from '../../../domain/calendar';
import { bareEventUpdate, type BareCaseInput, type BareEvent } from '../bare-workflows';
import type { Tree } from './protocol';

export const QUEUES: Record<Tree, string> = { project: 'bench-project', bare: 'bench-bare' };
const ACTOR = 'bench@regionjh.example';

/** The dates of every case: RSR met 120 days ago, so every anslag's appeal period has passed; senast half a year ahead. */
export interface Dates {
  meeting: IsoDate;
  senast: IsoDate;
}
export function benchDates(now = Date.now()): Dates {
  const today = stockholmDate(now);
  return { meeting: addDays(today, -120), senast: addDays(today, 180) };
}

export interface Outcome {
  /** Valid events whose update was refused (not retried). */
  refused: number;
  refusals: string[];
  /** Whether the case workflow completed (a refused event can leave it waiting: then it is terminated). */
  completed: boolean;
}

interface Step {
  /** The party whose track takes the event; undefined: the case. */
  party?: string;
  send(): Promise<unknown>;
}

/** A case started and its case-level events recorded; `finish` sends the huvudmän's events. */
export interface CaseRun {
  outcome: Outcome;
  /** Each party's decision, justering and anslag, the parties side by side; resolves when the case has completed. */
  finish(): Promise<Outcome>;
}

/** Sends the case's own steps in order; counts refusals (not retried). */
async function begin(caseSteps: Step[], partySteps: Step[][], isRefusal: (err: unknown) => boolean, result: () => Promise<unknown>, terminate: () => Promise<unknown>): Promise<CaseRun> {
  const outcome: Outcome = { refused: 0, refusals: [], completed: false };
  const attempt = async (step: Step) => {
    try {
      await step.send();
      return true;
    } catch (err) {
      if (!isRefusal(err)) throw err;
      outcome.refused += 1;
      outcome.refusals.push(`${step.party ?? 'case'}: ${(err as Error).message}`);
      return false;
    }
  };
  for (const step of caseSteps) await attempt(step);
  const finish = async () => {
    await Promise.all(
      partySteps.map(async (chain) => {
        for (const step of chain) if (!(await attempt(step))) return;
      }),
    );
    if (outcome.refused === 0) {
      await result();
      outcome.completed = true;
    } else {
      // A refused step may leave a track waiting for ever: give the case a moment, then end it.
      outcome.completed = await Promise.race([result().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!outcome.completed) await terminate();
    }
    return outcome;
  };
  return { outcome, finish };
}

export interface CaseSpec {
  /** The case number (the Dnr is RS/<n>/2026; the bare tree's ids use it too). */
  n: number;
  /** Only the RSR decision and its justering (no anslag, and `finish` sends nothing): the tracks wait for decisions. */
  open?: boolean;
}

export class Drivers {
  readonly parties: string[];
  readonly recipients: number;

  constructor(
    private readonly client: Client,
    private readonly registry: PartyRegistry,
    private readonly base: CaseRegistration,
    private readonly beslut: string[],
    private readonly dates: Dates,
  ) {
    this.parties = base.recommendation.huvudman;
    this.recipients = caseInput(base, registry).expediering.length;
  }

  registration(n: number): CaseRegistration {
    const dnr = `RS/${n}/2026`;
    return { ...this.base, dnr: dnr as Dnr, title: `${this.base.title} (${dnr})`, rsrMeetingDate: this.dates.meeting, recommendation: { ...this.base.recommendation, senast: this.dates.senast } };
  }

  /** The project's case, through client/cases.ts. */
  async project({ n, open }: CaseSpec): Promise<CaseRun> {
    const registration = this.registration(n);
    const dnr = registration.dnr;
    const { meeting } = this.dates;
    const { handle, created } = await startCase(this.client, registration, this.registry, { taskQueue: QUEUES.project });
    if (!created) throw new Error(`${dnr} exists already (--data with an older store?)`);
    const event = (party: string | undefined, e: HumanEvent): Step => ({ party, send: () => recordEvent(this.client, dnr, { event: e, actor: ACTOR }) });
    const caseSteps = [
      event(undefined, { type: 'rsr-decided', meetingDate: meeting, paragraf: 2, beslut: this.beslut }),
      event(undefined, { type: 'justering-recorded', justerare: ['Alex Exempel'], date: addDays(meeting, 2) }),
      ...(open ? [] : [event(undefined, { type: 'anslag-posted', posted: addDays(meeting, 3) })]),
    ];
    const partySteps = open
      ? []
      : this.parties.map((party, j) => [
          event(party, {
            type: 'huvudman-decided',
            party,
            organ: this.registry.getOrThrow(party).organs[0]!,
            meetingDate: addDays(meeting, 14),
            paragraf: 10 + j,
            outcome: 'bifall',
            beslut: this.base.recommendation.points,
          } as HumanEvent),
          event(party, { type: 'justering-recorded', party, justerare: ['Robin Exempel'], date: addDays(meeting, 16) } as HumanEvent),
          event(party, { type: 'anslag-posted', party, posted: addDays(meeting, 17) } as HumanEvent),
        ]);
    const isRefusal = (err: unknown) => err instanceof UpdateRefusedError;
    if (open) return begin(caseSteps, [], isRefusal, async () => undefined, async () => undefined);
    return begin(caseSteps, partySteps, isRefusal, () => handle.result(), () => handle.terminate('benchmark: a refused event left the case waiting'));
  }

  /** The bare tree's case (scripts/bench/bare-workflows.ts): the same steps as plain starts and updates. */
  async bare({ n, open }: CaseSpec): Promise<CaseRun> {
    const registration = this.registration(n);
    const id = `bare:${dnrSlug(registration.dnr)}`;
    const input: BareCaseInput = {
      id,
      dnr: registration.dnr,
      title: registration.title,
      parties: this.parties,
      recipients: this.recipients,
      senastAt: stockholmInstant(this.dates.senast),
    };
    // As startCase: the same search attributes at the start, no duplicate ids.
    const handle = await this.client.workflow.start('bareCaseWorkflow', {
      taskQueue: QUEUES.bare,
      workflowId: id,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: DnrAttribute, value: registration.dnr },
        { key: TitleAttribute, value: registration.title },
        { key: StageAttribute, value: 'registered' },
        { key: NextDeadlineAttribute, value: new Date(stockholmInstant(registration.rsrMeetingDate)) },
      ],
    });
    let seq = 0;
    const update = (target: WorkflowHandle, e: BareEvent) => target.executeUpdate(bareEventUpdate, { args: [e], updateId: `${target.workflowId}:${e.kind}:${seq++}` });
    // A track starts just after the case's justering: wait for it as recordEvent does.
    const toTrack = async (party: string, e: BareEvent) => {
      const track = this.client.workflow.getHandle(`${id}:${party}`);
      for (let tries = 0; ; tries++) {
        try {
          return await update(track, e);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError) || tries >= 100) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const step = (party: string | undefined, e: BareEvent): Step => ({ party, send: () => (party ? toTrack(party, e) : update(handle, e)) });
    const caseSteps = [step(undefined, { kind: 'rsr' }), step(undefined, { kind: 'justering' }), ...(open ? [] : [step(undefined, { kind: 'anslag' })])];
    const lagaKraftAt = stockholmInstant(lagaKraftDate(addDays(this.dates.meeting, 17)));
    const partySteps = open
      ? []
      : this.parties.map((party) => [step(party, { kind: 'decision' }), step(party, { kind: 'justering' }), step(party, { kind: 'anslag', lagaKraftAt })]);
    const isRefusal = (err: unknown) => err instanceof WorkflowUpdateFailedError;
    if (open) return begin(caseSteps, [], isRefusal, async () => undefined, async () => undefined);
    return begin(caseSteps, partySteps, isRefusal, () => handle.result(), () => handle.terminate('benchmark: a refused event left the case waiting'));
  }
}
