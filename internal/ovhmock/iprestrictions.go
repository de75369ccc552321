package ovhmock

import (
	"fmt"
	"slices"
)

// IP restrictions (API-MKS.md §2): the blocks allowed to reach a cluster's
// API server, an empty list meaning no restriction. The mock's choices where
// the sources are silent: a bare address is stored as its /32 or /128
// block, a block with host bits set (10.0.0.1/8) is stored as written, a
// block sent twice is stored once, the order is the order of first arrival;
// a body without ips (not required by the schema) is an empty list;
// every accepted change, even one that changes nothing, redeploys the API
// server (REDEPLOYING, then READY after Timings.Redeploy), during which the
// cluster refuses other changes with 409 as it does after any change, even
// while its reads still show READY (Timings.StaleStatus); the list survives
// everything but a reset, which empties it.

func (m *Mock) getIPRestrictions(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	return cmpOr(slices.Clone(cs.ipRestrictions), []string{}), nil
}

// addIPRestrictions is POST: the blocks are added to the list.
func (m *Mock) addIPRestrictions(c *call) (any, error) {
	return m.setIPRestrictions(c, true)
}

// replaceIPRestrictions is PUT: the blocks replace the list.
func (m *Mock) replaceIPRestrictions(c *call) (any, error) {
	return m.setIPRestrictions(c, false)
}

// ipRestrictionsRequest is the body of POST and PUT /ipRestrictions.
type ipRestrictionsRequest struct {
	IPs []string `json:"ips"`
}

func (m *Mock) setIPRestrictions(c *call, keep bool) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req ipRestrictionsRequest
	if err := decodeBody(c.body, m.schemas.ipRestrictions, &req); err != nil {
		return nil, err
	}
	var ips []string
	if keep {
		ips = slices.Clone(cs.ipRestrictions)
	}
	ips = appendBlocks(ips, req.IPs)
	m.changeIPRestrictions(cs, ips, c)
	return cmpOr(slices.Clone(ips), []string{}), nil
}

func (m *Mock) deleteIPRestriction(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	raw := c.params["ip"]
	block, ok := canonicalIPBlock(raw)
	i := slices.Index(cs.ipRestrictions, block)
	if !ok || i < 0 {
		return nil, notFound("IP restriction %s does not exist on cluster %s", raw, cs.c.ID)
	}
	ips := slices.Delete(slices.Clone(cs.ipRestrictions), i, i+1)
	m.changeIPRestrictions(cs, ips, c)
	// The schema gives this DELETE no answer body.
	return nil, nil
}

// changeIPRestrictions stores a new list and redeploys the API server,
// which reads of the cluster may not show for a while (Timings.StaleStatus).
func (m *Mock) changeIPRestrictions(cs *clusterState, ips []string, c *call) {
	before := cs.c.clone()
	cs.ipRestrictions = ips
	m.startTransition(cs, before, c.now, StatusRedeploying, m.opts.Timings.Redeploy, StatusReady)
	m.lagStatus(cs, before.Status, c.now)
}

// appendBlocks adds each block of add, in its stored form, unless the list
// holds it already. The blocks are valid: the schema checked them.
func appendBlocks(list, add []string) []string {
	for _, ip := range add {
		block, _ := canonicalIPBlock(ip)
		if !slices.Contains(list, block) {
			list = append(list, block)
		}
	}
	return list
}

// IPRestrictions returns a cluster's IP restrictions as the API stores
// them; false when the cluster does not exist.
func (m *Mock) IPRestrictions(project, kubeID string) ([]string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return nil, false
	}
	return cmpOr(slices.Clone(cs.ipRestrictions), []string{}), true
}

// SetIPRestrictions replaces a cluster's IP restrictions out of band, as
// someone using the OVHcloud console would: at once, without a redeploy.
// The blocks are stored as the API would store them; an invalid one is an
// error and changes nothing.
func (m *Mock) SetIPRestrictions(project, kubeID string, ips []string) error {
	for _, ip := range ips {
		if !validIPBlock(ip) {
			return fmt.Errorf("ovhmock: %q is not an IP block", ip)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	cs.ipRestrictions = appendBlocks(nil, ips)
	return nil
}
