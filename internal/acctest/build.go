package acctest

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The provider addresses that `make install` lays out in its mirror: this
// provider's own, and the official one's, which it can stand in for.
const (
	// OwnAddress is this provider's address.
	OwnAddress = "mkscloud/ovh"
	// OfficialAddress is the official provider's address.
	OfficialAddress = "ovh/ovh"
)

// registryHosts are the registry hosts of the mirror, Terraform's and
// OpenTofu's.
var registryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// BuildProvider builds the provider binary to output, stamped with version
// unless it is empty.
func BuildProvider(output, version string) error {
	args := []string{"build"}
	if version != "" {
		args = append(args, "-ldflags", "-X main.version="+version)
	}
	args = append(args, "-o", output, "github.com/mkscloud/terraform-provider-ovh")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

// release is the provider binary stamped with the current release, built
// once per test binary into a directory that outlives each test.
var release struct {
	once    sync.Once
	dir     string
	version string
	err     error
}

// currentRelease is the first version heading of CHANGELOG.md, which
// `make install` stamps too, read from the test's package directory two
// levels below the root of the module.
func currentRelease() (string, error) {
	changelog, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^## ([0-9]+\.[0-9]+\.[0-9]+\S*)`).FindSubmatch(changelog)
	if m == nil {
		return "", fmt.Errorf("no version heading (## 1.2.3 ...) in CHANGELOG.md")
	}
	return string(m[1]), nil
}

// buildRelease builds the release binary into a directory of its own, which
// outlives the test that asks for it first, and returns the directory and
// the release.
func buildRelease() (dir, version string, err error) {
	if version, err = currentRelease(); err != nil {
		return "", "", err
	}
	if dir, err = os.MkdirTemp("", "e2e-release-"); err != nil {
		return "", "", err
	}
	return dir, version, BuildProvider(filepath.Join(dir, "terraform-provider-ovh"), version)
}

// ReleaseBinary returns the path of the provider binary stamped with the
// current release, and that version. It is built once per test binary: the
// package's TestMain removes it with RemoveBuilds.
func ReleaseBinary(tb testing.TB) (path, version string) {
	tb.Helper()
	release.once.Do(func() { release.dir, release.version, release.err = buildRelease() })
	if release.err != nil {
		tb.Fatal(release.err)
	}
	return filepath.Join(release.dir, "terraform-provider-ovh"), release.version
}

// ReleaseDir returns the directory of the release binary (ReleaseBinary),
// for dev_overrides.
func ReleaseDir(tb testing.TB) string {
	tb.Helper()
	path, _ := ReleaseBinary(tb)
	return filepath.Dir(path)
}

// RemoveBuilds removes what ReleaseBinary built, if anything. A package
// whose tests use it calls RemoveBuilds from its TestMain once every test
// has run.
func RemoveBuilds() {
	if release.dir != "" {
		_ = os.RemoveAll(release.dir)
	}
}

// NewMirror lays out the release binary in a filesystem mirror of its own,
// for both registry hosts and both addresses (OwnAddress, OfficialAddress),
// as `make install` does, and returns the mirror and the release.
func NewMirror(tb testing.TB) (dir, version string) {
	tb.Helper()
	binary, version := ReleaseBinary(tb)
	dir = tb.TempDir()
	for _, host := range registryHosts {
		for _, address := range []string{OwnAddress, OfficialAddress} {
			platform := filepath.Join(dir, host, address, version, goOSArch(tb))
			if err := os.MkdirAll(platform, 0o755); err != nil {
				tb.Fatal(err)
			}
			linkOrCopy(tb, binary, filepath.Join(platform, "terraform-provider-ovh_v"+version))
		}
	}
	return dir, version
}

func goOSArch(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "env", "GOOS", "GOARCH").Output()
	if err != nil {
		tb.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		tb.Fatalf("go env GOOS GOARCH: %q", out)
	}
	return f[0] + "_" + f[1]
}

// linkOrCopy hard-links from to to, or copies it where links are refused.
func linkOrCopy(tb testing.TB, from, to string) {
	tb.Helper()
	if os.Link(from, to) == nil {
		return
	}
	src, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		tb.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		tb.Fatal(err)
	}
}
