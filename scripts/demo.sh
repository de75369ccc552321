#!/usr/bin/env bash
# `make demo`: the provider against the bundled mock OVHcloud API, end to end.
#
#   CLI=tofu|terraform scripts/demo.sh   (default: terraform if on PATH, else bin/tofu)
#
# Builds the provider and the mock, starts the mock on a free loopback port, and in
# a scratch directory (.demo/, kept afterwards for a look) plans and applies
# examples/resources/ovh_cloud_project_kube/resource.tf together with the node pool,
# IP restrictions and OIDC examples of examples/resources/, attached to that
# cluster: the stack a user writes, whose resources Terraform creates in
# parallel; changes an IPVS timing and applies again (an in-place update);
# scales the node pool in place (same id, new desired_nodes); changes
# kube_proxy_mode and shows the plan (the cluster and everything on it
# replaced, not applied); then destroys. The CLI loads the provider from bin/
# through a dev_overrides CLI config of its own: ~/.terraformrc and the caller's
# TF_CLI_CONFIG_FILE are neither read nor changed. The mock is stopped on exit,
# whatever happens. Output that is not a terminal (a log file, CI) gets no
# colour codes, nor does any when NO_COLOR is set.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

example="$ROOT/examples/resources/ovh_cloud_project_kube/resource.tf"
pool_example="$ROOT/examples/resources/ovh_cloud_project_kube_nodepool/resource.tf"
ip_example="$ROOT/examples/resources/ovh_cloud_project_kube_iprestrictions/resource.tf"
oidc_example="$ROOT/examples/resources/ovh_cloud_project_kube_oidc/resource.tf"

case "${CLI:-}" in
"")
	if command -v terraform >/dev/null 2>&1; then cli=$(command -v terraform); else cli=$TOFU; fi
	;;
tofu) cli=$TOFU ;;
terraform) cli=$(command -v terraform) || die "CLI=terraform but no terraform on PATH" ;;
*) die "CLI must be tofu or terraform, not '$CLI'" ;;
esac
[ -f "$example" ] || die "missing $example"
for f in "$pool_example" "$ip_example" "$oidc_example"; do
	[ -f "$f" ] || die "missing $f"
done

# Colour codes only for a terminal.
no_color=()
if [ ! -t 1 ] || [ -n "${NO_COLOR:-}" ]; then
	no_color=(-no-color)
fi

demo="$ROOT/.demo"
rm -rf "$demo"
mkdir -p "$demo/work"
write_cli_config "$demo/cli.tfrc"
export TF_CLI_CONFIG_FILE="$demo/cli.tfrc"
export CHECKPOINT_DISABLE=1
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy

step "build the provider and the mock"
build_provider
build_mock
if [ "$cli" = "$TOFU" ]; then
	need_tools bin/tofu
fi
"$cli" version | sed -n 1p

step "start the mock OVHcloud API"
# It knows the examples' placeholder project, and writes the environment that
# points at it (export lines) once it listens.
"$BIN/ovhmock" -listen 127.0.0.1:0 -timings demo -env-file "$demo/mock.env" >"$demo/mock.log" 2>&1 &
mock_pid=$!
stop_mock() {
	kill "$mock_pid" 2>/dev/null || true
	wait "$mock_pid" 2>/dev/null || true
}
on_exit() {
	local rc=$?
	# Interrupted mid-command: stop the CLI too (it is a direct child of this
	# script), so that it does not go on polling a stopped mock.
	pkill -TERM -P $$ 2>/dev/null || true
	stop_mock
	if [ "$rc" -ne 0 ]; then
		printf '\ndemo failed (exit %d); files are in %s, the mock log is %s\n' "$rc" "$demo" "$demo/mock.log" >&2
	fi
}
trap on_exit EXIT

# The mock writes the env file whole (a rename) once it listens.
for _ in $(seq 1 100); do
	[ ! -s "$demo/mock.env" ] || break
	kill -0 "$mock_pid" 2>/dev/null || die "the mock exited: $(cat "$demo/mock.log")"
	sleep 0.1
done
[ -s "$demo/mock.env" ] || die "the mock wrote no $demo/mock.env within 10s"

# Only the mock's credentials (one authentication method): nothing from the
# caller's OVH_* variables leaks in.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^OVH_' || true)
# shellcheck disable=SC1091 # written by the mock at run time
. "$demo/mock.env"
echo "mock pid $mock_pid at $OVH_ENDPOINT"

