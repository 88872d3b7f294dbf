# The README's two commands, also reachable as make targets.
.PHONY: run test
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
