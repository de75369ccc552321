# warning: Attribute customization_cilium[0].cluster_id: 0 is not between 1 and 255: Cilium numbers the clusters of a ClusterMesh from 1 to 255. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    cluster_id = 0
  }
}
