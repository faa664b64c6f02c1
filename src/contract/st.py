"""`python -m contract.st`: schemathesis's command line, run by the interpreter that runs the
contract (no dependence on where the `schemathesis` script was installed)."""

import sys

from schemathesis.cli import schemathesis

if __name__ == "__main__":
    sys.exit(schemathesis(prog_name="st"))
