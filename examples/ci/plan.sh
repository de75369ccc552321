#!/usr/bin/env bash
# Checks a Terraform/OpenTofu configuration that uses this provider against the
# mock OVHcloud API: fmt -check, init, validate and plan, with no OVHcloud
# account and no secret. github-actions.yml runs it; any CI system (or a shell)
# can, with Go, make and the CLI installed:
#
#   TF_DIR=infra PROVIDER_DIR=.ovh-provider .ovh-provider/examples/ci/plan.sh
#
# Variables:
#   TF_DIR            the configuration's directory (default: the current one)
#   PROVIDER_DIR      a checkout of the provider (default: the one holding this script)
#   TF_CLI            tofu (default), terraform, or a path to either
#   PROVIDER_ADDRESS  the address the configuration gives this provider: mkscloud/ovh,
#                     or ovh/ovh for a configuration that declares it in place of the
#                     official provider. Default: mkscloud/ovh when a .tf file under
#                     TF_DIR names it, else ovh/ovh.
#   PROVIDERS_MIRROR  a filesystem mirror (as `tofu providers mirror DIR` writes one)
#                     that every other provider comes from; by default they come from
#                     their registries
#   MOCK_PROJECT      the project (service_name) the mock knows, besides its defaults
#                     0123456789abcdef0123456789abcdef (OVH_CLOUD_PROJECT_SERVICE) and
#                     xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
#   WORK_DIR          where the build, the mock's files and the CLI's data go
#                     (default: a new directory under RUNNER_TEMP or TMPDIR); it
#                     can be used again, by one run at a time
#
# The provider is built with `make install` into a filesystem mirror of WORK_DIR,
# and init installs it from there under PROVIDER_ADDRESS; nothing else is taken
# from that mirror, so beside it the official provider (ovh/ovh) still comes from
# its registry. The CLI's data directory (TF_DATA_DIR) is in WORK_DIR. For the
# duration of the run, in TF_DIR: the lock file's entries for PROVIDER_ADDRESS
# are left out (they hold the checksums of another build), and a configuration
# with a backend block gets an override file, ovh_mock_plan_override.tf, that
# keeps the state in WORK_DIR. Both are undone on exit, and the mock is stopped.
set -euo pipefail

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}
step() {
	printf '\n==> %s\n' "$*"
}

tf_dir=$(cd "${TF_DIR:-.}" && pwd) || die "TF_DIR ${TF_DIR:-.} is not a directory"
provider_dir=$(cd "${PROVIDER_DIR:-$(dirname "$0")/../..}" && pwd) || die "PROVIDER_DIR ${PROVIDER_DIR:-} is not a directory"
[ -f "$provider_dir/cmd/ovhmock/main.go" ] || die "PROVIDER_DIR $provider_dir is not a checkout of the provider"
cli=$(command -v "${TF_CLI:-tofu}") || die "TF_CLI ${TF_CLI:-tofu} is not installed"
if [ -n "${WORK_DIR:-}" ]; then
	mkdir -p "$WORK_DIR"
	work=$(cd "$WORK_DIR" && pwd)
else
	work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ovh-mock-plan.XXXXXX")
fi
mirror="$work/mirror"
# A WORK_DIR used before keeps its builds (go build relinks nothing that did not
# change), not the CLI's data of the last configuration.
rm -rf "$work/data"

# The address: given, or mkscloud/ovh when the configuration names it.
address=${PROVIDER_ADDRESS:-}
if [ -z "$address" ]; then
	if grep -rqsE --include='*.tf' --exclude-dir=.terraform --exclude-dir=.ovh-provider \
		'"(registry\.(terraform\.io|opentofu\.org)/)?mkscloud/ovh"' "$tf_dir"; then
		address=mkscloud/ovh
	else
		address=ovh/ovh
	fi
fi
case "$address" in
mkscloud/ovh | ovh/ovh) ;;
*) die "PROVIDER_ADDRESS must be mkscloud/ovh or ovh/ovh, not $address" ;;
esac
own="\"registry.terraform.io/$address\", \"registry.opentofu.org/$address\""

