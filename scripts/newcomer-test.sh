#!/usr/bin/env bash
# The path of someone new to the project, run end to end as the documentation
# writes it (part of `make test`):
#
#   1. README.md, "The mock OVHcloud API": in a fresh copy of the working tree
#      made a git repository (what a clone holds), the `make mock` block runs
#      with MOCKFLAGS as GNUmakefile sets them but on a free port, then the
#      walkthrough block runs as written (the copied examples applied, then
#      destroyed); the mock is stopped with SIGTERM and must say it saved its
#      state, and the clone must be left with no file git does not ignore;
#   2. `make install` into a scratch mirror, init and plan with the block it
#      prints (scripts/install-test.sh);
#   3. the CI recipe, examples/ci/plan.sh, as github-actions.yml calls it, on
#      the three shapes of configuration: mkscloud/ovh alone; the official
#      provider (ovh/ovh) beside this one (mks), the official one stood in by a
#      copy of this provider in a filesystem mirror (PROVIDERS_MIRROR); and the
#      legacy shape that declares this provider as ovh/ovh. Each ends in a plan
#      against the mock.
#
# The README's commands are read from README.md (the fenced block after each
# `<!-- newcomer-test: NAME -->` marker), never copied here: an edit that
# breaks them fails this test. In them, `terraform` and `tofu` run the CLI
# under test (bin/tofu, or the terraform on PATH).
#
#   CLI=tofu|terraform scripts/newcomer-test.sh   (default: OpenTofu, and
#                                                  Terraform when on PATH)
#
# Every file it writes is under .scratch/newcomer/ (removed on success, kept
# and named on failure), apart from Go's build cache; TF_CLI_CONFIG_FILE names
# a file of its own, so ~/.terraformrc and ~/.tofurc are never read. The mocks
# it starts are stopped whatever happens.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

scratch="$ROOT/.scratch/newcomer"
rm -rf "$scratch"
mkdir -p "$scratch"
start=$SECONDS

# Process groups of the mocks started in the background, stopped on exit.
groups=()
on_exit() {
	local rc=$? g
	for g in ${groups[@]+"${groups[@]}"}; do
		kill -TERM -- "-$g" 2>/dev/null || true
	done
	for g in ${groups[@]+"${groups[@]}"}; do
		wait "$g" 2>/dev/null || true
	done
	if [ "$rc" -eq 0 ]; then
		rm -rf "$scratch"
	else
		printf '\nnewcomer test failed (exit %d); its files are in %s\n' "$rc" "$scratch" >&2
	fi
}
trap on_exit EXIT

# A CLI configuration of its own, and nothing from the caller's environment
# that would change what the CLI or the provider does.
: >"$scratch/empty.tfrc"
export TF_CLI_CONFIG_FILE="$scratch/empty.tfrc"
export CHECKPOINT_DISABLE=1
unset TF_DATA_DIR TF_WORKSPACE TF_PLUGIN_CACHE_DIR TF_INPUT TF_IN_AUTOMATION TF_LOG TF_LOG_PATH
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(OVH_|TF_CLI_ARGS)' || true)

case "${CLI:-}" in
"") mapfile -t clis < <(cli_list) ;;
tofu) clis=("$TOFU") ;;
terraform) clis=("$(command -v terraform)") || die "CLI=terraform but no terraform on PATH" ;;
*) die "CLI must be tofu or terraform, not '$CLI'" ;;
esac
need_tools bin/tofu

