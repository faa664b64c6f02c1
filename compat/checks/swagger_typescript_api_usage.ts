// The scenario (ts_scenario.ts) with the client of swagger-typescript-api (fetch, its default;
// compiled without the `// @ts-nocheck` it writes). Its base URL defaults to the spec's server
// with the variable unfilled (`https://{portal}`): give `baseUrl`, and the token through
// `securityWorker` and `setSecurityData`. The `.xml` operations need `format: "text"`, or their
// `data` is null. Every error is thrown as the `HttpResponse`; it parses the body of a JSON
// operation's error as JSON, so a 401's `error` is a SyntaxError, not the text: read the
// thrown answer's own body with `.text()` (the tool parsed a copy).
import { Api, HttpResponse, InvoiceStatus } from "./client/api";
import type { ErrorEnvelope, InvoiceListEnvelope } from "./client/api";
import { listed, main, portal } from "./ts_scenario";

const { url, token } = portal();

function client(secret: string): Api<string> {
  const api = new Api<string>({
    baseUrl: url,
    securityWorker: (data) => (data ? { headers: { Authorization: data } } : {}),
  });
  api.setSecurityData(secret);
  return api;
}

const api = client(token);
const stranger = client("not-a-token");

main({
  async list() {
    const answer = await api.api.getInvoices({ count: 1000 });
    return listed(answer.data);
  },
  async listSent() {
    const answer = await api.api.getInvoices({ status: InvoiceStatus.SENT, count: 1000 });
    return listed(answer.data);
  },
  async remove(ids) {
    const answer = await api.api.deleteInvoices({ invoiceids: ids });
    return answer.data.response.map((invoice) => invoice.id);
  },
  async removeXml(ids) {
    const answer = await api.api.deleteInvoicesXml({ invoiceids: ids }, { format: "text" });
    const text: string = answer.data;
    return text;
  },
  async listXml() {
    const answer = await api.api.getInvoicesXml({ count: 1000 }, { format: "text" });
    return answer.data;
  },
  async wrongToken() {
    try {
      await stranger.api.getInvoices({});
    } catch (thrown: unknown) {
      if (thrown instanceof Response) {
        const answer = thrown as HttpResponse<InvoiceListEnvelope, ErrorEnvelope | "Unauthorized">;
        if (answer.status === 401) {
          return await answer.text();
        }
        throw new Error(`a wrong token answered ${answer.status}`);
      }
      throw thrown;
    }
    throw new Error("a wrong token was accepted");
  },
});
