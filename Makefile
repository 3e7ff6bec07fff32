# asgctl — build, test and demo targets. Every tool the targets need is
# installed by this file into .tools/ (git-ignored) from the Go module proxy.

GO        ?= go
SEEDS     ?= 500
TOOLS     := $(CURDIR)/.tools/bin
STATICCHECK_VERSION := v0.8.2
TERRAFORM_VERSION   := v1.5.7
TFLINT_VERSION      := v0.61.0
ACTIONLINT_VERSION  := v1.7.7
PKGS      := ./...

MOTO_PKGS := ./controller/internal/awsapi/awsapitest/ ./controller/internal/awsapi/awssdk/ ./controller/internal/e2e/ ./agent/internal/fetch/ ./agent/e2e/
CONSUL    := $(TOOLS)/consul
# Consul for the tests, built from the Go module proxy by the pinned tools
# module in integration/tools/consul (about 5 minutes on two cores, once;
# the binary is cached in .tools/).
CONSUL_MODULE := integration/tools/consul

.PHONY: all build man test test-unit test-live test-sim test-moto bench lint lint-iac sandbox tools moto consul system-deps clean

all: build

## build: compile the asgctl binary into bin/
build:
	$(GO) build -o bin/asgctl ./controller/cmd/asgctl

## man: write the asgctl(1) man page, made from the commands and flags
## themselves, to bin/man/asgctl.1 (read it with man -l bin/man/asgctl.1)
man:
	@mkdir -p bin/man
	$(GO) run ./controller/cmd/asgctl man > bin/man/asgctl.1.tmp
	@mv bin/man/asgctl.1.tmp bin/man/asgctl.1

## test: every tier that exists: lint (Go, Terraform, workflows),
## unit/table/property tests, the AWS contract suite (simaws and moto_server),
## the whole rollout on moto, the agent acceptance tests, and the simulation
## suite over $(SEEDS) seeds
test: system-deps lint lint-iac moto consul test-unit test-live test-sim

## test-unit: unit, table, property, contract and integration tests
test-unit:
	$(GO) test -count=1 $(PKGS)

## test-live: the live sandbox (real agents, balancer and traffic; about
## 2¼ minutes), alone, so its processes and ports do not race the other packages
test-live:
	ASGCTL_LIVE_SANDBOX=1 $(GO) test -count=1 -p 1 -v -run 'TestLive' ./controller/internal/cli/ ./controller/internal/sandbox/live/

## test-moto: only the tests that run against moto_server
test-moto: moto consul
	$(GO) test -count=1 -v $(MOTO_PKGS)

## bench: the benchmarks recorded in BENCHMARKS.md, one table each (about
## 15 minutes; needs what make test needs). The raw log is .tools/bench.log.
BENCH_PKGS := ./controller/internal/bench/ ./agent/e2e/ ./agent/internal/bench/ ./controller/consulkv/consulbench/
bench: moto consul
	@mkdir -p .tools
	@ASGCTL_BENCH=1 $(GO) test -count=1 -p 1 -v -timeout 60m -run 'TestBench' $(BENCH_PKGS) > .tools/bench.log 2>&1; rc=$$?; \
	  grep -vE '^(=== (RUN|PAUSE|CONT)|\s+[^-[:space:]])' .tools/bench.log; exit $$rc

## moto: make sure moto_server is on PATH (moto 5 with server extras)
moto:
	@command -v moto_server >/dev/null 2>&1 || pip install "moto[server]>=5,<6" || \
	  { echo "moto_server is missing and could not be installed; the moto tests will skip (and fail when CI=true)"; }

## test-sim: the whole controller loop on simulated AWS, and fleet releases
## of many agents on a simulated Consul, SEEDS=N seeds each (default 500;
## SEEDS=100000 is the soak). A failure prints the replay command.
test-sim:
	SIM_SEEDS=$(SEEDS) $(GO) test -count=1 -timeout 120m -run 'TestSimulation|TestFleetSimulation' ./controller/internal/sim/ ./agent/internal/fleetsim/

## lint: gofmt, go vet and staticcheck
lint: $(TOOLS)/staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(TOOLS)/staticcheck $(PKGS)

$(TOOLS)/staticcheck:
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## lint-iac: terraform fmt and tflint (the bundled terraform ruleset, every
## rule; see terraform/.tflint.hcl) on every module and example, and
## actionlint on the GitHub workflows. `terraform validate` needs the AWS
## provider from the registry, which these machines cannot reach; the HCL
## contract test in terraform/ stands in for it.
lint-iac: $(TOOLS)/terraform $(TOOLS)/tflint $(TOOLS)/actionlint
	TF_CLI_CONFIG_FILE=/dev/null $(TOOLS)/terraform fmt -check -recursive -diff terraform/
	@for d in terraform/modules/* terraform/examples/*; do \
	  [ -d "$$d" ] || continue; echo "tflint $$d"; \
	  $(TOOLS)/tflint --chdir=$$d --config=$(CURDIR)/terraform/.tflint.hcl || exit 1; \
	done
	$(TOOLS)/actionlint

# Terraform (about 3 minutes to build the first time), TFLint and actionlint
# come from the Go module proxy, cached in .tools/bin.
$(TOOLS)/terraform:
	GOBIN=$(TOOLS) GOFLAGS=-mod=mod $(GO) install github.com/hashicorp/terraform@$(TERRAFORM_VERSION)

$(TOOLS)/tflint:
	GOBIN=$(TOOLS) GOFLAGS=-mod=mod $(GO) install github.com/terraform-linters/tflint@$(TFLINT_VERSION)

$(TOOLS)/actionlint:
	GOBIN=$(TOOLS) GOFLAGS=-mod=mod $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

## sandbox: the whole rollout engine on this machine, no AWS account needed
sandbox:
	$(GO) run ./controller/cmd/asgctl sandbox

## system-deps: install the Debian packages the tests run for real (HAProxy
## and nginx for the agent, shellcheck for actionlint's script checks and
## the completion script, zsh and fish for their completion scripts, groff
## for the man page) when one is missing: as root directly, else through
## sudo when it works without a password. Otherwise it names the command to
## run and stops (CI=true) or warns (the tests that need a missing tool then
## skip). make test runs it. Each entry is program:package.
SYSTEM_PKGS := haproxy:haproxy nginx:nginx shellcheck:shellcheck zsh:zsh fish:fish groff:groff-base
system-deps:
	@missing=""; for e in $(SYSTEM_PKGS); do b=$${e%%:*}; p=$${e#*:}; \
	  command -v $$b >/dev/null 2>&1 || [ -x /usr/sbin/$$b ] || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	else \
	  echo "make: missing$$missing; install them with: sudo apt-get install -y$$missing (or run make system-deps as root)" >&2; \
	  [ "$$CI" = true ] && exit 1; exit 0; \
	fi; \
	echo "make: installing$$missing (Debian packages)"; \
	$$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q$$missing

## consul: build the pinned Consul (v1.20.0) into .tools/bin unless present
consul: $(CONSUL)

$(CONSUL): $(CONSUL_MODULE)/go.mod
	cd $(CONSUL_MODULE) && GONOSUMDB=github.com/hashicorp/consul GOFLAGS=-mod=mod \
	  $(GO) build -o $(CONSUL) github.com/hashicorp/consul
	@touch $(CONSUL)

tools: $(TOOLS)/staticcheck $(TOOLS)/terraform $(TOOLS)/tflint $(TOOLS)/actionlint $(CONSUL)

clean:
	rm -rf bin
