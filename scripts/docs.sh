#!/usr/bin/env bash
# Renders docs/ with tfplugindocs from the provider schema, templates/ and examples/.
#
#   scripts/docs.sh           regenerate docs/ (what `make docs` runs)
#   scripts/docs.sh --check   render into a scratch directory and fail if docs/ differs,
#                             then run tfplugindocs validate on docs/
#
# tfplugindocs would otherwise build the provider and run (or download) Terraform to
# read the schema. Here the schema comes from OpenTofu built in bin/, loading the
# provider through dev_overrides, so nothing is downloaded and any terraform on PATH
# is not used.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=false
case "${1:-}" in
"") ;;
--check) check=true ;;
*) die "usage: $0 [--check]" ;;
esac

need_tools bin/tofu bin/tfplugindocs
build_provider

scratch="$ROOT/.scratch/docs"
rm -rf "$scratch"
mkdir -p "$scratch/module"
trap 'rm -rf "$scratch"' EXIT

write_cli_config "$scratch/cli.tfrc"
write_required_providers "$scratch/module/main.tf"

# The schema is keyed by the full source address (registry.opentofu.org/ovh/ovh);
# tfplugindocs looks the provider up by its short name only.
(cd "$scratch/module" && TF_CLI_CONFIG_FILE="$scratch/cli.tfrc" "$TOFU" providers schema -json) >"$scratch/raw.json"
sed -E 's#"[A-Za-z0-9.-]+/ovh/ovh"#"ovh"#' "$scratch/raw.json" >"$scratch/schema.json"
grep -q '"ovh":' "$scratch/schema.json" || die "no ovh provider in the schema from '$TOFU providers schema -json'"
# The actions (Terraform 1.14) are not in the schema of the CLIs at hand: add them from
# the provider's own server (scripts/schemajson), so that their pages render as the others.
(cd "$ROOT" && go run ./scripts/schemajson "$scratch/schema.json") || die "adding the action schemas failed"

# --rendered-website-dir is relative to the provider directory (the repository root).
if $check; then
	out=.scratch/docs/rendered
else
	out=docs
fi

generated=$(
	cd "$ROOT" && "$BIN/tfplugindocs" generate \
		--provider-name ovh \
		--providers-schema "$scratch/schema.json" \
		--rendered-website-dir "$out" \
		--examples-dir examples \
		--website-source-dir templates \
		--website-temp-dir "$scratch/website" 2>&1
) || {
	printf '%s\n' "$generated" >&2
	die "tfplugindocs generate failed"
}

if ! $check; then
	echo "docs/ regenerated"
	exit 0
fi

if ! diff -ru "$ROOT/docs" "$ROOT/$out"; then
	die "docs/ is stale: run make docs (the diff above is docs/ -> freshly rendered)"
fi
echo "docs/ is up to date"

# The registry's own checks: front matter, directory layout, one page per resource.
validated=$(cd "$ROOT" && "$BIN/tfplugindocs" validate --provider-name ovh --providers-schema "$scratch/schema.json" 2>&1) || {
	printf '%s\n' "$validated" >&2
	die "tfplugindocs validate failed on docs/"
}
echo "docs/ passes tfplugindocs validate"
