// One JSON API call with a bearer token, as a script would make it: the status and the body (parsed
// when it is JSON, else the text, for a failure message). Throws only when there is no answer at
// all (connection refused or reset, the time-out), which callers that retry tell apart.
export async function apiRequest(base: string, token: string, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, json };
}
