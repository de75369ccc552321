#!/usr/bin/env bash
# The whole-stack benchmark (part of `make bench`): applies then destroys
# examples/stack/main.tf against the mock with the demo's timings, RUNS times
# (STACK_RUNS, default 3) with the cluster lock and as many times without it
# (OVH_PROVIDER_NO_CLUSTER_LOCK=1: the API's 409s waited out alone), in turn,
# and prints the median apply and destroy times of each, with the 409 answers
# the mock gave. CLI=tofu|terraform as for `make demo`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

runs=${STACK_RUNS:-3}
case "${CLI:-}" in
"")
	if command -v terraform >/dev/null 2>&1; then cli=$(command -v terraform); else cli=$TOFU; fi
	;;
tofu) cli=$TOFU ;;
terraform) cli=$(command -v terraform) || die "CLI=terraform but no terraform on PATH" ;;
*) die "CLI must be tofu or terraform, not '$CLI'" ;;
esac

build_provider
build_mock
if [ "$cli" = "$TOFU" ]; then
	need_tools bin/tofu
fi
scratch="$ROOT/.scratch/bench-stack"
rm -rf "$scratch"
mkdir -p "$scratch"
write_cli_config "$scratch/cli.tfrc"
export TF_CLI_CONFIG_FILE="$scratch/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^OVH_' || true)

# once VARIANT NO_LOCK: one apply and one destroy against a fresh mock; appends
# "apply_s destroy_s conflicts" to $scratch/VARIANT.
once() {
	local variant=$1 no_lock=$2 work env_file mock_pid start mid end conflicts
	work=$(mktemp -d "$scratch/$variant.XXXX")
	env_file="$work/mock.env"
	"$BIN/ovhmock" -listen 127.0.0.1:0 -timings demo -env-file "$env_file" >"$work/mock.log" 2>&1 &
	mock_pid=$!
	for _ in $(seq 1 100); do
		[ ! -s "$env_file" ] || break
		sleep 0.1
	done
	[ -s "$env_file" ] || die "the mock wrote no $env_file"
	cp "$ROOT/examples/stack/main.tf" "$work/"
	(
		# shellcheck disable=SC1090 # written by the mock at run time
		. "$env_file"
		export OVH_PROVIDER_NO_CLUSTER_LOCK=$no_lock
		cd "$work"
		start=$(date +%s.%N)
		"$cli" apply -auto-approve -no-color -input=false >apply.log 2>&1 || die "apply failed ($variant): see $work/apply.log"
		mid=$(date +%s.%N)
		"$cli" destroy -auto-approve -no-color -input=false >destroy.log 2>&1 || die "destroy failed ($variant): see $work/destroy.log"
		end=$(date +%s.%N)
		conflicts=$( (curl -fsS "${OVH_ENDPOINT%/1.0}/_mock/requests" || true) | grep -o '"status":409' | wc -l)
		awk -v s="$start" -v m="$mid" -v e="$end" -v c="$conflicts" 'BEGIN { printf "%.1f %.1f %d\n", m - s, e - m, c }' >>"$scratch/$variant"
	) || {
		kill "$mock_pid" 2>/dev/null || true
		exit 1
	}
	kill "$mock_pid" 2>/dev/null || true
	wait "$mock_pid" 2>/dev/null || true
}

step "whole stack (examples/stack) at demo timings, $runs runs each with and without the cluster lock, $(basename "$cli")"
for i in $(seq 1 "$runs"); do
	once lock 0
	once nolock 1
	echo "run $i: with the lock $(tail -n 1 "$scratch/lock"), without $(tail -n 1 "$scratch/nolock") (apply s, destroy s, 409s)"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for variant in lock nolock; do
	label="with the cluster lock"
	[ "$variant" = lock ] || label="409 waits alone   "
	printf '%s: apply %ss, destroy %ss, 409 answers %s (medians of %d)\n' "$label" \
		"$(cut -d' ' -f1 "$scratch/$variant" | median)" "$(cut -d' ' -f2 "$scratch/$variant" | median)" \
		"$(cut -d' ' -f3 "$scratch/$variant" | median)" "$runs"
done
