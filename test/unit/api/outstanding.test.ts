// The outstanding list from visibility rows (TemporalCaseGateway.outstanding) with a fake list
// query: the party's name, the word's detail, an overdue track's passed last day and the days late
// — from the track's own row, or for tracks started before they kept it, from their case's row.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { TemporalCaseGateway } from '../../../client/api/temporal-gateway';
import { stockholmInstant, type IsoDate } from '../../../domain/dates';
import { DnrAttribute, NextDeadlineAttribute, PartyAttribute, StageAttribute, TrackDetailAttribute } from '../../../domain/search-attributes';
import { registry } from '../../workflow/support';

const NOW = stockholmInstant('2026-11-23' as IsoDate, 12);
const at = (date: string) => new Date(stockholmInstant(date as IsoDate));

function row(workflowId: string, attributes: SearchAttributePair[]): WorkflowExecutionInfo {
  return { workflowId, typedSearchAttributes: new TypedSearchAttributes(attributes), status: { name: 'RUNNING' }, startTime: new Date(NOW) } as unknown as WorkflowExecutionInfo;
}

function track(dnr: string, party: string, state: string, deadline?: string, detail?: string): WorkflowExecutionInfo {
  return row(`arende:${dnr}:${party}`, [
    { key: DnrAttribute, value: dnr },
    { key: PartyAttribute, value: party },
    { key: StageAttribute, value: state },
    ...(detail ? [{ key: TrackDetailAttribute, value: detail }] : []),
    ...(deadline ? [{ key: NextDeadlineAttribute, value: at(deadline) }] : []),
  ]);
}

/** A client whose list query answers tracks for track queries and cases for case queries, and records the queries. */
function fakeClient(tracks: WorkflowExecutionInfo[], cases: WorkflowExecutionInfo[]) {
  const queries: string[] = [];
  const client = {
    workflow: {
      list: ({ query }: { query: string }) => {
        queries.push(query);
        const rows = query.includes("'decisionTrackWorkflow'") ? tracks : cases;
        return (async function* () {
          yield* rows;
        })();
      },
    },
  } as unknown as Client;
  return { client, queries };
}

test("overdue rows carry their own passed senast and the days late, with the party's name; one list query", async () => {
  const { client, queries } = fakeClient(
    [
      track('RS/62/2026', 'krokom', 'overdue', '2026-04-30', 'overdue'),
      track('RS/70/2026', 'berg', 'requested', '2026-12-01', 'reminded'),
      track('RS/71/2026', 'ostersund', 'anslag', '2026-12-15', 'anslag'),
      track('RS/72/2026', 'are', 'decided', undefined, 'decided'),
    ],
    [],
  );
  const items = await new TemporalCaseGateway(client, registry, 'q', () => NOW).outstanding({});
  expect(items).toEqual([
    { dnr: 'RS/62/2026', party: 'krokom', partyName: 'Krokoms kommun', state: 'overdue', detail: 'overdue', nextDeadline: '2026-04-30', daysLeft: -207, overdue: true },
    { dnr: 'RS/70/2026', party: 'berg', partyName: 'Bergs kommun', state: 'requested', detail: 'reminded', nextDeadline: '2026-12-01', daysLeft: 8, overdue: false },
    { dnr: 'RS/71/2026', party: 'ostersund', partyName: registry.getOrThrow('ostersund').name, state: 'anslag', detail: 'anslag', nextDeadline: '2026-12-15', daysLeft: 22, overdue: false },
    { dnr: 'RS/72/2026', party: 'are', partyName: registry.getOrThrow('are').name, state: 'decided', detail: 'decided', overdue: false },
  ]);
  expect(queries).toHaveLength(1);
});

test("an overdue track from before the overdue-deadline-attribute patch takes its case's passed date, in one more query for those cases only", async () => {
  const { client, queries } = fakeClient(
    [track('RS/62/2026', 'krokom', 'overdue', '2026-04-30', 'overdue'), track('RS/50/2026', 'berg', 'overdue'), track('RS/51/2026', 'berg', 'overdue'), track('RS/50/2026', 'krokom', 'overdue')],
    [
      row('arende:RS-50-2026', [{ key: DnrAttribute, value: 'RS/50/2026' }, { key: NextDeadlineAttribute, value: at('2026-03-31') }]),
      // Not a passed date: not the senast the track missed, so no date rather than a wrong one.
      row('arende:RS-51-2026', [{ key: DnrAttribute, value: 'RS/51/2026' }, { key: NextDeadlineAttribute, value: at('2027-01-31') }]),
    ],
  );
  const items = await new TemporalCaseGateway(client, registry, 'q', () => NOW).outstanding({ overdue: 'true' });
  expect(items.map((i) => [i.dnr, i.party, i.nextDeadline, i.daysLeft])).toEqual([
    ['RS/50/2026', 'berg', '2026-03-31', -237],
    ['RS/50/2026', 'krokom', '2026-03-31', -237],
    ['RS/62/2026', 'krokom', '2026-04-30', -207],
    ['RS/51/2026', 'berg', undefined, undefined],
  ]);
  expect(queries).toHaveLength(2);
  expect(queries[1]).toBe("WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running' AND ArendeDnr IN ('RS/50/2026', 'RS/51/2026')");
});
