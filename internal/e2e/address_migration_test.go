package e2e

import (
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccE2E_addressMigration moves a cluster and its two node pools, from a
// state the official provider wrote under ovh/ovh, to this provider's own
// address, mkscloud/ovh, both ways the migration guide documents:
//   - the whole configuration: source = "mkscloud/ovh" for the local name ovh,
//     `state replace-provider ovh/ovh mkscloud/ovh`, init;
//   - resource by resource: the official provider stays as ovh, this one is
//     added as mks, and the moved resources say provider = mks.
//
// Either way init installs from the mirror, nothing is replaced, no step
// writes to the API, the pools are as they were, the plan after one apply is
// empty, and the state holds every resource under mkscloud/ovh.
func TestAccE2E_addressMigration(t *testing.T) {
	binary := acctest.CLI(t)
	mirror, version := acctest.NewMirror(t)
	host := acctest.ProviderHost()
	official := fmt.Sprintf(acctest.OfficialPoolsConfig, ovhmock.DefaultProject, "free")
	if !strings.Contains(official, `ovh = { source = "ovh/ovh" }`) {
		t.Fatal("acctest.OfficialPoolsConfig no longer declares ovh/ovh as expected: the edits below would do nothing")
	}
	byResource := regexp.MustCompile(`(?m)^(resource "[^"]+" "[^"]+" \{\n)`).ReplaceAllString(
		strings.Replace(official, `ovh = { source = "ovh/ovh" }`,
			`ovh = { source = "ovh/ovh" }`+"\n    "+`mks = { source = "mkscloud/ovh" }`, 1),
		"${1}  provider = mks\n\n")

	for _, tt := range []struct {
		name   string
		config string
		// steps are run, in order, before the first plan.
		steps  [][]string
		locked map[string]string
	}{
		{
			name:   "state replace-provider",
			config: strings.Replace(official, `source = "ovh/ovh"`, `source = "mkscloud/ovh"`, 1),
			steps: [][]string{
				{"state", "replace-provider", "-auto-approve", "-no-color", acctest.OfficialAddress, acctest.OwnAddress},
				{"init", "-input=false", "-no-color"},
			},
			locked: map[string]string{host + "/" + acctest.OwnAddress: version},
		},
		{
			name:   "provider = mks",
			config: byResource,
			steps:  [][]string{{"init", "-input=false", "-no-color"}},
			locked: map[string]string{host + "/" + acctest.OfficialAddress: version, host + "/" + acctest.OwnAddress: version},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if strings.Count(tt.config, "mkscloud/ovh") != 1 {
				t.Fatalf("the configuration does not declare mkscloud/ovh once:\n%s", tt.config)
			}
			m := ovhmock.New(ovhmock.Options{})
			acctest.SeedOfficialPools(t, m, "free", nil)
			seeded := m.NodePools(ovhmock.DefaultProject, acctest.MigratedPoolClusterID)
			endpoint := acctest.ServeMock(t, m)
			w := acctest.NewMirrorWorkdir(t, binary, mirror, endpoint, tt.config)
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, w.Dir+"/terraform.tfstate", acctest.OfficialPoolsState(t, host, "free", "[]"))

			for _, step := range tt.steps {
				w.Run(nil, step...)
			}
			if log := m.Requests(); len(log) != 0 {
				t.Fatalf("%v called the API: %v", tt.steps, log)
			}
			if got := acctest.LockedProviders(t, w); !maps.Equal(got, tt.locked) {
				t.Fatalf("lock file after init: got %v, want %v", got, tt.locked)
			}

			takeOver(t, m, w, acctest.MockCredentials, "the official state", readsClusterAndPools, func() error {
				if after := m.NodePools(ovhmock.DefaultProject, acctest.MigratedPoolClusterID); !reflect.DeepEqual(after, seeded) {
					return fmt.Errorf("the mock's node pools changed:\nbefore: %+v\nafter:  %+v", seeded, after)
				}
				return nil
			})

			want := map[string]string{}
			for _, r := range []string{"ovh_cloud_project_kube.my_cluster",
				"ovh_cloud_project_kube_nodepool.backend", "ovh_cloud_project_kube_nodepool.workers"} {
				want[r] = host + "/" + acctest.OwnAddress
			}
			if got := acctest.StateProviders(t, w); !maps.Equal(got, want) {
				t.Fatalf("providers in state after the migration: got %v, want %v", got, want)
			}
		})
	}
}

// readsClusterAndPools checks that a step read the migrated cluster and both
// of its node pools.
func readsClusterAndPools(log []ovhmock.Request) error {
	read := map[string]bool{}
	for _, r := range log {
		switch r.Route {
		case acctest.RouteKube, acctest.RouteNodePool:
			read[r.Path[strings.LastIndex(r.Path, "/")+1:]] = true
		}
	}
	for _, id := range []string{acctest.MigratedPoolClusterID, acctest.MigratedBackendPoolID, acctest.MigratedWorkersPoolID} {
		if !read[id] {
			return fmt.Errorf("did not read %s: read %v", id, read)
		}
	}
	return nil
}

// TestMigrationGuideCommands checks that the migration guide documents what
// TestAccE2E_addressMigration runs: the state command and the two
// configuration changes.
func TestMigrationGuideCommands(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/migration.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`terraform state replace-provider ` + acctest.OfficialAddress + ` ` + acctest.OwnAddress + `\n`,
		`ovh = \{\s*source = "` + acctest.OwnAddress + `"`,
		`mks = \{\s*source = "` + acctest.OwnAddress + `"`,
		`provider = mks\n`,
	} {
		if !regexp.MustCompile(want).Match(guide) {
			t.Errorf("the migration guide does not say %s", want)
		}
	}
}
