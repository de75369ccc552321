# warning: Attribute customization_cilium[0].cluster_mesh[0].api_server[0].node_port: 29999 is not between 30000 and 32767: Kubernetes gives node ports from 30000 to 32767 unless the cluster is configured otherwise. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
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
