"""Contract tests: the spec against a portal (the embedded mock portal or a live one)."""

# How the runner (contract.run) tells the schemathesis hooks (contract.hooks) what to do.
SPEC_ENV = "CONTRACT_SPEC"  # the spec the run tests
READ_ONLY_ENV = "CONTRACT_READ_ONLY"  # "1": send nothing but GET
# comma-separated ids: a delete names only these (the disposable invoices of contract.disposable)
DISPOSABLE_IDS_ENV = "CONTRACT_DISPOSABLE_IDS"
LIVE_PAGE_ENV = "CONTRACT_LIVE_PAGE"  # a number: no list request asks for a larger page
# "k/n": this process sends the k-th of n shares of the coverage cases (contract.shards)
COVERAGE_PART_ENV = "CONTRACT_COVERAGE_PART"
PROBES_ENV = (
    "CONTRACT_PROBES"  # "0": another part of the run probes the list rules (contract.probes)
)
