// Reads an iCalendar text back (RFC 5545 §3.1: unfold continuation lines, split name;params:value),
// so a test checks what a calendar program would read, not the generator's own idea of it.
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export function parseIcs(text: string): IcsProperty[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '').split(/\r\n/).filter((line) => line.length > 0);
  return unfolded.map((line) => {
    const colon = line.indexOf(':');
    const [name, ...params] = line.slice(0, colon).split(';');
    return {
      name: name!.toUpperCase(),
      params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
      value: line.slice(colon + 1).replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1'),
    };
  });
}

export function icsValue(props: IcsProperty[], name: string): string | undefined {
  return props.find((p) => p.name === name)?.value;
}
