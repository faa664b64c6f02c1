// orval's settings for the compatibility matrix (compat/run.py copies this file, orval_fetch.ts
// and the usage file into one build folder and runs orval there). The fetch client has no base
// URL or auth setting of its own, so every call goes through the mutator `portalFetch`, which
// adds both. COMPAT_SPEC is the published spec.
export default {
  invoices: {
    input: { target: process.env.COMPAT_SPEC },
    output: {
      target: "client/api.ts",
      client: "fetch",
      override: { mutator: { path: "./orval_fetch.ts", name: "portalFetch" } },
    },
  },
};
