// Compiled with the client of openapi-generator's `typescript-fetch` generator (tsc --strict):
// the named enums keep their members (an open enum's inline type once overwrote the template
// type enum with an empty one) and the `.xml` operations answer text.
import { Configuration, InvoicesApi, InvoiceStatus, InvoiceTemplateType, ShareType } from "./index";
import type { Invoice } from "./index";

export const known: number[] = [
  InvoiceStatus.DRAFT, InvoiceStatus.ARCHIVED, InvoiceTemplateType.EUR, InvoiceTemplateType.RUS,
  ShareType.NONE, ShareType.READ_WRITE,
];

export async function numbers(): Promise<string[]> {
  const api = new InvoicesApi(new Configuration({ basePath: "https://yourportal.onlyoffice.com" }));
  const page = await api.getInvoices({ count: 25 });
  const xml: string = await api.getInvoicesXml({ count: 25 });
  return [...page.response.map((invoice: Invoice) => invoice.number), xml];
}
