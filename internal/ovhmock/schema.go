package ovhmock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
)

// A schema describes one request body the way the API's schema does, so that
// every request is checked before it is applied: unknown fields, wrong JSON
// types, enumerations and formats all answer 400 with the field's path.
type schema struct {
	kind     kind
	typeName string             // API type named in messages: string, uuid, duration...
	enumName string             // for enumerations: the enum type named in messages
	values   []string           // allowed values of an enumeration
	valid    func(string) bool  // extra format check of a string
	invalid  string             // message for a failed format check; default names typeName
	fields   map[string]*schema // object members
	required []string           // object members that must be present and not null
	elem     *schema            // list elements
}

type kind int

const (
	kindString kind = iota
	kindBool
	kindObject
	kindList
	kindAnyObject // accepted without looking inside (the node pool of a cluster creation)
	kindInteger
	kindNumber
	kindStringMap // an object of any keys whose values are strings
)

func str() *schema { return &schema{kind: kindString, typeName: "string"} }

func boolean() *schema { return &schema{kind: kindBool, typeName: "boolean"} }

func integer() *schema { return &schema{kind: kindInteger, typeName: "long"} }

func number() *schema { return &schema{kind: kindNumber, typeName: "double"} }

func stringMap() *schema { return &schema{kind: kindStringMap, typeName: "map[string]string"} }

func enum(name string, values ...string) *schema {
	return &schema{kind: kindString, typeName: "string", enumName: name, values: values}
}

func format(typeName string, valid func(string) bool) *schema {
	return &schema{kind: kindString, typeName: typeName, valid: valid}
}

func list(elem *schema) *schema { return &schema{kind: kindList, typeName: "list", elem: elem} }

func object(typeName string, fields map[string]*schema, required ...string) *schema {
	return &schema{kind: kindObject, typeName: typeName, fields: fields, required: required}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func validUUID(s string) bool { return uuidPattern.MatchString(s) }

func validIPv4Block(s string) bool {
	p, err := netip.ParsePrefix(s)
	return err == nil && p.Addr().Is4()
}

// validIPBlock accepts a CIDR or a bare address, as ipRestrictions does.
func validIPBlock(s string) bool {
	_, ok := canonicalIPBlock(s)
	return ok
}

func canonicalIPBlock(s string) (string, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.String(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", false
	}
	return netip.PrefixFrom(a, a.BitLen()).String(), true
}

func nonEmpty(s string) bool { return s != "" }

// decodeBody parses a request body into generic JSON (numbers kept as
// written), validates it against s and, when valid, fills out. An empty body
// counts as an empty object: go-ovh sends none when it has nothing to send.
func decodeBody(body []byte, s *schema, out any) *apiError {
	var v any = map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return badRequest("Invalid JSON received")
		}
		if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
			return badRequest("Invalid JSON received")
		}
	}
	if err := s.check("", v); err != nil {
		return err
	}
	// The value was checked member by member, so the typed decoding cannot
	// fail; going through JSON keeps the typed structs the single source of
	// field names.
	raw, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		return badRequest("Invalid JSON received")
	}
	return nil
}

