# The README's two commands, also reachable as make targets, and the quality gate.
.PHONY: run test lint size
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
lint:
	bash scripts/lint.sh
size:
	bash scripts/bundle_size.sh
