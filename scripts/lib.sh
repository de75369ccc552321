# Helpers shared by the scripts in this directory; sourced, not run.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/bin"
TOFU="$BIN/tofu"
PROVIDER_SOURCE="ovh/ovh"

# step prints a header that stands out in long logs.
step() {
	printf '\n==> %s\n' "$*"
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# need_tools builds the named bin/ files (e.g. bin/tofu) through GNUmakefile,
# which knows when each is out of date.
need_tools() {
	make --no-print-directory -s -C "$ROOT" "$@"
}

# build_provider builds bin/terraform-provider-ovh through GNUmakefile, the one
# place that holds its version default and link flags (VERSION=... overrides).
build_provider() {
	need_tools bin/terraform-provider-ovh || die "building the provider failed"
}

# build_mock builds bin/ovhmock, the mock OVHcloud API server.
build_mock() {
	need_tools bin/ovhmock || die "building the mock failed"
}

# write_cli_config FILE writes a CLI configuration that takes ovh/ovh and the
# provider's own address, mkscloud/ovh, from bin/ instead of a registry. It is used through TF_CLI_CONFIG_FILE only, so the
# user's own ~/.terraformrc and TF_CLI_CONFIG_FILE are never read or changed.
write_cli_config() {
	cat >"$1" <<EOF
provider_installation {
  dev_overrides {
    "$PROVIDER_SOURCE" = "$BIN"
    "mkscloud/ovh" = "$BIN"
  }
  direct {}
}
EOF
}

# required_providers prints a terraform block that declares the ovh provider.
required_providers() {
	cat <<EOF
terraform {
  required_providers {
    ovh = {
      source = "$PROVIDER_SOURCE"
    }
  }
}
EOF
}

# write_required_providers FILE declares the ovh provider for a scratch module.
write_required_providers() {
	required_providers >"$1"
}

# edit FILE SED-ARGS... edits FILE in place with sed -E (GNU and BSD sed differ on -i).
edit() {
	local file=$1
	shift
	sed -E "$@" "$file" >"$file.tmp" && mv "$file.tmp" "$file"
}

# cli_list prints the CLIs to check with: OpenTofu always, Terraform when present.
cli_list() {
	printf '%s\n' "$TOFU"
	if command -v terraform >/dev/null 2>&1; then
		command -v terraform
	fi
}
