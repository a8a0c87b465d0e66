// A signed-in browser without a browser: the web pages over real HTTP with a session cookie and
// the CSRF secret cookie, as a browser holds them, for tests that walk many pages quickly.

export interface WebResponse {
  status: number;
  location: string | undefined;
  text: string;
  /** `set-cookie` headers of the response (not applied to the client). */
  setCookies: string[];
}

export interface WebClient {
  /** The Cookie header this client sends (session and CSRF secret; empty for no one). */
  cookie: string;
  /** A CSRF token that matches the client's CSRF secret cookie. */
  csrf: string;
  /** A request with this client's cookies. `form` is sent urlencoded, `json` as JSON; redirects are not followed. */
  request(method: string, path: string, options?: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string>; cookie?: string }): Promise<WebResponse>;
}

const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

/** Sends one request to `base` with the given cookie header. */
async function send(base: string, cookie: string, method: string, path: string, options: Parameters<WebClient['request']>[2] = {}): Promise<WebResponse> {
  const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...options.headers };
  let body: string | undefined;
  if (options.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    body = params.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') ?? undefined, text: method === 'HEAD' ? '' : await response.text(), setCookies: response.headers.getSetCookie() };
}

/** A client that has the CSRF secret cookie and, with `token`, has signed in with it. */
export async function webClient(base: string, token?: string): Promise<WebClient> {
  const signInPage = await send(base, '', 'GET', '/logga-in');
  const csrf = signInPage.text.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const csrfCookie = signInPage.setCookies.map(cookiePair).find((c) => c.startsWith('_csrf='));
  if (!csrf || !csrfCookie) throw new Error('the sign-in page gave no CSRF token');
  let cookie = csrfCookie;
  if (token) {
    const signedIn = await send(base, cookie, 'POST', '/logga-in', { form: { _csrf: csrf, token, next: '/' } });
    const session = signedIn.setCookies.map(cookiePair).find((c) => c.startsWith('arende_session='));
    if (signedIn.status !== 303 || !session) throw new Error(`sign-in failed: ${signedIn.status}`);
    cookie = `${cookie}; ${session}`;
  }
  return { cookie, csrf, request: (method, path, options = {}) => send(base, options.cookie ?? cookie, method, path, options) };
}
