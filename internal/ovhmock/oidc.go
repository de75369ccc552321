package ovhmock

// The OIDC configuration of a cluster's API server (API-MKS.md §3):
// GET, POST, PUT and DELETE /cloud/project/{serviceName}/kube/{kubeId}/openIdConnect,
// one configuration per cluster.
//
// Choices where the public sources are silent: a POST on a cluster that
// already has a configuration is a 409; GET, PUT and DELETE on one that has
// none are 404s; every change needs a READY cluster (409 otherwise), then
// puts it in REDEPLOYING for Timings.Redeploy (or in the status
// SetOIDCLifecycle chooses), which reads of the cluster may not show for a
// while (Timings.StaleStatus); the configuration is stored as sent, lists that
// are left out or null read back as []; a PUT, whose schema requires no
// member, changes the members it sends and keeps the others, and answers
// no body; a reset keeps it. The schema makes every member a plain string
// or a list of strings (signingAlgorithms an enumeration): the mock checks
// nothing more, but that claim lists hold no empty string, which users saw
// the API refuse (ovh/terraform-provider-ovh #653). The state file does not
// keep the configuration.

import (
	"fmt"
	"slices"
	"time"
)

// OpenIDConnect is the mock's model of a cluster's OIDC configuration; its
// JSON form is the API's.
type OpenIDConnect struct {
	IssuerURL         string   `json:"issuerUrl"`
	ClientID          string   `json:"clientId"`
	UsernameClaim     string   `json:"usernameClaim"`
	UsernamePrefix    string   `json:"usernamePrefix"`
	GroupsClaim       []string `json:"groupsClaim"`
	GroupsPrefix      string   `json:"groupsPrefix"`
	RequiredClaim     []string `json:"requiredClaim"`
	SigningAlgorithms []string `json:"signingAlgorithms"`
	CAContent         string   `json:"caContent"`
}

// OIDCLifecycle is how a cluster goes through the changes of its OIDC
// configuration.
type OIDCLifecycle struct {
	// Creation is the status a POST puts the cluster in: REDEPLOYING when
	// empty, or INSTALLING, which users reported (ovh/terraform-provider-ovh
	// #1173), or UPDATING. PUT and DELETE always use REDEPLOYING.
	Creation string
	// End is the status every change ends in: READY when empty, or a
	// failed status such as ERROR.
	End string
}

// oidcState is what clusterState holds of OIDC.
type oidcState struct {
	config    *OpenIDConnect
	lifecycle OIDCLifecycle
}

// oidcSigningAlgorithms are the algorithms the API's enumeration lists.
var oidcSigningAlgorithms = []string{"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"}

func (o OpenIDConnect) clone() OpenIDConnect {
	o.GroupsClaim = cmpOr(slices.Clone(o.GroupsClaim), []string{})
	o.RequiredClaim = cmpOr(slices.Clone(o.RequiredClaim), []string{})
	o.SigningAlgorithms = cmpOr(slices.Clone(o.SigningAlgorithms), []string{})
	return o
}

// oidcSchema is the body of a POST (cloud.ProjectKubeOpenIdConnectCreation),
// or of a PUT (cloud.ProjectKubeOpenIdConnectUpdate), which requires nothing.
func oidcSchema(update bool) *schema {
	// ovh/terraform-provider-ovh #653: the API refuses an empty string in a
	// claim list.
	claim := format("string", nonEmpty)
	claim.invalid = "must not be empty"
	fields := map[string]*schema{
		"issuerUrl":         str(),
		"clientId":          str(),
		"usernameClaim":     str(),
		"usernamePrefix":    str(),
		"groupsClaim":       list(claim),
		"groupsPrefix":      str(),
		"requiredClaim":     list(claim),
		"signingAlgorithms": list(enum("cloud.kube.OpenIdConnectSigningAlgorithmsEnum", oidcSigningAlgorithms...)),
		"caContent":         str(),
	}
	if update {
		return object("cloud.ProjectKubeOpenIdConnectUpdate", fields)
	}
	return object("cloud.ProjectKubeOpenIdConnectCreation", fields, "issuerUrl", "clientId")
}

// oidcUpdate is the body of a PUT: a member left out keeps its value.
type oidcUpdate struct {
	IssuerURL         *string   `json:"issuerUrl"`
	ClientID          *string   `json:"clientId"`
	UsernameClaim     *string   `json:"usernameClaim"`
	UsernamePrefix    *string   `json:"usernamePrefix"`
	GroupsClaim       *[]string `json:"groupsClaim"`
	GroupsPrefix      *string   `json:"groupsPrefix"`
	RequiredClaim     *[]string `json:"requiredClaim"`
	SigningAlgorithms *[]string `json:"signingAlgorithms"`
	CAContent         *string   `json:"caContent"`
}

