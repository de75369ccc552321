# error: Attribute version: "1.31.4" is not valid: it must be a Kubernetes minor version "1.NN" (without patch number). For example: version = "1.31".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  version = "1.31.4"
}
