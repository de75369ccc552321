# error: Attribute version: "v1.31" is not valid: it must be a Kubernetes minor version "1.NN"
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  version = "v1.31"
}
