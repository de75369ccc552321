# error: Attribute customization_cilium[0].cluster_mesh[0].api_server[0].node_port value must be between 30000 and 32767, got: 29999
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    cluster_mesh {
      enabled = true
      api_server {
        service_type = "NodePort"
        node_port    = 29999
      }
    }
  }
}
