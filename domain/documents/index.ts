// The document parser's public face: a kallelse/föredragningslista or protokoll into items
// (parseAgenda), a huvudman's protokoll or protokollsutdrag into decisions (parseDecisions, findDecision),
// and either into what a person confirms: a registration or a decision (proposeCase, proposeDecision).
export { parseAgenda } from './agenda';
export { parseDecisions, findDecision, decisionMatch, outcomeOf, type CaseIdentity } from './decision';
export * from './schema';
export { proposeCase, proposeDecision, CaseProposal, DecisionProposal, ProposalNote, FieldSources } from './proposal';
export { recipientFromText, recipientLine } from './recipients';
