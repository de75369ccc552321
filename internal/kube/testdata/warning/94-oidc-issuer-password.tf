# warning: Attribute issuer_url: "https://admin:xxxxx@keycloak.example.com/realms/kubernetes" is not an https:// URL the API server accepts as an OIDC issuer: it must not hold a user name or password. Give the issuer exactly as the identity provider's tokens have it, for example: issuer_url = "https://keycloak.example.com/realms/kubernetes". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  issuer_url   = "https://admin:hunter2@keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
}
