// The case file: one case as a JSON document — its registration and the human events that
// followed, in order. The demo cases (demo/cases/*.json) use it; its JSON Schema
// (schemas/case-file.schema.json) is generated from this schema by `npm run schema`.
import { z } from 'zod';
import { CaseRegistration } from './case';
import { HumanEvent } from './events';

export const CaseFile = z
  .strictObject({
    $schema: z.string().optional(),
    registration: CaseRegistration,
    events: z.array(HumanEvent).default([]).meta({ description: 'Händelser efter registreringen, i tidsordning' }),
  })
  .meta({
    title: 'Ärendeflöde: ärendefil',
    description: 'Ett ärende: registreringen (tjänsteskrivelse, beredning, rekommendation, Expedieras till) och de händelser som följde.',
  });
export type CaseFile = z.infer<typeof CaseFile>;
