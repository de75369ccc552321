#!/usr/bin/env bash
# Installs the provider into a local filesystem mirror (`make install`) and prints
# the CLI configuration block that makes Terraform and OpenTofu take it from there.
#
#   VERSION=0.1.0 MIRROR=~/.terraform.d/mkscloud-mirror scripts/install.sh
#
# The binary is laid out for both registry hosts (registry.terraform.io for
# Terraform, registry.opentofu.org for OpenTofu) and both addresses: mkscloud/ovh,
# this provider's own, and ovh/ovh, for configurations that replace the official
# provider with it:
#
#   MIRROR/HOST/NAMESPACE/ovh/VERSION/OS_ARCH/terraform-provider-ovh_vVERSION
#
# VERSION should be a release (1.2.3): without an exact version constraint, init
# never selects a pre-release (1.2.3-dev) and answers "no available releases match
# the given constraints". Go builds are reproducible: installing the
# same version from the same checkout again keeps the checksums of lock files valid.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

version=${VERSION:-}
mirror=${MIRROR:-}
[ -n "$version" ] || die "VERSION is not set (make install sets it from CHANGELOG.md)"
[ -n "$mirror" ] || die "MIRROR is not set (make install defaults it to \$HOME/.terraform.d/mkscloud-mirror)"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
	die "VERSION \"$version\" is not a version such as 1.2.3 or 1.2.3-rc1"

mkdir -p "$mirror"
mirror=$(cd "$mirror" && pwd)
os_arch="$(go env GOOS)_$(go env GOARCH)"
hosts=(registry.terraform.io registry.opentofu.org)
addresses=(mkscloud/ovh ovh/ovh)

first=
for host in "${hosts[@]}"; do
	for address in "${addresses[@]}"; do
		dir="$mirror/$host/$address/$version/$os_arch"
		mkdir -p "$dir"
		file="$dir/terraform-provider-ovh_v$version"
		if [ -z "$first" ]; then
			(cd "$ROOT" && go build -ldflags "-X main.version=$version" -o "$file" .) ||
				die "building the provider failed"
			first=$file
		else
			rm -f "$file"
			ln "$first" "$file" 2>/dev/null || cp "$first" "$file"
		fi
		echo "installed $file"
	done
done

# Both hosts, so that one CLI configuration serves Terraform and OpenTofu.
include="\"registry.terraform.io/mkscloud/ovh\", \"registry.opentofu.org/mkscloud/ovh\""
cat <<EOF

Provider $version installed into the filesystem mirror $mirror.
Use it with this CLI configuration (in ~/.terraformrc, ~/.tofurc, or a file named
by TF_CLI_CONFIG_FILE), and source = "mkscloud/ovh" in required_providers:

provider_installation {
  # mkscloud/ovh from the local mirror, every other provider from its registry.
  # To replace the official provider (source = "ovh/ovh") with this one too, add
  # "registry.terraform.io/ovh/ovh", "registry.opentofu.org/ovh/ovh" to both lists.
  filesystem_mirror {
    path    = "$mirror"
    include = [$include]
  }
  direct {
    exclude = [$include]
  }
}
EOF
if [[ $version == *-* ]]; then
	cat <<EOF

$version is a pre-release: init selects it only with the exact constraint
version = "$version" in required_providers.
EOF
fi
