// The document parser's public face: a kallelse/föredragningslista or protokoll into items
// (parseAgenda), a huvudman's protokoll or protokollsutdrag into decisions (parseDecisions, findDecision).
export { parseAgenda } from './agenda';
export { parseDecisions, findDecision, outcomeOf } from './decision';
export * from './schema';
