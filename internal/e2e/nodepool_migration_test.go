package e2e

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccE2E_officialProviderNodePoolState takes over a cluster and two node
// pools from a state written by the official provider, with the
// configuration its user has: the first plan replaces nothing, neither it
// nor the apply sends anything but GETs, the mock's pools are untouched, and
// the plan after one apply is empty. A Free cluster's pools have no
// floating IP setting; a Standard cluster's pools have {enabled: false},
// which the configuration leaves out.
func TestAccE2E_officialProviderNodePoolState(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	host := acctest.ProviderHost()
	creds := acctest.MockCredentials
	for _, tt := range []struct {
		plan string
		fips *ovhmock.AttachFloatingIPs // as the API answers it
		// fipsState is attach_floating_ips in the official state.
		fipsState string
	}{
		{plan: "free", fipsState: "[]"},
		{plan: "standard", fips: &ovhmock.AttachFloatingIPs{Enabled: false}, fipsState: `[{"enabled": false}]`},
	} {
		t.Run(tt.plan, func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{})
			acctest.SeedOfficialPools(t, m, tt.plan, tt.fips)
			seeded := m.NodePools(ovhmock.DefaultProject, acctest.MigratedPoolClusterID)
			endpoint := acctest.ServeMock(t, m)

			w := acctest.NewWorkdir(t, binary, providerDir, endpoint, fmt.Sprintf(acctest.OfficialPoolsConfig, ovhmock.DefaultProject, tt.plan))
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, filepath.Join(w.Dir, "terraform.tfstate"), acctest.OfficialPoolsState(t, host, tt.plan, tt.fipsState))

			readsPools := func(log []ovhmock.Request) error {
				read := map[string]bool{}
				for _, r := range log {
					if strings.HasSuffix(r.Route, "/nodepool/{nodePoolId}") {
						read[r.Path[strings.LastIndex(r.Path, "/")+1:]] = true
					}
				}
				if !read[acctest.MigratedBackendPoolID] || !read[acctest.MigratedWorkersPoolID] {
					return fmt.Errorf("did not read both node pools: read %v", read)
				}
				return nil
			}
			takeOver(t, m, w, creds, "the official state", readsPools, func() error {
				if after := m.NodePools(ovhmock.DefaultProject, acctest.MigratedPoolClusterID); !reflect.DeepEqual(after, seeded) {
					return fmt.Errorf("the mock's node pools changed:\nbefore: %+v\nafter:  %+v", seeded, after)
				}
				return nil
			})
		})
	}
}
