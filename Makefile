# asgctl — build, test and demo targets. Every tool the targets need is
# installed by this file into .tools/ (git-ignored) from the Go module proxy.

GO        ?= go
SEEDS     ?= 500
TOOLS     := $(CURDIR)/.tools/bin
STATICCHECK_VERSION := v0.8.2
PKGS      := ./...

.PHONY: all build test test-unit test-sim lint sandbox tools clean

all: build

## build: compile the asgctl binary into bin/
build:
	$(GO) build -o bin/asgctl ./controller/cmd/asgctl

## test: every tier that exists: lint, unit/table/property tests, and the
## simulation suite over $(SEEDS) seeds
test: lint test-unit test-sim

## test-unit: unit, table, property and contract tests
test-unit:
	$(GO) test -count=1 $(PKGS)

## test-sim: the whole controller loop on simulated AWS, SEEDS=N seeds
## (default 500; SEEDS=100000 is the soak). A failure prints the replay command.
test-sim:
	SIM_SEEDS=$(SEEDS) $(GO) test -count=1 -timeout 120m -run 'TestSimulation' ./controller/internal/sim/

## lint: gofmt, go vet and staticcheck
lint: $(TOOLS)/staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(TOOLS)/staticcheck $(PKGS)

$(TOOLS)/staticcheck:
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## sandbox: the whole rollout engine on this machine, no AWS account needed
sandbox:
	$(GO) run ./controller/cmd/asgctl sandbox

tools: $(TOOLS)/staticcheck

clean:
	rm -rf bin
