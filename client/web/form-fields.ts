// Accessible form controls for the dashboard's forms: every input has a <label for>, a hint and an
// error message tied to it with aria-describedby, aria-invalid when it is wrong, radio groups and
// checkbox groups in a <fieldset> with a <legend>; an error summary at the top links to each field.
// The values shown are what was entered (kept after a refusal); everything is escaped by `html`.
import { html, type SafeHtml } from './html';
import { errorId, fieldId, type FormErrors } from './forms';
import type { FieldMark } from './field-marks';

export type { FieldMark };

export interface FormState {
  values: Record<string, string | string[]>;
  errors: FormErrors;
  /** Per field: where a pre-filled value came from, or that it must be filled in (client/web/document-import.ts). */
  marks?: Record<string, FieldMark>;
}


export const EMPTY_FORM: FormState = { values: {}, errors: { all: [], byField: {} } };

export function formState(values: Record<string, string | string[]> = {}, errors?: FormErrors): FormState {
  return { values, errors: errors ?? { all: [], byField: {} } };
}

function valueOf(state: FormState, name: string): string {
  const v = state.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function checkedValues(state: FormState, name: string): string[] {
  const v = state.values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

function describedBy(name: string, hint: string | undefined, hasError: boolean, mark?: FieldMark): string {
  const ids = [hint ? `${fieldId(name)}-hint` : '', mark ? `${fieldId(name)}-kalla` : '', hasError ? errorId(name) : ''].filter(Boolean);
  return ids.join(' ');
}

function markText(name: string, mark: FieldMark | undefined): SafeHtml {
  if (!mark) return html``;
  return html`<p class="${mark.missing ? 'mark mark--missing' : 'mark mark--source'}" id="${fieldId(name)}-kalla">${mark.text}${(mark.notes ?? []).map((n) => html`<span class="mark-note">${n}</span>`)}</p>`;
}

function markClass(mark: FieldMark | undefined): string {
  return mark ? (mark.missing ? ' field--missing' : ' field--source') : '';
}

function errorText(state: FormState, name: string): SafeHtml {
  const messages = state.errors.byField[name];
  if (!messages?.length) return html``;
  return html`<p class="field-error" id="${errorId(name)}"><span class="visually-hidden">Fel: </span>${messages.join(' ')}</p>`;
}

function labelText(label: string, required: boolean | undefined): SafeHtml {
  return required ? html`${label} <span class="required">(obligatoriskt)</span>` : html`${label}`;
}

/**
 * A labelled field: label, hint, error, then the control, which `control` draws with the ids and
 * ARIA attributes that tie hint and error to it.
 */
function labelledField(
  state: FormState,
  options: FieldOptions,
  control: (a: { id: string; invalid: boolean; aria: SafeHtml }) => SafeHtml,
): SafeHtml {
  const { name, label, hint, required } = options;
  const id = fieldId(name);
  const invalid = Boolean(state.errors.byField[name]?.length);
  const mark = state.marks?.[name];
  const described = describedBy(name, hint, invalid, mark);
  const aria = html`${described ? html` aria-describedby="${described}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${invalid ? ' field--error' : ''}${markClass(mark)}">
<label for="${id}">${labelText(label, required)}</label>
${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}
${markText(name, mark)}
${errorText(state, name)}
${control({ id, invalid, aria })}
</div>`;
}

export function textField(
  state: FormState,
  options: FieldOptions & { type?: 'text' | 'date' | 'email' | 'url'; inputmode?: 'numeric' | 'text'; autocomplete?: string; width?: 'short' | 'medium' | 'long' },
): SafeHtml {
  const { name, required } = options;
  return labelledField(
    state,
    options,
    ({ id, aria }) =>
      html`<input id="${id}" name="${name}" type="${options.type ?? 'text'}" value="${valueOf(state, name)}"${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${
        options.autocomplete ? html` autocomplete="${options.autocomplete}"` : html` autocomplete="off"`
      }${options.width ? html` class="width-${options.width}"` : ''}${aria}${required ? html` aria-required="true"` : ''}>`,
  );
}

export function textArea(state: FormState, options: FieldOptions & { rows?: number }): SafeHtml {
  const { name, required } = options;
  return labelledField(
    state,
    options,
    ({ id, aria }) =>
      html`<textarea id="${id}" name="${name}" rows="${options.rows ?? 4}"${aria}${required ? html` aria-required="true"` : ''}>${valueOf(state, name)}</textarea>`,
  );
}

/** The id of choice `index` of a group; the first has the field's own id, so the summary links to it. */
function choiceId(name: string, index: number): string {
  return index === 0 ? fieldId(name) : `${fieldId(name)}-${index + 1}`;
}

export function choiceGroup(
  state: FormState,
  options: FieldOptions & { type: 'radio' | 'checkbox'; choices: readonly { value: string; label: string }[]; inline?: boolean },
): SafeHtml {
  const { name, label, hint, required } = options;
  const invalid = Boolean(state.errors.byField[name]?.length);
  const mark = state.marks?.[name];
  const described = describedBy(name, hint, invalid, mark);
  const selected = options.type === 'radio' ? [valueOf(state, name)] : checkedValues(state, name);
  const items = options.choices.map(
    (c, i) =>
      html`<div class="choice"><input type="${options.type}" id="${choiceId(name, i)}" name="${name}" value="${c.value}"${selected.includes(c.value) ? html` checked` : ''}${
        invalid ? html` aria-invalid="true"` : ''
      }> <label for="${choiceId(name, i)}">${c.label}</label></div>`,
  );
  return html`<fieldset class="field${invalid ? ' field--error' : ''}${markClass(mark)}${options.inline ? ' choices--inline' : ''}"${described ? html` aria-describedby="${described}"` : ''}>
<legend>${labelText(label, required)}</legend>
${hint ? html`<span class="hint" id="${fieldId(name)}-hint">${hint}</span>` : ''}
${markText(name, mark)}
${errorText(state, name)}
${items}
</fieldset>`;
}

export function selectField(state: FormState, options: FieldOptions & { choices: readonly { value: string; label: string }[] }): SafeHtml {
  const current = valueOf(state, options.name);
  return labelledField(
    state,
    options,
    ({ id, aria }) => html`<select id="${id}" name="${options.name}"${aria}>
${options.choices.map((c) => html`<option value="${c.value}"${c.value === current ? html` selected` : ''}>${c.label}</option>`)}
</select>`,
  );
}

/**
 * The error summary at the top of a refused form: focused on load (tabindex -1 + autofocus is not
 * allowed on a div, so `role="alert"` announces it), one link per problem to its field.
 */
export function errorSummary(errors: FormErrors, heading = 'Formuläret kunde inte skickas'): SafeHtml {
  if (errors.all.length === 0) return html``;
  const count = errors.all.length === 1 ? '1 fel' : `${errors.all.length} fel`;
  return html`<div class="error-summary" role="alert" aria-labelledby="felsammanfattning" tabindex="-1" id="fel">
<h2 id="felsammanfattning">${heading}: ${count}</h2>
<ul>
${errors.all.map((e) => (e.name ? html`<li><a href="#${fieldId(e.name)}">${e.text}</a></li>` : html`<li>${e.text}</li>`))}
</ul>
</div>`;
}

/** A refusal message from the case without its event-type prefix ("huvudman-decided: …"). */
export function refusalText(message: string): string {
  return message.replace(/^[a-z-]+: /, '');
}