work="$demo/work"
cp "$example" "$work/resource.tf"
name=$(sed -nE 's/^[[:space:]]*resource[[:space:]]+"ovh_cloud_project_kube"[[:space:]]+"([^"]+)".*/\1/p' "$work/resource.tf" | sed -n 1p)
[ -n "$name" ] || die "no ovh_cloud_project_kube resource in $example"
kube="ovh_cloud_project_kube.$name"

# The node pool, IP restrictions and OIDC examples name a cluster id and a
# project of their own: attach them to the demo's cluster instead. attach
# copies example $1 to $2 and prints the address of its resource of type $3.
attach() {
	local from=$1 to=$2 type=$3 name
	cp "$from" "$to"
	name=$(sed -nE "s/^[[:space:]]*resource[[:space:]]+\"$type\"[[:space:]]+\"([^\"]+)\".*/\1/p" "$to" | sed -n 1p)
	[ -n "$name" ] || die "no $type resource in $from"
	edit "$to" \
		-e "s/^([[:space:]]*kube_id[[:space:]]*=[[:space:]]*).*/\1$kube.id/" \
		-e "s/^([[:space:]]*service_name[[:space:]]*=[[:space:]]*).*/\1$kube.service_name/"
	grep -qE "^[[:space:]]*kube_id[[:space:]]*=[[:space:]]*$kube\.id\$" "$to" ||
		die "could not attach the $type of $from to $kube"
	echo "$type.$name"
}
pool=$(attach "$pool_example" "$work/nodepool.tf" ovh_cloud_project_kube_nodepool)
ips=$(attach "$ip_example" "$work/iprestrictions.tf" ovh_cloud_project_kube_iprestrictions)
oidc=$(attach "$oidc_example" "$work/oidc.tf" ovh_cloud_project_kube_oidc)
{
	if ! grep -q 'required_providers' "$work/resource.tf"; then
		required_providers
		echo
	fi
	cat <<EOF
# Configured from the OVH_* variables that the mock wrote.
provider "ovh" {}

output "cluster_id" {
  value = $kube.id
}

output "status" {
  value = $kube.status
}

output "kube_proxy_mode" {
  value = $kube.kube_proxy_mode
}

output "customization_kube_proxy" {
  value = $kube.customization_kube_proxy
}

output "ip_restrictions" {
  value = $ips.ips
}

output "oidc_issuer_url" {
  value = $oidc.issuer_url
}

output "nodepool_id" {
  value = $pool.id
}

output "nodepool" {
  value = {
    name            = $pool.name
    flavor          = $pool.flavor
    status          = $pool.status
    size_status     = $pool.size_status
    desired_nodes   = $pool.desired_nodes
    min_nodes       = $pool.min_nodes
    max_nodes       = $pool.max_nodes
    current_nodes   = $pool.current_nodes
    available_nodes = $pool.available_nodes
  }
}
EOF
} >"$work/demo.tf"
if grep -qE '^[[:space:]]*provider[[:space:]]+"ovh"' "$work/resource.tf"; then
	edit "$work/demo.tf" '/^provider "ovh" \{\}$/d'
fi
echo "working directory: $work (resource.tf, nodepool.tf, iprestrictions.tf and oidc.tf from the examples, demo.tf generated)"

