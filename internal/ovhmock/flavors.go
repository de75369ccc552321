package ovhmock

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Flavor is an entry of GET /flavors: a machine type node pools can use.
type Flavor struct {
	Name     string `json:"name"`
	Category string `json:"category"` // b, c, d, g, i, r or t: the first letter of the name
	State    string `json:"state"`    // FlavorAvailable or FlavorUnavailable
	VCPUs    int    `json:"vCPUs"`
	RAM      int    `json:"ram"` // GB
	GPUs     int    `json:"gpus"`
}

// Values of Flavor.State. Creating a node pool of an unavailable flavor is
// refused.
const (
	FlavorAvailable   = "available"
	FlavorUnavailable = "unavailable"
)

// flavorCatalogue holds the specifications of the usual flavors, so that a
// list of names (cmd/ovhmock -flavors) gets plausible values.
var flavorCatalogue = []Flavor{
	{Name: "b2-7", VCPUs: 2, RAM: 7},
	{Name: "b2-15", VCPUs: 4, RAM: 15},
	{Name: "b3-8", VCPUs: 2, RAM: 8},
	{Name: "b3-16", VCPUs: 4, RAM: 16},
	{Name: "c3-4", VCPUs: 2, RAM: 4},
	{Name: "c3-8", VCPUs: 4, RAM: 8},
	{Name: "d2-4", VCPUs: 2, RAM: 4},
	{Name: "d2-8", VCPUs: 4, RAM: 8},
	{Name: "r3-16", VCPUs: 2, RAM: 16},
	{Name: "t1-45", VCPUs: 8, RAM: 45, GPUs: 1},
}

// DefaultFlavors returns the flavors of every region when Options.Flavors is
// empty.
func DefaultFlavors() []Flavor {
	out := slices.Clone(flavorCatalogue)
	for i := range out {
		out[i] = out[i].withDefaults()
	}
	return out
}

// FlavorsNamed returns available flavors of the given names, with the
// specifications of DefaultFlavors for the names it has. Other names get
// their RAM from the number after the last "-" ("x9-30": 30 GB), a vCPU
// per 4 GB (at least one) and, in category t, one GPU.
func FlavorsNamed(names ...string) []Flavor {
	out := make([]Flavor, 0, len(names))
	for _, name := range names {
		i := slices.IndexFunc(flavorCatalogue, func(f Flavor) bool { return f.Name == name })
		if i >= 0 {
			out = append(out, flavorCatalogue[i].withDefaults())
			continue
		}
		f := Flavor{Name: name}
		if _, size, ok := cutLast(name, "-"); ok {
			f.RAM, _ = strconv.Atoi(size)
		}
		f.VCPUs = max(1, f.RAM/4)
		if strings.HasPrefix(name, "t") {
			f.GPUs = 1
		}
		out = append(out, f.withDefaults())
	}
	return out
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func (f Flavor) withDefaults() Flavor {
	if f.Category == "" && f.Name != "" {
		f.Category = f.Name[:1]
	}
	f.State = cmpOr(f.State, FlavorAvailable)
	return f
}

func (o Options) validateFlavors() []error {
	var errs []error
	check := func(where string, list []Flavor) {
		seen := map[string]bool{}
		for _, f := range list {
			switch {
			case f.Name == "":
				errs = append(errs, fmt.Errorf("%s: a flavor has no name", where))
			case seen[f.Name]:
				errs = append(errs, fmt.Errorf("%s: flavor %s is listed twice", where, f.Name))
			case f.State != "" && f.State != FlavorAvailable && f.State != FlavorUnavailable:
				errs = append(errs, fmt.Errorf("%s: flavor %s has state %q, not %s or %s", where, f.Name, f.State, FlavorAvailable, FlavorUnavailable))
			}
			seen[f.Name] = true
		}
	}
	check("flavors", o.Flavors)
	regions := cmpOr(o.Regions, DefaultRegions)
	for _, region := range slices.Sorted(maps.Keys(o.RegionFlavors)) {
		if !slices.Contains(regions, region) {
			errs = append(errs, fmt.Errorf("flavors of region %s: not an accepted region", region))
		}
		check("flavors of region "+region, o.RegionFlavors[region])
	}
	return errs
}

// withFlavorDefaults returns copies the caller cannot change behind the
// mock's back, with every default filled.
func withFlavorDefaults(all []Flavor, regional map[string][]Flavor) ([]Flavor, map[string][]Flavor) {
	fill := func(list []Flavor) []Flavor {
		out := make([]Flavor, len(list))
		for i, f := range list {
			out[i] = f.withDefaults()
		}
		return out
	}
	if len(all) == 0 {
		all = DefaultFlavors()
	}
	out := map[string][]Flavor{}
	for region, list := range regional {
		out[region] = fill(list)
	}
	return fill(all), out
}

// flavorsOf returns the flavors of a region.
func (m *Mock) flavorsOf(region string) []Flavor {
	if list, ok := m.opts.RegionFlavors[region]; ok {
		return list
	}
	return m.opts.Flavors
}

func (m *Mock) getFlavors(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	return slices.Clone(m.flavorsOf(cs.c.Region)), nil
}

// multiZoneRegions are the 3-AZ regions, whose node pools must name exactly
// one of the region's zones; pools of other regions take none.
var multiZoneRegions = []string{"EU-WEST-PAR", "EU-SOUTH-MIL"}

// zonesOf returns the availability zones of a region, nil for a 1-AZ one.
func zonesOf(region string) []string {
	if !slices.Contains(multiZoneRegions, region) {
		return nil
	}
	base := strings.ToLower(region)
	return []string{base + "-a", base + "-b", base + "-c"}
}