# readme_block FILE NAME prints the fenced code block that follows the line
# <!-- newcomer-test: NAME --> in FILE (blank lines between them allowed).
readme_block() {
	local block
	block=$(awk -v marker="<!-- newcomer-test: $2 -->" '
		$0 == marker { found = 1; next }
		found == 1 && /^```/ { found = 2; next }
		found == 1 && !/^[[:space:]]*$/ { exit }
		found == 2 && /^```/ { exit }
		found == 2 { print }
	' "$1")
	[ -n "$block" ] || die "no code block after <!-- newcomer-test: $2 --> in $1"
	printf '%s\n' "$block"
}

# fail FILE MESSAGE shows FILE, then dies with MESSAGE.
fail() {
	cat "$1" >&2
	die "$2 (output: $1)"
}

step "README.md says what go.mod and GNUmakefile say"
go_mod=$(sed -nE 's/^go ([0-9.]+)$/\1/p' "$ROOT/go.mod")
go_readme=$(sed -nE 's/.*a machine with Go \(([0-9.]+) or later\).*/\1/p' "$ROOT/README.md")
[ -n "$go_mod" ] || die "no go directive in go.mod"
[ "$go_readme" = "$go_mod" ] ||
	die "README.md asks for Go ${go_readme:-(no \"a machine with Go (X or later)\" found)}, go.mod says go $go_mod"
echo "ok: Go $go_mod or later"
mockflags=$(sed -nE 's/^MOCKFLAGS \?= (.*)$/\1/p' "$ROOT/GNUmakefile")
[ -n "$mockflags" ] || die "no MOCKFLAGS ?= line in GNUmakefile"
grep -qF "(default \`$mockflags\`)" "$ROOT/README.md" ||
	die "README.md does not give GNUmakefile's default MOCKFLAGS, $mockflags"
echo "ok: MOCKFLAGS $mockflags"
# The same flags on a free port: `make mock` of a clone, as the README runs it,
# beside whatever else listens on 8080.
free_mockflags=${mockflags/-listen 127.0.0.1:8080/-listen 127.0.0.1:0}
[ "$free_mockflags" != "$mockflags" ] || die "MOCKFLAGS has no -listen 127.0.0.1:8080 to move to a free port: $mockflags"

mock_block=$(readme_block "$ROOT/README.md" mock)
walkthrough=$(readme_block "$ROOT/README.md" walkthrough)

# clone DIR copies the files of the working tree that a clone would hold (the
# tracked and the new ones, not the ignored ones) into DIR, made a git repository.
clone() {
	mkdir -p "$1"
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
		while IFS= read -r -d '' f; do
			if [ -e "$ROOT/$f" ]; then printf '%s\0' "$f"; fi
		done |
		(cd "$ROOT" && tar --null -T - -cf -) | tar -xf - -C "$1"
	git -C "$1" init -q
	git -C "$1" add -A
	git -C "$1" -c user.name=newcomer -c user.email=newcomer@localhost commit -q -m clone
}

# shims DIR CLI makes `terraform` and `tofu` in DIR run CLI.
shims() {
	local shim
	mkdir -p "$1"
	for shim in terraform tofu; do
		printf '#!/bin/sh\nexec "%s" "$@"\n' "$2" >"$1/$shim"
		chmod +x "$1/$shim"
	done
}

# walkthrough CLI runs the README's mock walkthrough under CLI in a fresh clone.
walkthrough() {
	local cli=$1 name dir repo mock_pid product
	name=$(basename "$cli")
	dir="$scratch/$name/walkthrough"
	repo="$dir/clone"
	clone "$repo"
	shims "$dir/shims" "$cli"
	printf '%s\n' "$mock_block" >"$dir/mock.sh"
	printf '%s\n' "$walkthrough" >"$dir/walkthrough.sh"

	step "$name: README's mock block in a fresh clone ($repo), MOCKFLAGS='$free_mockflags'"
	cat "$dir/mock.sh"
	# Its own process group, so that the mock and make stop together.
	set -m
	(cd "$repo" && MOCKFLAGS="$free_mockflags" exec bash -e "$dir/mock.sh") >"$dir/mock.log" 2>&1 &
	mock_pid=$!
	set +m
	groups+=("$mock_pid")
	for _ in $(seq 1 600); do
		if grep -qs 'OVH_CLOUD_PROJECT_SERVICE=' "$repo/.mock/env"; then break; fi
		kill -0 "$mock_pid" 2>/dev/null || fail "$dir/mock.log" "the README's make mock exited"
		sleep 0.2
	done
	grep -qs 'OVH_CLOUD_PROJECT_SERVICE=' "$repo/.mock/env" || fail "$dir/mock.log" "the mock wrote no .mock/env within 120s"
	sed -nE 's/.*(OVH_ENDPOINT=.*)/mock: \1/p' "$repo/.mock/env"

	step "$name: README's walkthrough, as written, in the clone (answering yes)"
	cat "$dir/walkthrough.sh"
	(cd "$repo" && PATH="$dir/shims:$PATH" bash -e "$dir/walkthrough.sh" < <(yes yes)) >"$dir/walkthrough.log" 2>&1 ||
		fail "$dir/walkthrough.log" "$name: the README's walkthrough failed"
	grep -q 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.' "$dir/walkthrough.log" ||
		fail "$dir/walkthrough.log" "$name: the walkthrough applied no cluster"
	grep -q 'Destroy complete! Resources: 1 destroyed.' "$dir/walkthrough.log" ||
		fail "$dir/walkthrough.log" "$name: the walkthrough destroyed no cluster"
	case "$name" in tofu) product=OpenTofu ;; *) product=Terraform ;; esac
	grep -q "$product will perform the following actions" "$dir/walkthrough.log" ||
		fail "$dir/walkthrough.log" "$name: the walkthrough did not run $product"
	echo "ok: applied and destroyed"

	step "$name: SIGTERM stops the mock, which saves its state"
	kill -TERM -- "-$mock_pid"
	wait "$mock_pid" 2>/dev/null || true
	grep -q 'stopped (terminated signal received); state saved to .mock/state.json (0 clusters)' "$dir/mock.log" ||
		fail "$dir/mock.log" "the mock did not say it saved its state"
	[ -z "$(git -C "$repo" status --porcelain)" ] ||
		die "the walkthrough left files git does not ignore in $repo: $(git -C "$repo" status --porcelain)"
	echo "ok: state saved, the clone has no file git does not ignore"
}

