#!/usr/bin/env bash
# The whole test suite, stopping at the first failure (`make test`, and `.ci/run`):
#   go vet; unit and acceptance tests under OpenTofu (built in bin/), and at the
#   same time acceptance tests under Terraform when one is on PATH (see
#   terraform_run below); the newcomer's path (scripts/newcomer-test.sh): the
#   README's mock walkthrough as written, the CI recipe of examples/ci on its three
#   shapes of configuration, `make install` and init/plan with the configuration it
#   prints (scripts/install-test.sh), each under both CLIs; a bounded run of
#   every fuzz target (FUZZTIME each, default 10s); the docs drift check; fmt -check
#   of examples/; validate of every example.
#
#   scripts/test.sh --acc-only   only the acceptance tests (`make testacc`)
#
# GOTESTFLAGS (e.g. -count=1 or -v) is passed to every `go test` run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

acc_only=false
case "${1:-}" in
"") ;;
--acc-only) acc_only=true ;;
*) die "usage: $0 [--acc-only]" ;;
esac

cd "$ROOT"
# shellcheck disable=SC2206 # word splitting of the flags is intended
gotestflags=(${GOTESTFLAGS:-})
fuzztime=${FUZZTIME:-10s}
start=$SECONDS
step_start=

# timed prints how long the previous step took, then the next step's header.
timed() {
	if [ -n "$step_start" ]; then
		printf '    (%ds)\n' $((SECONDS - step_start))
	fi
	step_start=$SECONDS
	step "$@"
}

# The image this runs in may point TF_CLI_CONFIG_FILE at a missing file; newer CLIs
# print a warning about it on stdout, which confuses terraform-plugin-testing.
scratch="$ROOT/.scratch/test"
mkdir -p "$scratch"
: >"$scratch/empty.tfrc"
export TF_CLI_CONFIG_FILE="$scratch/empty.tfrc"
export CHECKPOINT_DISABLE=1

have_terraform=false
if command -v terraform >/dev/null 2>&1; then
	have_terraform=true
fi

timed "tools: OpenTofu and tfplugindocs in bin/ (built from tools/ when missing or changed)"
need_tools bin/tofu bin/tfplugindocs
"$TOFU" version | sed -n 1p

# OpenTofu needs the provider under its own registry host and a non-legacy
# namespace; Terraform fails the import-block steps with that host, so the two
# variables are set for the OpenTofu runs only.
run_tofu() {
	TF_ACC=1 TF_ACC_TERRAFORM_PATH="$TOFU" \
		TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org \
		"$@"
}
run_terraform() {
	env -u TF_ACC_PROVIDER_NAMESPACE -u TF_ACC_PROVIDER_HOST \
		TF_ACC=1 TF_ACC_TERRAFORM_PATH="$(command -v terraform)" \
		"$@"
}

# The acceptance tests the Terraform pass runs: every end-to-end test (the
# built binary under the real CLI: takeovers, migrations, warnings, the
# ephemeral kubeconfig, the invalid-configuration corpus), every test of the
# IP restrictions, OIDC, etcd usage, log subscriptions, kubeconfig and
# examples, and a core of the cluster
# and node pool tests. OpenTofu runs them all. TERRAFORM_RUN=TestAcc runs them
# all under Terraform too (about twice the time of the suite).
terraform_run=${TERRAFORM_RUN:-'^(TestAccE2E|TestAccExamples|TestAccIPRestrictions|TestAccOIDC|TestAccEtcdUsage|TestAccLogSubscription|TestAccKubeconfig|TestAccErrors|TestAccProvider|TestAccKube_(seedExample|kubeconfigNotInState|kubeconfigResetIsFetchedAgain|importThenApplyFetchesKubeconfig|importBlock|computedKeptInPlace|resetInsteadOfReplace|modeChangeReplaces)|TestAccNodePool_(templateAndAutoscaling|import|withItsCluster|destroyAfterUnknownFlavor))'}

# The acceptance tests of internal/kube that the OpenTofu pass runs in a process of
# their own, beside the others (see passes).
tofu_split='^TestAcc(NodePool|LogSubscription|Cilium)_'

