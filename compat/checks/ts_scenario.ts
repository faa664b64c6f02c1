// What a TypeScript team does with a client generated from the published spec, run against the
// mock portal that compat/run.py starts (COMPAT_PORTAL_URL, COMPAT_PORTAL_TOKEN; the data set is
// reset before each tool). Each tool's usage file implements `Steps` with its generated client
// only, so `tsc --strict` checks the calls and their types; `scenario` checks what comes back.

// Node's `process`, declared here so that no @types package is needed.
declare const process: { env: Record<string, string | undefined>; exitCode?: number };

export interface Portal {
  url: string; // http://127.0.0.1:PORT, no trailing slash
  token: string; // the administrator's token
}

export interface Listed {
  total: number;
  ids: number[];
  statusIds: number[];
}

// What every generator's InvoiceListEnvelope has in common, checked structurally by `tsc`.
export interface ListPage {
  response: ReadonlyArray<{ id: number; status: { id: number } }>;
  total?: number | null;
}

// A page of getInvoices as `Listed`; `total` falls back to the page's length when absent.
export function listed(page: ListPage): Listed {
  const invoices = page.response;
  return {
    total: page.total ?? invoices.length,
    ids: invoices.map((invoice) => invoice.id),
    statusIds: invoices.map((invoice) => invoice.status.id),
  };
}

export interface Steps {
  // getInvoices with no filter and the largest page
  list(): Promise<Listed>;
  // getInvoices filtered by the status named SENT (the tool's enum member, not a bare 2)
  listSent(): Promise<Listed>;
  // deleteInvoices with a JSON body: the ids of the deleted invoices
  remove(ids: number[]): Promise<number[]>;
  // deleteInvoicesXml with the ids in the query string: the `<result>` document as text
  removeXml(ids: number[]): Promise<string>;
  // getInvoicesXml: the `<result>` document as text
  listXml(): Promise<string>;
  // getInvoices with a token the portal refuses: the 401 body, read through the tool's error
  wrongToken(): Promise<string>;
}

export function portal(): Portal {
  const url = process.env.COMPAT_PORTAL_URL;
  const token = process.env.COMPAT_PORTAL_TOKEN;
  if (!url || !token) {
    throw new Error("COMPAT_PORTAL_URL and COMPAT_PORTAL_TOKEN must be set (compat/run.py does)");
  }
  return { url: url.replace(/\/$/, ""), token };
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(what);
  }
}

function isResult(text: unknown): boolean {
  return typeof text === "string" && text.startsWith("<result>") && text.includes("</result>");
}

const SENT = 2;

export async function scenario(steps: Steps): Promise<void> {
  const before = await steps.list();
  check(before.ids.length === before.total, `one page holds everything: ${before.total} invoices`);
  check(before.total >= 4, `the mock lists ${before.total} invoices, fewer than 4`);

  const sent = await steps.listSent();
  check(sent.ids.length > 0, "no invoice in status SENT");
  check(sent.total < before.total, "the status filter filtered nothing");
  check(sent.statusIds.every((id) => id === SENT), `status SENT listed ids ${sent.statusIds}`);

  const [first, second, third] = before.ids;
  const deleted = await steps.remove([first, second]);
  const wanted = [first, second].sort((a, b) => a - b);
  check(
    JSON.stringify([...deleted].sort((a, b) => a - b)) === JSON.stringify(wanted),
    `deleting ${wanted} deleted ${deleted}`,
  );
  const xmlDeleted = await steps.removeXml([third]);
  check(isResult(xmlDeleted), `the .xml delete answered ${JSON.stringify(xmlDeleted)}`);
  check(xmlDeleted.includes(`<id>${third}</id>`), `the .xml delete did not delete ${third}`);

  const after = await steps.list();
  check(after.total === before.total - 3, `${before.total} invoices, 3 deleted, ${after.total} left`);
  check(![first, second, third].some((id) => after.ids.includes(id)), "a deleted invoice is listed");

  const xml = await steps.listXml();
  check(isResult(xml), `the .xml list answered ${JSON.stringify(xml).slice(0, 80)}`);
  check(xml.includes(`<total>${after.total}</total>`), "the .xml list has another total");

  const refused = await steps.wrongToken();
  check(refused === "Unauthorized", `a wrong token answered ${JSON.stringify(refused)}`);
}

export function main(steps: Steps): void {
  scenario(steps).then(
    () => console.log("scenario: every step as expected"),
    (error: unknown) => {
      const what =
        error instanceof Error
          ? error.message
          : error instanceof Response
            ? `an answer ${error.status} thrown at ${error.url}`
            : String(error);
      console.error(`scenario failed: ${what}`);
      process.exitCode = 1;
    },
  );
}
