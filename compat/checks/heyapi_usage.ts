// The scenario (ts_scenario.ts) with the client of @hey-api/openapi-ts (its fetch client, the
// SDK functions and `enums: "javascript"` for the enum names; heyapi.config.mjs). The client
// has no base URL of its own (the spec's server has a variable): give it `baseUrl`, and the
// token as `auth`, which it sends as the raw `Authorization` header the spec declares.
import { createClient, createConfig } from "./client/client";
import { deleteInvoices, deleteInvoicesXml, getInvoices, getInvoicesXml } from "./client/sdk.gen";
import { InvoiceStatus } from "./client/types.gen";
import { listed, main, portal } from "./ts_scenario";

const { url, token } = portal();
const client = createClient(createConfig({ baseUrl: url, auth: () => token }));
const stranger = createClient(createConfig({ baseUrl: url, auth: () => "not-a-token" }));

main({
  async list() {
    const { data, error } = await getInvoices({ client, query: { count: 1000 } });
    if (error !== undefined) throw new Error(`getInvoices: ${JSON.stringify(error)}`);
    return listed(data);
  },
  async listSent() {
    const query = { status: InvoiceStatus.SENT, count: 1000 };
    const { data, error } = await getInvoices({ client, query });
    if (error !== undefined) throw new Error(`getInvoices: ${JSON.stringify(error)}`);
    return listed(data);
  },
  async remove(ids) {
    const { data, error } = await deleteInvoices({ client, body: { invoiceids: ids } });
    if (error !== undefined) throw new Error(`deleteInvoices: ${JSON.stringify(error)}`);
    return data.response.map((invoice) => invoice.id);
  },
  async removeXml(ids) {
    const { data, error } = await deleteInvoicesXml({ client, query: { invoiceids: ids } });
    if (error !== undefined) throw new Error(`deleteInvoicesXml: ${error}`);
    const text: string = data; // read as text: the answer's content type is text/xml
    return text;
  },
  async listXml() {
    const { data, error } = await getInvoicesXml({ client, query: { count: 1000 } });
    if (error !== undefined) throw new Error(`getInvoicesXml: ${error}`);
    return data;
  },
  async wrongToken() {
    const { data, error, response } = await getInvoices({ client: stranger });
    if (data !== undefined || response?.status !== 401) {
      throw new Error(`a wrong token answered ${response?.status}`);
    }
    // The typed error: the 401 body is the literal text, every other error the envelope.
    if (typeof error !== "string") throw new Error(`not the 401 text: ${JSON.stringify(error)}`);
    const text: "Unauthorized" = error;
    return text;
  },
});
