# iptables mode with batched rule updates: at most one re-sync per 5 seconds,
# and a full refresh every 30 seconds.
resource "ovh_cloud_project_kube" "iptables_tuned" {
  service_name    = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name            = "iptables-tuned"
  region          = "GRA11"
  kube_proxy_mode = "iptables"
  update_policy   = "MINIMAL_DOWNTIME"

  customization_kube_proxy {
    iptables {
      min_sync_period = "PT5S"
      sync_period     = "PT30S"
    }
  }

  customization_apiserver {
    admissionplugins {
      enabled  = ["AlwaysPullImages", "NodeRestriction"]
      disabled = []
    }
  }
}
