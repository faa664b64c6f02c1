// The scenario (ts_scenario.ts) with the client of orval (`client: "fetch"`, the mutator of
// orval_fetch.ts for the base URL and the token; orval.config.mjs). Its functions return
// `{ data, status, headers }` for every status: narrowing on `status` types `data`.
import {
  InvoiceStatus,
  deleteInvoices,
  deleteInvoicesXml,
  getInvoices,
  getInvoicesXml,
} from "./client/api";
import { portal } from "./orval_fetch";
import { listed, main, portal as mockPortal } from "./ts_scenario";

const { url, token } = mockPortal();
portal.baseUrl = url;
portal.token = token;

main({
  async list() {
    const answer = await getInvoices({ count: 1000 });
    if (answer.status !== 200) throw new Error(`getInvoices: ${JSON.stringify(answer.data)}`);
    return listed(answer.data);
  },
  async listSent() {
    const answer = await getInvoices({ status: InvoiceStatus.SENT, count: 1000 });
    if (answer.status !== 200) throw new Error(`getInvoices: ${JSON.stringify(answer.data)}`);
    return listed(answer.data);
  },
  async remove(ids) {
    const answer = await deleteInvoices({ invoiceids: ids });
    if (answer.status !== 200) throw new Error(`deleteInvoices: ${JSON.stringify(answer.data)}`);
    return answer.data.response.map((invoice) => invoice.id);
  },
  async removeXml(ids) {
    const answer = await deleteInvoicesXml({ invoiceids: ids });
    if (answer.status !== 200) throw new Error(`deleteInvoicesXml: ${answer.data}`);
    const text: string = answer.data;
    return text;
  },
  async listXml() {
    const answer = await getInvoicesXml({ count: 1000 });
    if (answer.status !== 200) throw new Error(`getInvoicesXml: ${answer.data}`);
    return answer.data;
  },
  async wrongToken() {
    const answer = await getInvoices({}, { headers: { Authorization: "not-a-token" } });
    if (answer.status !== 401) throw new Error(`a wrong token answered ${answer.status}`);
    const text: "Unauthorized" = answer.data; // narrowed by the status
    return text;
  },
});
