#!/usr/bin/env bash
# Tests `make install` as the README tells users to use it: installs into a scratch
# mirror, takes the CLI configuration block it prints and nothing else, and with
# OpenTofu (and Terraform when on PATH), in fresh directories:
#   - source = "mkscloud/ovh" with no version constraint: init selects the installed
#     release, writes a lock file with its checksum, and plan works against the mock;
#   - the same configuration with that lock file: init -lockfile=readonly and plan;
#   - source = "ovh/ovh", with the printed block extended as its comment says: init
#     and plan (the provider standing in for the official one).
# ~/.terraformrc, ~/.tofurc and the caller's TF_CLI_CONFIG_FILE are not read.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

scratch="$ROOT/.scratch/install-test"
rm -rf "$scratch"
mkdir -p "$scratch"
mock_pid=
on_exit() {
	local rc=$?
	if [ -n "$mock_pid" ]; then
		kill "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
	fi
	if [ "$rc" -eq 0 ]; then
		rm -rf "$scratch"
	else
		printf '\ninstall test failed (exit %d); files are in %s\n' "$rc" "$scratch" >&2
	fi
}
trap on_exit EXIT

need_tools bin/tofu
build_mock

step "make install MIRROR=$scratch/mirror"
make --no-print-directory -s -C "$ROOT" install MIRROR="$scratch/mirror" | tee "$scratch/install.log"
version=$(sed -nE 's/^Provider ([^ ]+) installed into .*/\1/p' "$scratch/install.log")
[ -n "$version" ] || die "make install did not say which version it installed"
[[ $version != *-* ]] || die "make install stamped the pre-release $version; it must stamp a release"
release=$(sed -nE 's/^## ([0-9]+\.[0-9]+\.[0-9]+[^ ]*).*/\1/p' "$ROOT/CHANGELOG.md" | sed -n 1p)
[ "$version" = "$release" ] || die "make install stamped $version, the current release in CHANGELOG.md is $release"
os_arch="$(go env GOOS)_$(go env GOARCH)"
for host in registry.terraform.io registry.opentofu.org; do
	for address in mkscloud/ovh ovh/ovh; do
		file="$scratch/mirror/$host/$address/$version/$os_arch/terraform-provider-ovh_v$version"
		[ -x "$file" ] || die "make install did not install $file"
	done
done

# The printed block, as a user copies it.
sed -n '/^provider_installation {/,/^}/p' "$scratch/install.log" >"$scratch/cli.tfrc"
grep -q filesystem_mirror "$scratch/cli.tfrc" || die "make install printed no provider_installation block"
# The variant its comment describes, for those who replace the official provider.
official='"registry.terraform.io/ovh/ovh", "registry.opentofu.org/ovh/ovh", '
sed -E "s#(include|exclude) = \[#\1 = [$official#" "$scratch/cli.tfrc" >"$scratch/official.tfrc"
grep -cE '(include|exclude) = \["registry.terraform.io/ovh/ovh", "registry.opentofu.org/ovh/ovh", ' "$scratch/official.tfrc" | grep -qx 2 ||
	die "could not add ovh/ovh to both lists of the printed block"

step "start the mock OVHcloud API"
"$BIN/ovhmock" -listen 127.0.0.1:0 -timings test -env-file "$scratch/mock.env" >"$scratch/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
	if grep -qs 'OVH_CLOUD_PROJECT_SERVICE=' "$scratch/mock.env"; then
		break
	fi
	kill -0 "$mock_pid" 2>/dev/null || die "the mock exited: $(cat "$scratch/mock.log")"
	sleep 0.1
done
set -a
# shellcheck source=/dev/null
. "$scratch/mock.env"
set +a
unset OVH_ACCESS_TOKEN TF_DATA_DIR TF_WORKSPACE TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_plan TF_PLUGIN_CACHE_DIR
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# module DIR SOURCE writes a configuration with one cluster of provider SOURCE.
module() {
	mkdir -p "$1"
	cat >"$1/main.tf" <<EOF
terraform {
  required_providers {
    mks = {
      source = "$2"
    }
  }
}

resource "ovh_cloud_project_kube" "cluster" {
  provider = mks
  name     = "installed"
  region   = "GRA11"
}
EOF
}

# run DIR CONFIG CLI ARGS... runs the CLI in DIR with the CLI configuration CONFIG.
run() {
	local dir=$1 config=$2 cli=$3
	shift 3
	(cd "$dir" && TF_CLI_CONFIG_FILE="$config" "$cli" "$@" -no-color) >"$dir/last.log" 2>&1 || {
		cat "$dir/last.log" >&2
		die "$(basename "$cli") $* failed in $dir"
	}
}

# expect_plan DIR: the last plan adds the cluster.
expect_plan() {
	grep -q 'Plan: 1 to add, 0 to change, 0 to destroy' "$1/last.log" || {
		cat "$1/last.log" >&2
		die "the plan in $1 does not add the cluster"
	}
}

while IFS= read -r cli; do
	name=$(basename "$cli")
	case "$name" in tofu) host=registry.opentofu.org ;; *) host=registry.terraform.io ;; esac

	step "$name: fresh directory, source mkscloud/ovh: init writes the lock file, plan"
	first="$scratch/$name/first"
	module "$first" mkscloud/ovh
	run "$first" "$scratch/cli.tfrc" "$cli" init -input=false
	grep -q "Installed mkscloud/ovh v$version" "$first/last.log" || {
		cat "$first/last.log" >&2
		die "init did not install mkscloud/ovh $version from the mirror"
	}
	lock="$first/.terraform.lock.hcl"
	grep -q "^provider \"$host/mkscloud/ovh\" {" "$lock" || die "no $host/mkscloud/ovh in the lock file: $(cat "$lock")"
	grep -q "version = \"$version\"" "$lock" || die "the lock file does not pin $version: $(cat "$lock")"
	grep -q '"h1:' "$lock" || die "the lock file has no checksum: $(cat "$lock")"
	run "$first" "$scratch/cli.tfrc" "$cli" plan -input=false
	expect_plan "$first"
	echo "ok: init and plan; lock file pins $host/mkscloud/ovh $version"

	step "$name: fresh directory with that lock file: init -lockfile=readonly, plan"
	locked="$scratch/$name/locked"
	module "$locked" mkscloud/ovh
	cp "$lock" "$locked/"
	run "$locked" "$scratch/cli.tfrc" "$cli" init -input=false -lockfile=readonly
	run "$locked" "$scratch/cli.tfrc" "$cli" plan -input=false
	expect_plan "$locked"
	cmp -s "$lock" "$locked/.terraform.lock.hcl" || die "init changed the lock file it was given"
	echo "ok: the lock file is honoured as it is"

	step "$name: fresh directory, source ovh/ovh with the printed block extended to ovh/ovh: init, plan"
	replaced="$scratch/$name/replaced"
	module "$replaced" ovh/ovh
	run "$replaced" "$scratch/official.tfrc" "$cli" init -input=false
	grep -q "^provider \"$host/ovh/ovh\" {" "$replaced/.terraform.lock.hcl" || die "no $host/ovh/ovh in the lock file"
	run "$replaced" "$scratch/official.tfrc" "$cli" plan -input=false
	expect_plan "$replaced"
	echo "ok: ovh/ovh from the same mirror"
done < <(cli_list)

step "make install works as the README says, under $(cli_list | xargs -n1 basename | paste -sd' ')"