# passes runs `go test ARGS...` under OpenTofu and, when terraform is on PATH,
# the acceptance tests of terraform_run under Terraform at the same time, so
# that the shorter pass runs beside the longer one. Each output line
# is prefixed with its CLI; it fails when either pass fails. ACC_SERIAL=1 runs
# them one after the other instead.
passes() {
	local pids=() status=0
	if [ "${ACC_SERIAL:-}" = 1 ]; then
		run_tofu go test -timeout 30m ${gotestflags[@]+"${gotestflags[@]}"} "$@" || status=1
		if $have_terraform; then
			run_terraform go test -timeout 30m ${gotestflags[@]+"${gotestflags[@]}"} -run "$terraform_run" ./internal/... || status=1
		fi
		return $status
	fi
	# internal/kube holds the longest OpenTofu pass: a part of it (tofu_split)
	# runs in a second process, so that it does not run alone, two tests at a
	# time, once the other passes are done.
	(
		set -o pipefail
		run_tofu go test -timeout 30m ${gotestflags[@]+"${gotestflags[@]}"} -skip "$tofu_split" "$@" 2>&1 | sed -u 's/^/[tofu]      /'
	) &
	pids+=($!)
	(
		set -o pipefail
		run_tofu go test -timeout 30m ${gotestflags[@]+"${gotestflags[@]}"} -run "$tofu_split" ./internal/kube 2>&1 | sed -u 's/^/[tofu-2]    /'
	) &
	pids+=($!)
	if $have_terraform; then
		(
			set -o pipefail
			run_terraform go test -timeout 30m ${gotestflags[@]+"${gotestflags[@]}"} -run "$terraform_run" ./internal/... 2>&1 | sed -u 's/^/[terraform] /'
		) &
		pids+=($!)
	fi
	for pid in "${pids[@]}"; do
		wait "$pid" || status=1
	done
	return $status
}

if $have_terraform; then
	clis_label="OpenTofu, and Terraform ($(command -v terraform)) for the acceptance tests of TERRAFORM_RUN"
else
	clis_label="OpenTofu; no terraform on PATH"
fi

if $acc_only; then
	timed "acceptance tests ($clis_label)"
	passes -run 'TestAcc' ./internal/...
	timed "done in $((SECONDS - start))s"
	exit 0
fi

timed "go vet ./..."
go vet ./...

timed "go test ./... (unit and acceptance tests: $clis_label)"
passes ./...

timed "the newcomer's path: the README's mock walkthrough, the CI recipe, make install (scripts/newcomer-test.sh)"
"$ROOT/scripts/newcomer-test.sh"

# Every fuzz target of the module, each for a bounded time (FUZZTIME, default 10s).
fuzz_log="$scratch/fuzz.log"
fuzz_once() {
	set -o pipefail
	go test -run '^$' -fuzz "^$1\$" -fuzztime "$fuzztime" "$2" 2>&1 | tee "$fuzz_log"
}
fuzzed=0
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		timed "fuzz $target in ${pkg#github.com/*/*/} for $fuzztime"
		fuzz_once "$target" "$pkg" || {
			# Go 1.26's fuzzing coordinator can fail a target with a bare
			# "context deadline exceeded" when -fuzztime ends while a worker
			# is busy (go.dev/issue/75804, fixed in Go 1.27): no input is
			# written, nothing failed. That one case is run again, once.
			grep -q 'context deadline exceeded' "$fuzz_log" && ! grep -q 'Failing input written' "$fuzz_log" ||
				die "fuzz $target failed (see above)"
			echo "fuzz $target: the end-of-fuzztime deadline race of Go 1.26 (go.dev/issue/75804), no failing input; once more"
			fuzz_once "$target" "$pkg" || die "fuzz $target failed (see above)"
		}
		fuzzed=$((fuzzed + 1))
	done
done
if [ "$fuzzed" = 0 ]; then
	timed "fuzz: skipped, no fuzz targets"
fi

timed "docs drift check (scripts/docs.sh --check)"
"$ROOT/scripts/docs.sh" --check

while IFS= read -r cli; do
	timed "$(basename "$cli") fmt -check -recursive examples/"
	"$cli" fmt -check -recursive -diff examples/
done < <(cli_list)

timed "validate every example (scripts/validate-examples.sh)"
"$ROOT/scripts/validate-examples.sh"

timed "all tests passed in $((SECONDS - start))s"
