// In lib/, not client/: the worker's e-mail templates escape case text exactly as the web pages do.
// Every piece of case text that reaches a page goes through this: case data is user input.
const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => replacements[c] ?? c);
}
