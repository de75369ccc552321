package ovhmock

// authTime answers the API's clock as Unix seconds, unauthenticated; go-ovh
// derives the timestamps it signs from it.
func (m *Mock) authTime(c *call) (any, error) {
	return c.now.Unix(), nil
}

// authDetails is what the official provider calls to check its credentials.
func (m *Mock) authDetails(c *call) (any, error) {
	method := "account"
	if c.r.Header.Get("Authorization") != "" {
		method = "oauth2"
	}
	return map[string]any{
		"account":     "mock-ovh",
		"user":        "",
		"method":      method,
		"description": "OVHcloud API mock",
		"identities":  []string{"urn:v1:eu:identity:account:mock-ovh"},
		"roles":       []string{},
		"allowedRoutes": []map[string]string{
			{"method": "GET", "path": "/*"},
			{"method": "POST", "path": "/*"},
			{"method": "PUT", "path": "/*"},
			{"method": "DELETE", "path": "/*"},
		},
	}, nil
}

// getProject describes a public cloud project; the caller has checked that
// it exists.
func (m *Mock) getProject(c *call) (any, error) {
	name := c.params["serviceName"]
	return map[string]any{
		"projectId":    name,
		"projectName":  "mock project " + name[:min(8, len(name))],
		"description":  "OVHcloud API mock project",
		"status":       "ok",
		"planCode":     "project.2018",
		"access":       "full",
		"unleash":      false,
		"manualQuota":  false,
		"expiration":   nil,
		"creationDate": "2024-01-01T00:00:00Z",
	}, nil
}
