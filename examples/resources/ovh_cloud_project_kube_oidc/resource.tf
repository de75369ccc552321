# Users of the Keycloak realm "kubernetes" log in to the cluster. In Keycloak, the
# client "kubernetes" needs a "groups" mapper (Group Membership, token claim name
# "groups") so that tokens carry the user's groups.
resource "ovh_cloud_project_kube_oidc" "keycloak" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

  issuer_url = "https://keycloak.example.com/realms/kubernetes"
  client_id  = "kubernetes"

  # Kubernetes user "keycloak:jane" for Keycloak user "jane"; groups likewise,
  # e.g. "keycloak:cluster-admins" for RBAC bindings.
  oidc_username_claim  = "preferred_username"
  oidc_username_prefix = "keycloak:"
  oidc_groups_claim    = ["groups"]
  oidc_groups_prefix   = "keycloak:"

  # Only when a private CA signed Keycloak's HTTPS certificate:
  # oidc_ca_content = filebase64("keycloak-ca.pem")
}
