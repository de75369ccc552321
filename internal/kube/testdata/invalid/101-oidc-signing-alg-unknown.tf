# error: Attribute oidc_signing_algs[1]: "HS256" is not an allowed value. Allowed values: "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512". For example: oidc_signing_algs = ["RS256"].
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
  oidc_signing_algs = ["RS256", "HS256"]
}
