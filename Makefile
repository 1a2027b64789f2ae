# The conformance kit's everyday commands. `make help` lists them.
GO       ?= go
FUZZTIME ?= 1m
REPORT   ?= out

.PHONY: help test test-short vet lint-spec bench bench-suite run report serve fuzz ci

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

test: ## the README's test command: vet, then every test with the race detector
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

test-short: ## every test, without the race detector (faster)
	$(GO) test ./...

vet: ## go vet and gofmt
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)

lint-spec: ## lint spec/openapi.yaml with an independent linter (@redocly/cli, pinned in package.json)
	npm ci --no-audit --no-fund
	npm run lint:spec

bench: ## signer and SDK benchmarks, side by side (ratios in README)
	$(GO) test -run '^$$' -bench . -benchmem ./signer/

bench-suite: ## time a full default run of the suite against the embedded emulator
	$(GO) test -run '^$$' -bench BenchmarkDefaultRun -benchtime 5x -benchmem ./conformance/

run: ## the suite against the in-process emulator
	$(GO) run ./cmd/conform

report: ## the suite against the in-process emulator, reports written to $(REPORT)/
	$(GO) run ./cmd/conform --report $(REPORT)

serve: ## the emulator on 127.0.0.1:9000
	$(GO) run ./cmd/conform serve

fuzz: ## every fuzz target in turn for FUZZTIME each; stops at the first finding
	FUZZTIME=$(FUZZTIME) ./fuzz/run.sh

ci: ## what CI runs
	./.ci/run
