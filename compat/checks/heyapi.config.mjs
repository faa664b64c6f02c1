// @hey-api/openapi-ts's settings for the compatibility matrix (compat/run.py gives the input
// and the output folder on the command line): its fetch client, the types with the enums as
// JavaScript objects (`InvoiceStatus.SENT`; by default an enum is only a union of numbers) and
// the SDK functions.
export default {
  plugins: [
    "@hey-api/client-fetch",
    { name: "@hey-api/typescript", enums: "javascript" },
    "@hey-api/sdk",
  ],
};
