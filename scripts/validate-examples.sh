#!/usr/bin/env bash
# Runs `validate` on every example under examples/ with OpenTofu, and with
# Terraform too when one is on PATH, loading the provider built in bin/ through
# dev_overrides (no init, no registry).
#
# What counts as one example:
#   - a directory with a main.tf is one module: all its .tf files together;
#   - otherwise each .tf file is a standalone snippet (resource.tf, data-source.tf,
#     provider.tf and one file per use case, as tfplugindocs expects), validated on
#     its own, with the directory's versions.tf if it has one.
# A terraform block with required_providers for ovh/ovh is added when the example
# has none. examples/ci holds a CI pipeline, not HCL, and is skipped, as is examples/actions
# (Terraform 1.14 actions, which no CLI of CI validates; see TestExamples_actions).
# internal/kube/examples_test.go applies the same examples against the mock (go test
# with TF_ACC); this check is the quick one, and also runs under every CLI present.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

need_tools bin/tofu
build_provider

scratch="$ROOT/.scratch/validate"
rm -rf "$scratch"
mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT
write_cli_config "$scratch/cli.tfrc"
export TF_CLI_CONFIG_FILE="$scratch/cli.tfrc"
export TF_IN_AUTOMATION=1

clis=()
while IFS= read -r cli; do clis+=("$cli"); done < <(cli_list)
failed=0
count=0

# validate_module NAME DIR validates the module in DIR with every CLI.
validate_module() {
	local name=$1 dir=$2 cli out
	if ! grep -qs 'required_providers' "$dir"/*.tf; then
		write_required_providers "$dir/zz_required_providers.tf"
	fi
	for cli in "${clis[@]}"; do
		count=$((count + 1))
		if out=$(cd "$dir" && "$cli" validate -no-color 2>&1); then
			printf 'ok    %-14s %s\n' "$(basename "$cli")" "$name"
		else
			printf 'FAIL  %-14s %s\n%s\n' "$(basename "$cli")" "$name" "$out"
			failed=$((failed + 1))
		fi
	done
}

n=0
while IFS= read -r dir; do
	rel=${dir#"$ROOT"/}
	# No CLI of CI knows the action blocks of Terraform 1.14: TestExamples_actions
	# (internal/kube/examples_test.go) checks the examples of examples/actions.
	case "$rel" in examples/ci | examples/ci/* | examples/actions | examples/actions/*) continue ;; esac
	shopt -s nullglob
	files=("$dir"/*.tf)
	shopt -u nullglob
	[ ${#files[@]} -gt 0 ] || continue

	if [ -f "$dir/main.tf" ]; then
		n=$((n + 1))
		mkdir -p "$scratch/$n"
		cp "${files[@]}" "$scratch/$n/"
		validate_module "$rel/" "$scratch/$n"
		continue
	fi
	for f in "${files[@]}"; do
		[ "$(basename "$f")" != versions.tf ] || continue
		n=$((n + 1))
		mkdir -p "$scratch/$n"
		cp "$f" "$scratch/$n/"
		if [ -f "$dir/versions.tf" ]; then
			cp "$dir/versions.tf" "$scratch/$n/"
		fi
		validate_module "$rel/$(basename "$f")" "$scratch/$n"
	done
done < <(find "$ROOT/examples" -type d -not -path '*/.*' | sort)

[ "$count" -gt 0 ] || die "no examples found under examples/"
if [ "$failed" -gt 0 ]; then
	die "$failed of $count example validations failed"
fi
echo "all $count example validations passed"
