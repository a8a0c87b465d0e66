// How the `arende` command ends on each kind of failure: the message it prints and its exit code.
import { CaseNotFound, CaseRefused, CaseUnavailable } from '../../../client/api/gateway';
import { EXIT, UsageError, reportError } from '../../../client/cli/errors';
import { ApiRequestError } from '../../../client/cli/http-gateway';

function report(error: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(error, (t) => (text += t));
  return { code, text };
}

test('a request to try again later (a track not started yet; API 503) prints the reason and exits 1', () => {
  const message = 'beslutsspåret för Krokoms kommun i RS/62/2026 har inte startat än; händelsen är inte registrerad – försök igen om en stund';
  expect(report(new CaseUnavailable(message))).toEqual({ code: EXIT.failure, text: `arende: ${message}\n` });
  expect(report(new ApiRequestError(503, message))).toEqual({ code: EXIT.failure, text: `arende: API 503: ${message}\n` });
});

test('a refusal and an unknown case exit 1; bad input exits 2', () => {
  expect(report(new CaseRefused('huvudman-decided: berg har inte ombetts att besluta i RS/62/2026'))).toEqual({ code: EXIT.failure, text: 'arende: huvudmans beslut avvisades: berg har inte ombetts att besluta i RS/62/2026\n' });
  expect(report(new CaseNotFound('RS/1/2026')).code).toBe(EXIT.failure);
  expect(report(new UsageError('arende decide: --party: saknas')).code).toBe(EXIT.badInput);
  expect(report(new ApiRequestError(400, 'Ogiltig begäran')).code).toBe(EXIT.badInput);
});
