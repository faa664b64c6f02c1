"""`python -m contract.st`: schemathesis's command line, run by the interpreter that runs the
contract (no dependence on where the `schemathesis` script was installed).

When the runner names a pace file (`contract.pacing`), every request waits for its slot in the
run's shared schedule and a 429 pauses the whole run; the module is imported either way, so
that a run in one process and a run split into parts load the same code.
"""

import sys

from schemathesis.cli import schemathesis

from contract import pacing

if __name__ == "__main__":
    pacer = pacing.from_environment()
    if pacer is not None:
        pacing.install(pacer)
    sys.exit(schemathesis(prog_name="st"))
