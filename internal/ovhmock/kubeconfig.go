package ovhmock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"time"
)

// credentials are a cluster's certificate authority and admin client
// certificate, PEM-encoded. They are real, so that a kubeconfig from the mock
// passes any parser or TLS library that looks at it.
type credentials struct {
	CACert     string `json:"caCert"`
	CAKey      string `json:"caKey"`
	ClientCert string `json:"clientCert"`
	ClientKey  string `json:"clientKey"`
}

// newCredentials creates a CA and a client certificate signed by it. ECDSA
// P-256 keeps generation in the microseconds.
func newCredentials(now time.Time) (*credentials, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "kubernetes"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	cr := &credentials{
		CACert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		CAKey:  string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})),
	}
	return cr, cr.rotateClient(now)
}

// rotateClient issues a new admin client certificate under the same CA, which
// is what resetting the kubeconfig does.
func (cr *credentials) rotateClient(now time.Time) error {
	caBlock, _ := pem.Decode([]byte(cr.CACert))
	keyBlock, _ := pem.Decode([]byte(cr.CAKey))
	if caBlock == nil || keyBlock == nil {
		return errors.New("malformed certificate authority")
	}
	ca, err := x509.ParseCertificate(caBlock.Bytes)
	if err != nil {
		return err
	}
	caKey, err := x509.ParseECPrivateKey(keyBlock.Bytes)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "kubernetes-admin", Organization: []string{"system:masters"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	cr.ClientCert = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	cr.ClientKey = string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	return nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n
}

// ensureCredentials returns the cluster's credentials, creating them on first
// use so that clusters nobody asks a kubeconfig of cost nothing.
func (cs *clusterState) ensureCredentials(now time.Time) (*credentials, error) {
	if cs.creds == nil {
		cr, err := newCredentials(now)
		if err != nil {
			return nil, err
		}
		cs.creds = cr
	}
	return cs.creds, nil
}

func (m *Mock) getKubeconfig(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	cr, err := cs.ensureCredentials(c.now)
	if err != nil {
		return nil, err
	}
	// Every answer carries a client certificate of its own, under the
	// cluster's certificate authority, so that two fetches can be told apart.
	fresh := *cr
	if err := fresh.rotateClient(c.now); err != nil {
		return nil, err
	}
	return map[string]string{"content": kubeconfig(cs.c, &fresh)}, nil
}

// resetKubeconfig regenerates the cluster's certificates, its certificate
// authority included: Kubernetes cannot revoke a client certificate, so
// "every former kubeconfig stops working" takes a new authority, and a
// kubeconfig served before no longer matches the cluster. The nodes are
// reinstalled meanwhile: the cluster is RESETTING (the schema names no
// status for this operation; RESETTING is the one of a reset, which it is
// for the credentials) for Timings.Redeploy, its pools REDEPLOYING.
func (m *Mock) resetKubeconfig(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	cr, err := newCredentials(c.now)
	if err != nil {
		return nil, err
	}
	cs.creds = cr
	m.startTransition(cs, cs.c.clone(), c.now, StatusResetting, m.opts.Timings.Redeploy, StatusReady)
	m.poolsFollowCredentialReset(cs, c.now)
	return nil, nil
}

// kubeconfig renders the admin kubeconfig of a cluster in the layout
// kubeadm-style tools write. Strings are quoted as JSON, which is valid YAML
// whatever the cluster name contains.
func kubeconfig(cl Cluster, cr *credentials) string {
	q := func(s string) string {
		raw, _ := json.Marshal(s)
		return string(raw)
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	user := "kubernetes-admin-" + cl.Name
	context := "kubernetes-admin@" + cl.Name
	lines := []string{
		"apiVersion: v1",
		"kind: Config",
		"clusters:",
		"- cluster:",
		"    certificate-authority-data: " + b64(cr.CACert),
		"    server: " + q("https://"+cl.URL),
		"  name: " + q(cl.Name),
		"contexts:",
		"- context:",
		"    cluster: " + q(cl.Name),
		"    user: " + q(user),
		"  name: " + q(context),
		"current-context: " + q(context),
		"preferences: {}",
		"users:",
		"- name: " + q(user),
		"  user:",
		"    client-certificate-data: " + b64(cr.ClientCert),
		"    client-key-data: " + b64(cr.ClientKey),
	}
	return strings.Join(lines, "\n") + "\n"
}
