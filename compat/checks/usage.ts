// What a TypeScript team writes against the published spec with openapi-typescript and
// openapi-fetch; `tsc --strict` must accept it. build/examples.ts (written by compat/run.py)
// types every example answer with its response type, so an example that does not fit fails too.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { answers } from "./examples";

type Invoice = components["schemas"]["Invoice"];

const client = createClient<paths>({ baseUrl: "https://yourportal.onlyoffice.com" });

function statusLabel(invoice: Invoice): string {
  const id: number = invoice.status.id; // an open enum: any integer, known or not
  return `${invoice.number}: ${id} ${invoice.status.title}`;
}

export async function firstPage(): Promise<string[]> {
  const { data, error } = await client.GET("/api/2.0/crm/invoice/filter", {
    params: { query: { count: 25, status: 2 } },
  });
  if (error) {
    // 401 is the text "Unauthorized"; every other error is the envelope
    throw new Error(typeof error === "string" ? error : error.error.message);
  }
  return data.response.map(statusLabel);
}

export async function firstPageXml(): Promise<string> {
  const { data, error } = await client.GET("/api/2.0/crm/invoice/filter.xml", {
    params: { query: { count: 25 } },
    parseAs: "text",
  });
  if (error !== undefined) {
    // an `.xml` error is a `<result>` document, text as well (so `if (error)` cannot narrow)
    throw new Error(error);
  }
  const text: string = data; // the `<result>` document, as text
  return text;
}

export async function deleteOne(id: number): Promise<number> {
  const { data, error } = await client.DELETE("/api/2.0/crm/invoice", {
    body: { invoiceids: [id] },
  });
  if (error) {
    throw new Error(typeof error === "string" ? error : error.error.message);
  }
  return data.count ?? 0;
}

export function errorData(error: components["schemas"]["ApiError"]): unknown {
  return error.data["key"]; // the exception's data dictionary: any key
}

export const labels: string[] = Object.values(answers).flatMap((answer) =>
  typeof answer === "object" && "response" in answer ? answer.response.map(statusLabel) : [],
);
