# The generated client. Included by the Makefile; uses its GENERATE and setup.

.PHONY: generate check-generated

## generate: source spec -> overlays/client.yaml -> openapi-python-client -> generated/
generate: setup
	$(GENERATE)

## check-generated: fail, naming the files, if the committed client is not what the spec generates
check-generated: setup
	$(GENERATE) --check
