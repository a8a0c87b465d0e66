// GET  /arende/:dnr                           the case page (administrators, managers, and the registrators of the parties it asks)
// GET  /arende/:dnr/export                    the archive export, as the API's GET /api/v1/cases/:dnr/export, for a signed-in browser
// POST /arende/:dnr/leveranser/omforsok       retry a failed delivery (administrators; CSRF)
import type { FastifyInstance } from 'fastify';
import { dnrFromSlug, dnrSlug, workflowIdForDnr } from '../../domain/dnr';
import { CaseNotFound, CaseRefused, CaseUnavailable } from '../api/gateway';
import { html } from './html';
import { allows } from '../api/permissions';
import { caseBody } from './case-page';
import { caseNotFoundPage, notFoundPage, todayFor, type WebDependencies } from './context';
import { Dnr } from '../../domain/values';
import { loadParties } from '../../config/load-parties';

function parseDnr(slug: string): Dnr | undefined {
  const parsed = Dnr.safeParse(slug.includes('/') ? slug : dnrFromSlug(slug));
  return parsed.success ? parsed.data : undefined;
}

export function registerCaseRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const registry = deps.registry ?? loadParties();
  app.get<{ Params: { dnr: string }; Querystring: { omforsok?: string } }>('/arende/:dnr', { config: { action: 'case.read' } }, async (req, reply) => {
    const dnr = parseDnr(req.params.dnr);
    if (!dnr) return notFoundPage(reply, 'Diarienumret ska skrivas som RS-62-2026.');
    try {
      const [status, events] = await Promise.all([deps.cases.status(dnr), deps.cases.events(dnr)]);
      const temporalUrl = deps.temporalUiUrl ? `${deps.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowIdForDnr(dnr))}` : undefined;
      const notice = req.query.omforsok === 'ok' ? 'Utskicket har skickats på nytt; resultatet syns i tabellen.' : undefined;
      return reply.sendPage({
        title: `${status.dnr} ${status.title}`,
        body: caseBody({ status, events, today: todayFor(deps), admin: req.principal!.role === 'administrator', csrfToken: reply.generateCsrf(), temporalUrl, slug: dnrSlug(dnr), notice, registry, mayExport: allows(req.principal?.role, 'case.export'), ...(req.principal?.role === 'registrator' && req.principal.party ? { reporterParty: req.principal.party } : {}) }),
      });
    } catch (err) {
      if (err instanceof CaseNotFound) return caseNotFoundPage(reply, dnr);
      throw err;
    }
  });

  app.get<{ Params: { dnr: string } }>('/arende/:dnr/export', { config: { action: 'case.export' } }, async (req, reply) => {
    const dnr = parseDnr(req.params.dnr);
    if (!dnr) return notFoundPage(reply, 'Diarienumret ska skrivas som RS-62-2026.');
    try {
      const record = await deps.cases.exportRecord(dnr);
      return reply
        .header('content-disposition', `attachment; filename="${dnrSlug(dnr)}.json"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(record, null, 2));
    } catch (err) {
      if (err instanceof CaseNotFound) return notFoundPage(reply, `Ärendet ${dnr} finns inte.`);
      throw err;
    }
  });

  app.post<{ Params: { dnr: string }; Body: { key?: string; attempt?: string } }>(
    '/arende/:dnr/leveranser/omforsok',
    { config: { action: 'delivery.retry' }, preHandler: app.csrfProtection },
    async (req, reply) => {
      const dnr = parseDnr(req.params.dnr);
      if (!dnr) return notFoundPage(reply, 'Diarienumret ska skrivas som RS-62-2026.');
      const key = typeof req.body?.key === 'string' ? req.body.key : '';
      // The attempt the page showed (attempts + 1): a double click sends it twice and retries once.
      const attempt = typeof req.body?.attempt === 'string' && /^[1-9]\d{0,5}$/.test(req.body.attempt) ? Number(req.body.attempt) : undefined;
      try {
        await deps.cases.retryDelivery(dnr, key, req.principal!.name, attempt);
        return reply.redirect(`/arende/${dnrSlug(dnr)}?omforsok=ok#leveranser`, 303);
      } catch (err) {
        if (err instanceof CaseNotFound) return caseNotFoundPage(reply, dnr);
        if (err instanceof CaseRefused) {
          return reply.sendPage({ status: 409, title: 'Kunde inte försöka igen', body: html`<h1>Kunde inte försöka igen</h1><p>${err.message}</p><p><a href="/arende/${dnrSlug(dnr)}#leveranser">Tillbaka till ärendet</a></p>` });
        }
        if (err instanceof CaseUnavailable) {
          return reply.sendPage({ status: 503, title: 'Försök igen om en stund', body: html`<h1>Försök igen om en stund</h1><p>${err.message}</p><p><a href="/arende/${dnrSlug(dnr)}#leveranser">Tillbaka till ärendet</a></p>` });
        }
        throw err;
      }
    },
  );
}
