# error: Attribute customization_cilium[0].cluster_mesh[0].api_server[0].service_type: "ClusterIP" is not an allowed value. Allowed values: "LoadBalancer", "NodePort". For example: service_type = "LoadBalancer".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    cluster_mesh {
      enabled = true
      api_server {
        service_type = "ClusterIP"
      }
    }
  }
}
