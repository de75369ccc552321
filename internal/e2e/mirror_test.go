package e2e

import (
	"encoding/json"
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

// Registry hosts and provider addresses, as `make install` lays out its mirror:
// this provider's own address and the official one's, which it can stand in for.
var (
	registryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}
	ownAddress    = "mkscloud/ovh"
	officialAddr  = "ovh/ovh"
)

// release is the provider binary stamped with the current release, built
// once per test binary, for the tests that install it from a mirror.
var release struct {
	once    sync.Once
	dir     string
	version string
	err     error
}

// TestMain gives the release binary a directory that outlives each test
// and is removed once every test has run.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "e2e-release-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	release.dir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// currentRelease is the first version heading of CHANGELOG.md, which
// `make install` stamps too.
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

// releaseBinary returns the path of the provider binary stamped with the
// current release, and that version.
func releaseBinary(t *testing.T) (path, version string) {
	t.Helper()
	release.once.Do(func() {
		if release.version, release.err = currentRelease(); release.err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-ldflags", "-X main.version="+release.version,
			"-o", filepath.Join(release.dir, "terraform-provider-ovh"), "github.com/mkscloud/terraform-provider-ovh")
		if out, err := cmd.CombinedOutput(); err != nil {
			release.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if release.err != nil {
		t.Fatal(release.err)
	}
	return filepath.Join(release.dir, "terraform-provider-ovh"), release.version
}

// newMirror lays out the release binary in a filesystem mirror of its own,
// for both registry hosts and both addresses, as `make install` does.
func newMirror(t *testing.T) (dir, version string) {
	t.Helper()
	binary, version := releaseBinary(t)
	dir = t.TempDir()
	for _, host := range registryHosts {
		for _, address := range []string{ownAddress, officialAddr} {
			platform := filepath.Join(dir, host, address, version, goOSArch(t))
			if err := os.MkdirAll(platform, 0o755); err != nil {
				t.Fatal(err)
			}
			linkOrCopy(t, binary, filepath.Join(platform, "terraform-provider-ovh_v"+version))
		}
	}
	return dir, version
}

func goOSArch(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOOS", "GOARCH").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("go env GOOS GOARCH: %q", out)
	}
	return f[0] + "_" + f[1]
}

// linkOrCopy hard-links from to to, or copies it where links are refused.
func linkOrCopy(t *testing.T, from, to string) {
	t.Helper()
	if os.Link(from, to) == nil {
		return
	}
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// newMirrorWorkdir is a working directory whose CLI installs every provider
// from mirror, with init and a lock file, as users of an unpublished
// provider do; nothing comes from a registry.
func newMirrorWorkdir(t *testing.T, binary, mirror, endpoint, mainTF string) *workdir {
	t.Helper()
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	write(t, rc, fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror))
	write(t, filepath.Join(dir, "main.tf"), mainTF)
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "OVH_ENDPOINT=" + endpoint}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "OVH_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return &workdir{t: t, bin: binary, dir: dir, env: env}
}

// lockedProviders reads the provider addresses and versions of the working
// directory's lock file.
func lockedProviders(t *testing.T, w *workdir) map[string]string {
	t.Helper()
	lock, err := os.ReadFile(filepath.Join(w.dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("no lock file after init: %v", err)
	}
	locked := map[string]string{}
	re := regexp.MustCompile(`(?s)provider "([^"]+)" \{\s*version\s*=\s*"([^"]+)"\s*(?:constraints\s*=\s*"[^"]*"\s*)?hashes\s*=\s*\[\s*"h1:`)
	for _, m := range re.FindAllStringSubmatch(string(lock), -1) {
		locked[m[1]] = m[2]
	}
	return locked
}

// stateProviders maps the address of every resource in the state to the
// provider that manages it, read from terraform.tfstate rather than through
// `show -json`, which would start every provider once more.
func stateProviders(t *testing.T, w *workdir) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Mode     string `json:"mode"`
			Type     string `json:"type"`
			Name     string `json:"name"`
			Provider string `json:"provider"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatalf("terraform.tfstate: %v", err)
	}
	providers := map[string]string{}
	for _, r := range state.Resources {
		address := r.Type + "." + r.Name
		if r.Mode == "data" {
			address = "data." + address
		}
		// provider["registry.terraform.io/mkscloud/ovh"], or with an alias after it.
		fqn, _, _ := strings.Cut(strings.TrimPrefix(r.Provider, `provider["`), `"]`)
		providers[address] = fqn
	}
	return providers
}
