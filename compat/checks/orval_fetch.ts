// The mutator orval's fetch client calls for every request (orval.config.mjs): the portal's
// address before the operation's path, the token as the raw `Authorization` header (unless the
// call gives its own), and the answer as orval's `{ data, status, headers }`: JSON when the
// answer says it is JSON, the text otherwise (the `.xml` documents, the 401's `Unauthorized`).
export const portal = { baseUrl: "", token: "" };

export const portalFetch = async <T>(path: string, init: RequestInit): Promise<T> => {
  const headers = new Headers(init.headers);
  if (!headers.has("Authorization")) {
    headers.set("Authorization", portal.token);
  }
  const response = await fetch(`${portal.baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").includes("json");
  const data: unknown = json && text ? JSON.parse(text) : text;
  return { data, status: response.status, headers: response.headers } as T;
};
