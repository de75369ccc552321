# warning: Attribute oidc_ca_content: "RXhhbXBsZSBJZFAgUm9vdCBDQQo=" is not base64 of a PEM certificate: it decodes to text without any PEM block (-----BEGIN CERTIFICATE-----). Give the CA certificate of the identity provider, PEM encoded then base64 encoded, for example: oidc_ca_content = filebase64("idp-ca.pem"). The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
  oidc_ca_content = "RXhhbXBsZSBJZFAgUm9vdCBDQQo="
}
