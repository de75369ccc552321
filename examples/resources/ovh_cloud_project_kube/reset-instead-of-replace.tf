# Changing kube_proxy_mode normally replaces the cluster (new id, new URL).
# With reset_instead_of_replace the cluster is reset in place instead: same id
# and URL, new kubeconfig, and ALL Kubernetes data erased.
resource "ovh_cloud_project_kube" "resettable" {
  service_name    = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name            = "resettable"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"

  reset_instead_of_replace  = true
  reset_worker_nodes_policy = "reinstall" # or "delete", the default

  customization_kube_proxy {
    ipvs {
      scheduler   = "lc"
      sync_period = "PT1M"
    }
  }

  timeouts {
    update = "45m"
  }
}
