# warning: Attribute oidc_required_claim[0]: "=example.com" is not a key=value pair: the claim name before '=' is empty. Every token must then hold claim key with that value, for example: oidc_required_claim = ["hd=example.com"]. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
  oidc_required_claim = ["=example.com"]
}