func (u oidcUpdate) applyTo(o OpenIDConnect) OpenIDConnect {
	o.IssuerURL = deref(u.IssuerURL, o.IssuerURL)
	o.ClientID = deref(u.ClientID, o.ClientID)
	o.UsernameClaim = deref(u.UsernameClaim, o.UsernameClaim)
	o.UsernamePrefix = deref(u.UsernamePrefix, o.UsernamePrefix)
	o.GroupsClaim = deref(u.GroupsClaim, o.GroupsClaim)
	o.GroupsPrefix = deref(u.GroupsPrefix, o.GroupsPrefix)
	o.RequiredClaim = deref(u.RequiredClaim, o.RequiredClaim)
	o.SigningAlgorithms = deref(u.SigningAlgorithms, o.SigningAlgorithms)
	o.CAContent = deref(u.CAContent, o.CAContent)
	return o
}

// oidcOf returns the cluster's configuration, or a 404 when it has none.
func (m *Mock) oidcOf(c *call, cs *clusterState) (*OpenIDConnect, error) {
	if cs.oidc.config == nil {
		return nil, notFound("Cluster %s has no OpenIdConnect configuration", c.params["kubeId"])
	}
	return cs.oidc.config, nil
}

func (m *Mock) getOIDC(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	o, err := m.oidcOf(c, cs)
	if err != nil {
		return nil, err
	}
	return o.clone(), nil
}

func (m *Mock) createOIDC(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req OpenIDConnect
	if err := decodeBody(c.body, oidcSchema(false), &req); err != nil {
		return nil, err
	}
	if cs.oidc.config != nil {
		return nil, conflict("Cluster %s already has an OpenIdConnect configuration; change it with PUT or delete it first", cs.c.ID)
	}
	stored := req.clone()
	cs.oidc.config = &stored
	m.oidcChanged(cs, c.now, cmpOr(cs.oidc.lifecycle.Creation, StatusRedeploying))
	return stored.clone(), nil
}

func (m *Mock) putOIDC(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req oidcUpdate
	if err := decodeBody(c.body, oidcSchema(true), &req); err != nil {
		return nil, err
	}
	cur, err := m.oidcOf(c, cs)
	if err != nil {
		return nil, err
	}
	stored := req.applyTo(*cur).clone()
	cs.oidc.config = &stored
	m.oidcChanged(cs, c.now, StatusRedeploying)
	return nil, nil
}

func (m *Mock) deleteOIDC(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	if _, err := m.oidcOf(c, cs); err != nil {
		return nil, err
	}
	cs.oidc.config = nil
	m.oidcChanged(cs, c.now, StatusRedeploying)
	return nil, nil
}

// oidcChanged puts the cluster through status while its API server is
// redeployed with the new configuration; reads of the cluster may keep the
// status from before for a while (Timings.StaleStatus).
func (m *Mock) oidcChanged(cs *clusterState, now time.Time, status string) {
	d := m.opts.Timings.Redeploy
	if status == StatusInstalling {
		d = m.opts.Timings.Install
	}
	before := cs.c.clone()
	m.startTransition(cs, before, now, status, d, cmpOr(cs.oidc.lifecycle.End, StatusReady))
	m.lagStatus(cs, before.Status, now)
}

// OIDC returns a snapshot of a cluster's OIDC configuration, and false when
// it has none (or the cluster does not exist).
func (m *Mock) OIDC(project, kubeID string) (OpenIDConnect, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil || cs.oidc.config == nil {
		return OpenIDConnect{}, false
	}
	return cs.oidc.config.clone(), true
}

// SetOIDC changes a cluster's OIDC configuration out of band, as someone
// using the OVHcloud console would: at once, with no status change and no
// validation. nil removes it.
func (m *Mock) SetOIDC(project, kubeID string, o *OpenIDConnect) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	if o == nil {
		cs.oidc.config = nil
		return nil
	}
	stored := o.clone()
	cs.oidc.config = &stored
	return nil
}

// SetOIDCLifecycle chooses how the cluster goes through its next OIDC
// changes.
func (m *Mock) SetOIDCLifecycle(project, kubeID string, l OIDCLifecycle) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	if l.Creation != "" && !slices.Contains([]string{StatusInstalling, StatusUpdating, StatusRedeploying}, l.Creation) {
		return fmt.Errorf("ovhmock: %q is not a status an OIDC creation goes through: INSTALLING, UPDATING or REDEPLOYING", l.Creation)
	}
	if l.End != "" && l.End != StatusReady && !failedStatus(l.End) {
		return fmt.Errorf("ovhmock: %q is not a status an OIDC change ends in: READY, ERROR or USER_*", l.End)
	}
	cs.oidc.lifecycle = l
	return nil
}
