# warning: Attribute customization_cilium[0].cluster_mesh[0].api_server[0].node_port: 32379 is set but service_type is not set; a node port is only used with service_type = "NodePort". Set service_type = "NodePort", or remove node_port. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    cluster_mesh {
      enabled = true
      api_server {
        node_port = 32379
      }
    }
  }
}