# The CI recipe: the workflow's variables and the command of its step that
# runs examples/ci/plan.sh, read from the workflow.
workflow="$ROOT/examples/ci/github-actions.yml"
workflow_env() {
	sed -nE "/^env:/,/^[^[:space:]#]/ s/^  $1: (.*)\$/\1/p" "$workflow" | sed -n 1p
}
ci_run=$(sed -nE 's/^[[:space:]]+run: (.*examples\/ci\/plan\.sh.*)$/\1/p' "$workflow")
ci_provider_dir=$(sed -nE 's/^[[:space:]]+PROVIDER_DIR: (.*)$/\1/p' "$workflow")
ci_tf_dir=$(workflow_env TF_DIR)
ci_project=$(workflow_env MOCK_PROJECT)
[ -n "$ci_run" ] || die "no step of $workflow runs examples/ci/plan.sh"
if [ -z "$ci_provider_dir" ] || [ -z "$ci_tf_dir" ] || [ -z "$ci_project" ]; then
	die "$workflow sets no PROVIDER_DIR, TF_DIR or MOCK_PROJECT"
fi
release=$(sed -nE 's/^## ([0-9]+\.[0-9]+\.[0-9]+[^ ]*).*/\1/p' "$ROOT/CHANGELOG.md" | sed -n 1p)
# The official provider's stand-in: this provider under ovh/ovh only, at a
# version of its own, in the filesystem mirror handed to PROVIDERS_MIRROR.
official_version=99.0.0
official="$scratch/official-mirror"

# ci_config SHAPE DIR writes the configuration of SHAPE into DIR.
ci_config() {
	local host
	mkdir -p "$2"
	case "$1" in
	mkscloud)
		# What the README and the docs recommend: the provider's own address.
		cp "$ROOT/examples/provider/provider.tf" "$ROOT/examples/resources/ovh_cloud_project_kube/resource.tf" "$2/"
		;;
	both)
		# The official provider for the rest, this one as mks, and a remote backend.
		cat >"$2/main.tf" <<EOF
terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
    mks = {
      source = "mkscloud/ovh"
    }
  }
  backend "s3" {
    bucket = "state"
    key    = "infra.tfstate"
    region = "eu-west-3"
  }
}

provider "ovh" {}

resource "ovh_cloud_project_kube" "official" {
  service_name = "$ci_project"
  name         = "official"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube" "mks" {
  provider     = mks
  service_name = "$ci_project"
  name         = "mks"
  region       = "GRA11"
}
EOF
		;;
	legacy)
		# This provider in place of the official one, with a lock file that
		# holds the official one's checksums.
		cp "$ROOT/examples/resources/ovh_cloud_project_kube/resource.tf" "$2/"
		cat >"$2/main.tf" <<EOF
terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

provider "ovh" {}
EOF
		for host in registry.terraform.io registry.opentofu.org; do
			cat <<EOF
provider "$host/ovh/ovh" {
  version = "2.1.0"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  ]
}

EOF
		done >"$2/.terraform.lock.hcl"
		;;
	esac
}