lock="$tf_dir/.terraform.lock.hcl"
override="$tf_dir/ovh_mock_plan_override.tf"
lock_existed=false
[ -f "$lock" ] && lock_existed=true
mock_pid=
on_exit() {
	local rc=$?
	if [ -n "$mock_pid" ]; then
		kill "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
	fi
	rm -f "$override"
	if $lock_existed; then
		cp "$work/lock.hcl" "$lock"
	else
		rm -f "$lock"
	fi
	if [ "$rc" -ne 0 ]; then
		if [ -s "$work/mock.log" ]; then
			printf '\nmock log (%s):\n' "$work/mock.log" >&2
			tail -n 50 "$work/mock.log" >&2
		fi
		printf '\nfailed (exit %d); the files of this run are in %s\n' "$rc" "$work" >&2
	fi
}
trap on_exit EXIT
if $lock_existed; then
	cp "$lock" "$work/lock.hcl"
fi

step "build the provider into $mirror (make install) and the mock"
make --no-print-directory -s -C "$provider_dir" install MIRROR="$mirror" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log" >&2; die "make install failed"; }
version=$(sed -nE 's/^Provider ([^ ]+) installed into .*/\1/p' "$work/install.log")
[ -n "$version" ] || { cat "$work/install.log" >&2; die "make install did not say which version it installed"; }
(cd "$provider_dir" && go build -o "$work/ovhmock" ./cmd/ovhmock) || die "building the mock failed"

step "start the mock OVHcloud API"
projects=()
if [ -n "${MOCK_PROJECT:-}" ]; then
	projects=(-projects "0123456789abcdef0123456789abcdef,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,$MOCK_PROJECT")
fi
rm -f "$work/mock.env"
"$work/ovhmock" -listen 127.0.0.1:0 -timings test ${projects[@]+"${projects[@]}"} \
	-env-file "$work/mock.env" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
	if grep -qs 'OVH_CLOUD_PROJECT_SERVICE=' "$work/mock.env"; then break; fi
	kill -0 "$mock_pid" 2>/dev/null || die "the mock exited"
	sleep 0.1
done
grep -qs 'OVH_CLOUD_PROJECT_SERVICE=' "$work/mock.env" || die "the mock wrote no $work/mock.env within 10s"
# Only the mock's credentials reach the provider.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^OVH_' || true)
# shellcheck disable=SC1091 # written by the mock at run time
. "$work/mock.env"
echo "mock at $OVH_ENDPOINT"

# This provider from the mirror just built; every other one from PROVIDERS_MIRROR
# when given, else from its registry.
if [ -n "${PROVIDERS_MIRROR:-}" ]; then
	others=$(cd "$PROVIDERS_MIRROR" && pwd) || die "PROVIDERS_MIRROR $PROVIDERS_MIRROR is not a directory"
	others="filesystem_mirror {
    path    = \"$others\"
    exclude = [$own]
  }"
else
	others="direct {
    exclude = [$own]
  }"
fi
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = [$own]
  }
  $others
}
EOF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_DATA_DIR="$work/data" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
name=$(basename "$cli")
echo "$address: the provider $version from $mirror; $("$cli" version | sed -n 1p)"

# Colour codes only for a terminal.
no_color=()
if [ ! -t 1 ] || [ -n "${NO_COLOR:-}" ]; then
	no_color=(-no-color)
fi

cd "$tf_dir"
step "$name fmt -check -recursive"
"$cli" fmt -check -recursive -diff ${no_color[@]+"${no_color[@]}"}

# The lock file's entries for this provider hold the checksums of another build
# (or, for ovh/ovh, of the official provider): init records this build's instead.
if $lock_existed; then
	awk -v a="$address" '
		$0 ~ "^provider \"registry\\.(terraform\\.io|opentofu\\.org)/" a "\" \\{" { skip = 1; next }
		skip && /^}/ { skip = 0; next }
		!skip { print }
	' "$work/lock.hcl" >"$lock"
fi
# A backend would hold the real state: the override keeps the plan's in WORK_DIR.
backend=(-backend=false)
if grep -qsE '^[[:space:]]*backend[[:space:]]+"' "$tf_dir"/*.tf; then
	cat >"$override" <<EOF
terraform {
  backend "local" {
    path = "$work/terraform.tfstate"
  }
}
EOF
	backend=()
fi

step "$name init -input=false ${backend[*]}"
"$cli" init -input=false ${backend[@]+"${backend[@]}"} ${no_color[@]+"${no_color[@]}"}
step "$name validate"
"$cli" validate ${no_color[@]+"${no_color[@]}"}
step "$name plan against the mock"
"$cli" plan -input=false -lock=false ${no_color[@]+"${no_color[@]}"}
