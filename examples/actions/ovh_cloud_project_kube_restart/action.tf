# Restarts the API server of the cluster, on demand:
#   terraform apply -invoke=action.ovh_cloud_project_kube_restart.api_server
action "ovh_cloud_project_kube_restart" "api_server" {
  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    kube_id      = ovh_cloud_project_kube.my_cluster.id
    force        = false

    timeouts {
      invoke = "20m"
    }
  }
}

# And after every change of the cluster's OIDC configuration, to drop what
# the API server cached of the old issuer.
resource "ovh_cloud_project_kube_oidc" "my_oidc" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  client_id    = "kubernetes"
  issuer_url   = "https://accounts.example.com"

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.ovh_cloud_project_kube_restart.api_server]
    }
  }
}

resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "my-cluster"
  region       = "GRA11"
}
