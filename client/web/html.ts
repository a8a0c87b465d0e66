// Server-rendered HTML that cannot forget to escape: `html\`<p>${text}</p>\`` escapes every
// interpolated value (case text is user input) unless it is already SafeHtml — a nested `html`
// result or an explicit `raw()`. Arrays are rendered item by item and joined; null, undefined and
// false render nothing (so `${cond && html\`…\`}` works).
import { escapeHtml } from '../../lib/escape-html';

const BRAND: unique symbol = Symbol('SafeHtml');

export interface SafeHtml {
  readonly [BRAND]: true;
  /** The markup. */
  readonly value: string;
  toString(): string;
}

class Markup implements SafeHtml {
  readonly [BRAND] = true as const;
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof Markup;
}

/** Markup that is trusted as it is: only for constants and output of this module's own builders. */
export function raw(markup: string): SafeHtml {
  return new Markup(markup);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Markup(out);
}

/** Joins fragments with a separator (escaped unless SafeHtml). */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new Markup(items.map((item) => render(item)).join(sep));
}
