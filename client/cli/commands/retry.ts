// `arende retry <dnr> --nyckel K [--forsok N]`: an administrator retries a failed delivery, as the
// case page's "Försök igen" does (POST /api/v1/cases/:dnr/deliveries/retry). `--forsok` is the
// attempt the retry will be (the delivery's attempts + 1 as you saw it), so the same command twice
// is one retry; without it the delivery is read now. Without --nyckel: the deliveries to retry.
import type { Command } from 'commander';
import type { DeliveryRecord } from '../../../domain/notifications';
import { NOTIFICATION_KIND_LABELS } from '../../../domain/notifications';
import { DELIVERY_STATUS_WORDS } from '../../../domain/words';
import { RetryDeliveryBody } from '../../api/gateway';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { dnrArgument, printJson, stockholmTime, table } from '../output';
import { checked, integer } from './events';

interface RetryOptions extends ConnectionOptions {
  nyckel?: string;
  forsok?: string;
  json?: boolean;
}

/** A delivery as a person reads it: kind, recipient, status and attempts in words. */
export function deliveryLine(dnr: string, d: DeliveryRecord): string {
  return `${dnr}: ${NOTIFICATION_KIND_LABELS[d.kind]} till ${d.recipient.label}: ${DELIVERY_STATUS_WORDS[d.status]}${d.detail ? ` (${d.detail})` : ''}, försök ${d.attempts}\n`;
}

export function registerRetryCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('retry')
      .description(
        'Skicka om en misslyckad leverans (efter rättad adress), som "Försök igen" på ärendesidan. ' +
          'Utan --nyckel: de leveranser som kan skickas om, med nyckel och nästa försök.',
      )
      .argument('<dnr>', 'ärendets diarienummer, t.ex. RS/62/2026')
      .option('--nyckel <nyckel>', 'leveransens nyckel (kolumnen Nyckel utan --nyckel, eller key i `arende case show --json`)')
      .option('--forsok <nr>', 'försöket omförsöket blir: leveransens antal försök + 1 (samma kommando två gånger blir då ett omförsök); standard: läses nu')
      .option('--json', 'skriv leveransen som JSON (utan --nyckel: listan)')
      .addHelpText('after', '\nExempel:\n  arende retry RS/62/2026\n  arende retry RS/62/2026 --nyckel <nyckel> --forsok 2\n'),
  ).action(async (value: string, o: RetryOptions) => {
    const dnr = dnrArgument('retry', value);
    const body =
      o.nyckel === undefined
        ? undefined
        : checked('retry', RetryDeliveryBody, { key: o.nyckel, ...(o.forsok !== undefined ? { attempt: integer(o.forsok) } : {}) }, { key: '--nyckel', attempt: '--forsok' });
    await withGateway(o, async ({ gateway, actor }) => {
      if (!body) {
        const status = await gateway.status(dnr);
        const retryable = [...status.deliveries, ...status.trackStatus.flatMap((t) => t.deliveries)].filter((d) => d.status !== 'sent');
        if (o.json) return printJson(io, retryable.map((d) => ({ ...d, nextAttempt: d.attempts + 1 })));
        if (retryable.length === 0) return io.out(`${dnr}: inga misslyckade leveranser.\n`);
        io.out(
          table(
            ['Nyckel', 'Typ', 'Mottagare', 'Status', 'Försök', 'Senast försökt', 'Nästa försök'],
            retryable.map((d) => [d.key, NOTIFICATION_KIND_LABELS[d.kind], d.recipient.label, `${DELIVERY_STATUS_WORDS[d.status]}${d.detail ? `: ${d.detail}` : ''}`, d.attempts, stockholmTime(d.attemptedAt), d.attempts + 1]),
          ),
        );
        return io.out(`Skicka om med: arende retry ${dnr} --nyckel <nyckel> --forsok <nästa försök>\n`);
      }
      const record = await gateway.retryDelivery(dnr, body.key, actor, body.attempt);
      if (o.json) printJson(io, { dnr, ...record });
      else io.out(deliveryLine(dnr, record));
    });
  });
}