# ci CLI SHAPE ADDS runs the workflow's plan step on the configuration of
# SHAPE, in a workspace laid out as the workflow's, and expects ADDS creations.
# The runs of one CLI share a WORK_DIR, so that only the first links binaries.
ci() {
	local cli=$1 shape=$2 adds=$3 name ws mirror_env=()
	name=$(basename "$cli")
	ws="$scratch/$name/ci-$shape"
	mkdir -p "$ws/runner-temp"
	ln -s "$scratch/$name/walkthrough/clone" "$ws/$ci_provider_dir"
	ci_config "$shape" "$ws/$ci_tf_dir"
	(cd "$ws/$ci_tf_dir" && find . -type f | sort) >"$ws/files.before"
	if [ "$shape" = both ]; then mirror_env=(PROVIDERS_MIRROR="$official"); fi
	step "$name: the CI recipe on the $shape shape ($ws): $ci_run"
	(cd "$ws" && env TF_DIR="$ci_tf_dir" MOCK_PROJECT="$ci_project" PROVIDER_DIR="$ci_provider_dir" \
		RUNNER_TEMP="$ws/runner-temp" WORK_DIR="$scratch/$name/ci-work" TF_CLI="$cli" ${mirror_env[@]+"${mirror_env[@]}"} \
		bash -e -c "$ci_run") >"$ws/plan.log" 2>&1 ||
		fail "$ws/plan.log" "$name: the CI recipe failed on the $shape shape"
	grep -q "Plan: $adds to add, 0 to change, 0 to destroy" "$ws/plan.log" ||
		fail "$ws/plan.log" "$name: the CI recipe's plan of the $shape shape does not add $adds"
	case "$shape" in
	both)
		grep -qE "Installed mkscloud/ovh v$release " "$ws/plan.log" ||
			fail "$ws/plan.log" "mkscloud/ovh $release was not installed from the build"
		grep -qE "Installed ovh/ovh v$official_version " "$ws/plan.log" ||
			fail "$ws/plan.log" "ovh/ovh $official_version was not installed from PROVIDERS_MIRROR"
		;;
	legacy)
		grep -qE "Installed ovh/ovh v$release " "$ws/plan.log" ||
			fail "$ws/plan.log" "ovh/ovh $release was not installed from the build"
		;;
	esac
	(cd "$ws/$ci_tf_dir" && find . -type f | sort) | cmp -s - "$ws/files.before" ||
		die "the CI recipe left files in $ws/$ci_tf_dir: $(cd "$ws/$ci_tf_dir" && find . -type f)"
	if [ "$shape" = legacy ]; then
		ci_config legacy "$ws/expected"
		cmp "$ws/expected/.terraform.lock.hcl" "$ws/$ci_tf_dir/.terraform.lock.hcl" ||
			die "the CI recipe did not restore the lock file in $ws/$ci_tf_dir"
	fi
	echo "ok: the plan adds $adds"
}

step "the official provider's stand-in: make install VERSION=$official_version into $official, ovh/ovh only"
make --no-print-directory -s -C "$ROOT" install VERSION="$official_version" MIRROR="$official" >"$scratch/official-install.log" 2>&1 ||
	fail "$scratch/official-install.log" "make install of the stand-in failed"
rm -rf "$official"/*/mkscloud
find "$official" -type f

# Each CLI's path in a process of its own, at the same time (their files, mocks
# and ports are their own); each output line is prefixed with its CLI.
newcomer_path() {
	# It runs in a subshell, which runs no EXIT trap of its parent: it stops
	# the mocks it started itself.
	trap 'for g in ${groups[@]+"${groups[@]}"}; do kill -TERM -- "-$g" 2>/dev/null || true; done' EXIT
	walkthrough "$1"
	ci "$1" mkscloud 1
	ci "$1" both 2
	ci "$1" legacy 1
}
pids=()
for cli in "${clis[@]}"; do
	(
		set -o pipefail
		newcomer_path "$cli" 2>&1 | sed -u "s/^/[$(basename "$cli")] /"
	) &
	pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
	wait "$pid" || status=1
done
[ "$status" = 0 ] || die "the newcomer's path failed (see above)"

step "make install into a scratch mirror, init and plan with the block it prints (scripts/install-test.sh)"
"$ROOT/scripts/install-test.sh"

step "newcomer path passed under $(printf '%s\n' "${clis[@]}" | xargs -n1 basename | paste -sd' ') in $((SECONDS - start))s"
