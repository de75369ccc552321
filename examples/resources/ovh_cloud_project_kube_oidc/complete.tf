# A cluster whose users log in with their GitLab account, applied together: the
# OIDC configuration is created once the cluster is READY, and every change of it
# redeploys the cluster's API server.
resource "ovh_cloud_project_kube" "cluster" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "production"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube_oidc" "gitlab" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id

  # The application id of a GitLab application with the "openid" scope.
  issuer_url = "https://gitlab.com"
  client_id  = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

  oidc_username_claim  = "nickname"
  oidc_username_prefix = "gitlab:"
  # GitLab puts the user's groups and projects in "groups_direct".
  oidc_groups_claim  = ["groups_direct"]
  oidc_groups_prefix = "gitlab:"

  timeouts {
    create = "20m"
    update = "20m"
    delete = "20m"
  }
}