// check validates v at path. JSON null is accepted everywhere and means
// "absent", except for required members.
func (s *schema) check(path string, v any) *apiError {
	if v == nil {
		return nil
	}
	switch s.kind {
	case kindString:
		str, ok := v.(string)
		if !ok {
			return s.typeError(path, v)
		}
		if s.enumName != "" && !slices.Contains(s.values, str) {
			return fieldError(path, "Given data (%s) does not belong to the %s enumeration", str, s.enumName)
		}
		if s.valid != nil && !s.valid(str) {
			if s.invalid != "" {
				return fieldError(path, "Given data (%s) %s", str, s.invalid)
			}
			return s.typeError(path, v)
		}
	case kindBool:
		if _, ok := v.(bool); !ok {
			return s.typeError(path, v)
		}
	case kindList:
		items, ok := v.([]any)
		if !ok {
			return s.typeError(path, v)
		}
		for _, item := range items {
			if item == nil {
				return s.elem.typeError(path, item)
			}
			if err := s.elem.check(path, item); err != nil {
				return err
			}
		}
	case kindAnyObject:
		if _, ok := v.(map[string]any); !ok {
			return s.typeError(path, v)
		}
	case kindInteger:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseInt(n.String(), 10, 64); !ok || err != nil {
			return s.typeError(path, v)
		}
	case kindNumber:
		n, ok := v.(json.Number)
		if _, err := n.Float64(); !ok || err != nil {
			return s.typeError(path, v)
		}
	case kindStringMap:
		members, ok := v.(map[string]any)
		if !ok {
			return s.typeError(path, v)
		}
		for _, name := range slices.Sorted(maps.Keys(members)) {
			if members[name] == nil {
				return str().typeError(join(path, name), nil)
			}
			if err := str().check(join(path, name), members[name]); err != nil {
				return err
			}
		}
	case kindObject:
		members, ok := v.(map[string]any)
		if !ok {
			return s.typeError(path, v)
		}
		for _, name := range slices.Sorted(maps.Keys(members)) {
			sub, known := s.fields[name]
			if !known {
				return fieldError(join(path, name), "Received not described parameter")
			}
			if err := sub.check(join(path, name), members[name]); err != nil {
				return err
			}
		}
		for _, name := range s.required {
			if members[name] == nil {
				return fieldError(join(path, name), "Missing required parameter")
			}
		}
	}
	return nil
}

func (s *schema) typeError(path string, v any) *apiError {
	return fieldError(path, "Given data (%s) is not valid for type %s", given(v), s.typeName)
}

