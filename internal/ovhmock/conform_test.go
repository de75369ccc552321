package ovhmock

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/apischema"
)

// mockEnums pairs each enumeration the mock checks or answers with the
// enumeration of the published schema it stands for ("" when the schema has
// a plain string there).
func mockEnums() []struct {
	what   string
	values []string
	schema string
} {
	var categories []string
	for _, f := range DefaultFlavors() {
		if !slices.Contains(categories, f.Category) {
			categories = append(categories, f.Category)
		}
	}
	return []struct {
		what   string
		values []string
		schema string
	}{
		{"cluster statuses (knownStatuses)", knownStatuses, "cloud.kube.ClusterStatusEnum"},
		{"node pool statuses (knownPoolStatuses)", knownPoolStatuses, "cloud.kube.NodePoolStatusEnum"},
		{"node statuses (knownNodeStatuses)", knownNodeStatuses, "cloud.kube.NodeStatusEnum"},
		{"node pool size statuses", []string{SizeUnderCapacity, SizeCapacityOK, SizeOverCapacity}, "cloud.kube.NodePoolSizeStatusEnum"},
		{"update policies", updatePolicies, "cloud.kube.UpdatePolicyEnum"},
		{"kube-proxy modes", kubeProxyModes, "cloud.kube.KubeProxyModeEnum"},
		{"upgrade strategies", updateStrategies, "cloud.kube.UpdateStrategyEnum"},
		{"reset worker node policies", workerNodePolicy, "cloud.kube.ResetWorkerNodesPolicyEnum"},
		{"ipvs schedulers", ipvsSchedulers, "cloud.kube.KubeProxyIpvsSchedulerEnum"},
		{"admission plugins", admissionPlugins, "cloud.ProjectKubeCustomizationAPIServerAdmissionPluginsEnum"},
		{"taint effects", taintEffects, "cloud.kube.TaintEffectEnum"},
		{"OIDC signing algorithms", oidcSigningAlgorithms, "cloud.kube.OpenIdConnectSigningAlgorithmsEnum"},
		{"ClusterMesh service types", ciliumServiceTypes, "cloud.ProjectKubeCustomizationCiliumClusterMeshApiServerServiceTypeEnum"},
		{"flavor states", []string{FlavorAvailable, FlavorUnavailable}, "cloud.kube.FlavorStateEnum"},
		{"versions (DefaultVersions)", DefaultVersions, "cloud.kube.VersionEnum"},
		// The default flavors use some of the categories only: compared as a subset below.
		{"flavor categories of the default flavors", categories, "cloud.kube.FlavorCategoryEnum"},
	}
}

func enumProblem(what string, values []string, schemaEnum string, subset bool, table *apischema.Table) string {
	if schemaEnum == "" {
		return fmt.Sprintf("%s: the mock has an enumeration (%s), the schema a plain string", what, strings.Join(values, ", "))
	}
	want, ok := table.Enums[schemaEnum]
	if !ok {
		return fmt.Sprintf("%s: the table has no enumeration %s", what, schemaEnum)
	}
	var extra, missing []string
	for _, v := range values {
		if !slices.Contains(want, v) {
			extra = append(extra, v)
		}
	}
	for _, v := range want {
		if !subset && !slices.Contains(values, v) {
			missing = append(missing, v)
		}
	}
	if len(extra)+len(missing) == 0 {
		return ""
	}
	sort.Strings(extra)
	return fmt.Sprintf("%s differ from %s: the mock adds [%s] and lacks [%s]", what, schemaEnum,
		strings.Join(extra, " "), strings.Join(missing, " "))
}

// TestEnumsMatchSchema compares every enumeration the mock checks or answers
// with the published schema's: the lists of statuses, policies, modes,
// strategies, versions and so on, and every enumeration of the mock's
// request schemas.
func TestEnumsMatchSchema(t *testing.T) {
	table := apischema.MustLoad()
	var problems []string
	for _, e := range mockEnums() {
		subset := strings.HasPrefix(e.what, "flavor categories")
		if p := enumProblem(e.what, e.values, e.schema, subset, table); p != "" {
			problems = append(problems, p)
		}
	}
	s := newSchemas(DefaultRegions, DefaultVersions)
	for _, root := range []*schema{s.create, s.reset, s.update, s.putCluster, s.updatePolicy, s.customization,
		s.privateNetworkConfiguration, s.loadBalancersSubnet, s.ipRestrictions, s.nodePoolCreate, s.nodePoolUpdate,
		oidcSchema(false), oidcSchema(true)} {
		// The mock's enumerations carry the schema's names.
		walkEnums(root, root.typeName, func(at string, sc *schema) {
			if p := enumProblem(at+" ("+sc.enumName+")", sc.values, sc.enumName, false, table); p != "" {
				problems = append(problems, p)
			}
		})
	}
	for _, p := range problems {
		if a, ok := apischema.Allowed(p); ok {
			t.Logf("allowed (%s: %s): %s", a.Area, a.Reason, p)
			continue
		}
		t.Error(p)
	}
}

func walkEnums(s *schema, at string, f func(string, *schema)) {
	if s == nil {
		return
	}
	if s.enumName != "" {
		f(at, s)
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range s.fields {
			if !yield(k) {
				return
			}
		}
	}) {
		walkEnums(s.fields[k], at+"."+k, f)
	}
	walkEnums(s.elem, at+"[]", f)
}
