// Numbered points ("Förslag till beslut", "Beslut", what a huvudman is asked to decide) as people
// type them: often with their numbers ("1. Delta i …"), sometimes without. Whoever shows them
// numbered (mail, .ics) takes the number typed with a point, so it is never numbered twice, and
// numbers the others on from the point before. Pure and free of zod.

export interface NumberedPoint {
  number: number;
  text: string;
}

/** "1. ", "2) ", " 3 . " at the start of a point: its own number. */
const OWN_NUMBER = /^\s*(\d{1,3})\s*[.)]\s+(?=\S)/;

export function numberedPoints(points: readonly string[]): NumberedPoint[] {
  let previous = 0;
  return points.map((point) => {
    const own = OWN_NUMBER.exec(point);
    previous = own ? Number(own[1]) : previous + 1;
    return { number: previous, text: own ? point.slice(own[0].length) : point };
  });
}

/** The points as lines of text: "1. Delta i …". */
export function pointLines(points: readonly string[]): string[] {
  return numberedPoints(points).map((p) => `${p.number}. ${p.text}`);
}
