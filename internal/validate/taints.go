package validate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// taintEffects are the effects of a Kubernetes taint.
var taintEffects = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}

// Taints checks each taint of a list of maps: only key, value and effect (the
// provider's own shape of a taint); a key and an effect, as the schema
// requires; an effect of the schema's enumeration; and, with a warning, a
// qualified key.
type Taints struct{}

func (Taints) Description(context.Context) string {
	return "each taint has a key, an optional value and an effect among " + strings.Join(taintEffects, ", ")
}

func (v Taints) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (Taints) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for i, e := range req.ConfigValue.Elements() {
		m, ok := e.(types.Map)
		if !ok || m.IsNull() || m.IsUnknown() {
			continue
		}
		p := req.Path.AtListIndex(i)
		elems := m.Elements()
		var keys []string
		for k := range elems {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if k != "key" && k != "value" && k != "effect" {
				resp.Diagnostics.AddAttributeError(p, "Invalid taint",
					fmt.Sprintf("Attribute %s: unknown key %q; a taint has only key, value and effect. For example: "+
						"{ key = \"dedicated\", value = \"gpu\", effect = \"NoSchedule\" }.", p, k))
			}
		}
		str := func(k string) (string, bool) {
			s, ok := elems[k].(types.String)
			if !ok || s.IsNull() || s.IsUnknown() {
				return "", false
			}
			return s.ValueString(), true
		}
		key, hasKey := str("key")
		if !hasKey {
			if _, unknown := elems["key"]; !unknown {
				resp.Diagnostics.AddAttributeError(p, "Invalid taint", fmt.Sprintf("Attribute %s: key is missing. For example: "+
					"{ key = \"dedicated\", value = \"gpu\", effect = \"NoSchedule\" }.", p))
			}
		} else {
			// The key's syntax is Kubernetes' rule, not the schema's (a
			// string): a warning. A missing key or effect, and an effect
			// out of cloud.kube.TaintEffectEnum, the schema refuses.
			var kr validator.StringResponse
			Advisory{QualifiedName{}}.ValidateString(ctx, validator.StringRequest{Path: p.AtMapKey("key"), ConfigValue: types.StringValue(key)}, &kr)
			resp.Diagnostics.Append(kr.Diagnostics...)
		}
		effect, hasEffect := str("effect")
		switch {
		case !hasEffect:
			if _, unknown := elems["effect"]; !unknown {
				resp.Diagnostics.AddAttributeError(p, "Invalid taint", fmt.Sprintf("Attribute %s: effect is missing; it is one of %s.",
					p, quoteList(taintEffects)))
			}
		case !slices.Contains(taintEffects, effect):
			resp.Diagnostics.AddAttributeError(p.AtMapKey("effect"), "Invalid taint",
				fmt.Sprintf("Attribute %s: effect %q is not one of %s.", p.AtMapKey("effect"), effect, quoteList(taintEffects)))
		}
	}
}