cd "$work"
# tf runs a CLI command that takes -no-color, keeping its whole output for
# expect. On screen, each plan's "Changes to Outputs:" section is left out: an
# apply prints the outputs once, after it, and a plan or a destroy shows what
# it does to the resources.
tf() {
	"$cli" "$@" ${no_color[@]+"${no_color[@]}"} 2>&1 | tee "$demo/last.log" | awk '
		/Changes to Outputs:/ { skip = 1; next }
		skip && (/^(\033\[[0-9;]*m)*  / || /^(\033\[[0-9;]*m)*$/) { next }
		{ skip = 0; print; fflush() }
	'
}
expect() {
	grep -q "$1" "$demo/last.log" || die "expected \"$1\" in the output of the last command"
}
expect_not() {
	! grep -qF "$1" "$demo/last.log" || die "did not expect \"$1\" in the output of the last command"
}

step "$(basename "$cli") plan: the cluster, its node pool, its IP restrictions and its OIDC configuration"
tf plan -input=false -compact-warnings
expect '4 to add, 0 to change, 0 to destroy'

step "$(basename "$cli") apply -auto-approve (the provider sends the changes to one cluster one at a time)"
tf apply -input=false -compact-warnings -auto-approve
expect 'Apply complete! Resources: 4 added, 0 changed, 0 destroyed.'

# Change the IPVS sync_period (the only line starting with sync_period inside the
# ipvs block; min_sync_period does not match).
old=$(sed -nE '/ipvs[[:space:]]*=?[[:space:]]*\{/,/\}/ s/^[[:space:]]*sync_period[[:space:]]*=[[:space:]]*"([^"]*)".*/\1/p' resource.tf | sed -n 1p)
[ -n "$old" ] || die "no sync_period in an ipvs block of resource.tf"
new=PT30S
if [ "$old" = "$new" ]; then new=PT45S; fi
edit resource.tf "/ipvs[[:space:]]*=?[[:space:]]*\{/,/\}/ s/^([[:space:]]*sync_period[[:space:]]*=[[:space:]]*)\"[^\"]*\"/\1\"$new\"/"
grep -qE "^[[:space:]]*sync_period[[:space:]]*=[[:space:]]*\"$new\"" resource.tf || die "could not change sync_period in resource.tf"

step "change customization_kube_proxy.ipvs.sync_period from $old to $new, apply again (in place)"
tf apply -input=false -compact-warnings -auto-approve
expect '0 to add, 1 to change, 0 to destroy'
# A timing cannot change the cluster's version, URLs or upgrade status: the plan
# shows no value as unknown.
expect_not '(known after apply)'

# Scale the node pool by one node, within [min_nodes, max_nodes]: an in-place
# update that keeps the pool's id.
desired=$(sed -nE 's/^[[:space:]]*desired_nodes[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' nodepool.tf | sed -n 1p)
[ -n "$desired" ] || die "no desired_nodes in nodepool.tf"
max=$(sed -nE 's/^[[:space:]]*max_nodes[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' nodepool.tf | sed -n 1p)
min=$(sed -nE 's/^[[:space:]]*min_nodes[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' nodepool.tf | sed -n 1p)
scaled=$((desired + 1))
if [ "$scaled" -gt "${max:-100}" ]; then scaled=$((desired - 1)); fi
[ "$scaled" -ge "${min:-0}" ] || die "cannot scale the node pool: desired_nodes $desired, min_nodes $min, max_nodes $max"
pool_id_before=$("$cli" output ${no_color[@]+"${no_color[@]}"} -raw nodepool_id)
edit nodepool.tf "s/^([[:space:]]*desired_nodes[[:space:]]*=[[:space:]]*)[0-9]+/\1$scaled/"
grep -qE "^[[:space:]]*desired_nodes[[:space:]]*=[[:space:]]*$scaled([^0-9]|\$)" nodepool.tf || die "could not change desired_nodes in nodepool.tf"

step "scale the node pool: desired_nodes from $desired to $scaled, apply again (in place)"
tf apply -input=false -compact-warnings -auto-approve
expect '0 to add, 1 to change, 0 to destroy'
pool_id_after=$("$cli" output ${no_color[@]+"${no_color[@]}"} -raw nodepool_id)
echo "node pool id before: $pool_id_before"
echo "node pool id after:  $pool_id_after"
[ "$pool_id_before" = "$pool_id_after" ] || die "the node pool was replaced: its id changed"
echo "same node pool, resized in place"

edit resource.tf 's/^([[:space:]]*kube_proxy_mode[[:space:]]*=[[:space:]]*)"ipvs"/\1"iptables"/'
grep -qE '^[[:space:]]*kube_proxy_mode[[:space:]]*=[[:space:]]*"iptables"' resource.tf ||
	die "could not set kube_proxy_mode to iptables in resource.tf"

step "change kube_proxy_mode to iptables: plan only (the cluster and everything on it replaced; not applied)"
tf plan -input=false -compact-warnings
expect '4 to add, 0 to change, 4 to destroy'
# Back to the mode applied, so that nothing of the plan above shows in the destroy.
edit resource.tf 's/^([[:space:]]*kube_proxy_mode[[:space:]]*=[[:space:]]*)"iptables"/\1"ipvs"/'
grep -qE '^[[:space:]]*kube_proxy_mode[[:space:]]*=[[:space:]]*"ipvs"' resource.tf ||
	die "could not set kube_proxy_mode back to ipvs in resource.tf"

step "$(basename "$cli") destroy -auto-approve"
tf destroy -input=false -compact-warnings -auto-approve
expect 'Destroy complete! Resources: 4 destroyed.'

step "demo complete with $(basename "$cli"); the mock is stopped"