// given renders a received value the way it appears in API messages: strings
// bare, anything else as compact JSON.
func given(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return "null"
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(raw)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Enumerations of the cloud.kube API.
var (
	kubeProxyModes   = []string{"iptables", "ipvs"}
	updatePolicies   = []string{"ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE"}
	updateStrategies = []string{"LATEST_PATCH", "NEXT_MINOR"}
	workerNodePolicy = []string{"delete", "reinstall"}
	ipvsSchedulers   = []string{"rr", "lc", "dh", "sh", "sed", "nq"}
	admissionPlugins = []string{"AlwaysPullImages", "NodeRestriction"}
)

// schemas holds the request schemas of one mock; regions and versions are
// configurable, so they cannot be package variables.
type schemas struct {
	create, reset, update, restart, putCluster *schema
	updatePolicy                               *schema
	customization, privateNetworkConfiguration *schema
	loadBalancersSubnet, ipRestrictions        *schema
	nodePoolCreate, nodePoolUpdate             *schema
}

func newSchemas(regions, versions []string) schemas {
	duration := format("duration", validDuration)
	admissionPlugin := enum("cloud.ProjectKubeCustomizationAPIServerAdmissionPluginsEnum", admissionPlugins...)
	customization := object("cloud.ProjectKubeCustomization", map[string]*schema{
		"apiServer": object("cloud.ProjectKubeCustomizationAPIServer", map[string]*schema{
			"admissionPlugins": object("cloud.ProjectKubeCustomizationAPIServerAdmissionPlugins", map[string]*schema{
				"enabled":  list(admissionPlugin),
				"disabled": list(admissionPlugin),
			}),
		}),
		"kubeProxy": object("cloud.ProjectKubeCustomizationKubeProxy", map[string]*schema{
			"iptables": object("cloud.ProjectKubeCustomizationKubeProxyIptables", map[string]*schema{
				"minSyncPeriod": duration,
				"syncPeriod":    duration,
			}),
			"ipvs": object("cloud.ProjectKubeCustomizationKubeProxyIpvs", map[string]*schema{
				"minSyncPeriod": duration,
				"scheduler":     enum("cloud.kube.KubeProxyIpvsSchedulerEnum", ipvsSchedulers...),
				"syncPeriod":    duration,
				"tcpFinTimeout": duration,
				"tcpTimeout":    duration,
				"udpTimeout":    duration,
			}),
		}),
		"cilium": ciliumSchema(),
	})
	// defaultVrackGateway is a plain string in the schema ("Empty string
	// means disabled"; an address that "should belong to the private
	// network"): any string is accepted.
	privateNetworkConfiguration := object("cloud.kube.PrivateNetworkConfiguration", map[string]*schema{
		"defaultVrackGateway":            str(),
		"privateNetworkRoutingAsDefault": boolean(),
	})
	ipv4Block := format("ipv4Block", validIPv4Block)
	ipAllocationPolicy := object("cloud.ProjectKubeIpAllocationPolicy", map[string]*schema{
		"podsIpv4Cidr":     ipv4Block,
		"servicesIpv4Cidr": ipv4Block,
	})
	// The region is a plain string in the schema; one the mock does not
	// serve is refused as an unknown object would be, not as a format.
	region := format("string", func(s string) bool { return slices.Contains(regions, s) })
	region.invalid = "is not an available region for Managed Kubernetes"

	// Members shared by creation and reset. privateNetworkId and
	// nodesSubnetId are plain strings in the schema, loadBalancersSubnetId a
	// uuid.
	common := func() map[string]*schema {
		return map[string]*schema{
			"name":                        str(),
			"version":                     enum("cloud.kube.VersionEnum", versions...),
			"updatePolicy":                enum("cloud.kube.UpdatePolicyEnum", updatePolicies...),
			"kubeProxyMode":               enum("cloud.kube.KubeProxyModeEnum", kubeProxyModes...),
			"customization":               customization,
			"privateNetworkId":            str(),
			"privateNetworkConfiguration": privateNetworkConfiguration,
			"nodesSubnetId":               str(),
			"loadBalancersSubnetId":       format("uuid", validUUID),
			"ipAllocationPolicy":          ipAllocationPolicy,
		}
	}
	create := common()
	create["region"] = region
	// plan is a plain string in the schema, with no enumeration: any
	// string is accepted and stored; only "standard" gets the Standard
	// plan's features (Cilium, floating IPs).
	create["plan"] = str()
	create["nodepool"] = &schema{kind: kindAnyObject, typeName: "cloud.ProjectKubeCreationNodePool"}
	create["nodepools"] = list(&schema{kind: kindAnyObject, typeName: "cloud.ProjectKubeCreationNodePool"})
	reset := common()
	reset["workerNodesPolicy"] = enum("cloud.kube.ResetWorkerNodesPolicyEnum", workerNodePolicy...)

	return schemas{
		create: object("cloud.ProjectKubeCreation", create, "region"),
		reset:  object("cloud.ProjectKubeResetCreation", reset),
		// strategy is optional and force "Deprecated, has no effect".
		update: object("cloud.ProjectKubeUpdateCreation", map[string]*schema{
			"strategy": enum("cloud.kube.UpdateStrategyEnum", updateStrategies...),
			"force":    boolean(),
		}),
		// force is the only member, nullable and not required.
		restart: object("cloud.ProjectKubeRestart", map[string]*schema{
			"force": boolean(),
		}),
		putCluster: object("cloud.ProjectKubeUpdate", map[string]*schema{
			"name":         str(),
			"updatePolicy": enum("cloud.kube.UpdatePolicyEnum", updatePolicies...),
		}),
		updatePolicy: object("cloud.ProjectKubeUpdatePolicyUpdate", map[string]*schema{
			"updatePolicy": enum("cloud.kube.UpdatePolicyEnum", updatePolicies...),
		}, "updatePolicy"),
		customization:               customization,
		privateNetworkConfiguration: privateNetworkConfiguration,
		// A nullable uuid, required by nothing: null unsets the subnet.
		loadBalancersSubnet: object("cloud.ProjectKubeUpdateLoadBalancersSubnetId", map[string]*schema{
			"loadBalancersSubnetId": format("uuid", validUUID),
		}),
		// ips is not required: a body without it is an empty list.
		ipRestrictions: object("cloud.ProjectKubeIpRestrictionUpsert", map[string]*schema{
			"ips": list(format("ipBlock", validIPBlock)),
		}),
		nodePoolCreate: nodePoolCreateSchema(),
		nodePoolUpdate: nodePoolUpdateSchema(),
	}
}
