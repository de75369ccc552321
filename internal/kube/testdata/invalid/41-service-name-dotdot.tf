# error: Attribute service_name: "../kube" is not valid: it must be a Public Cloud project id
resource "ovh_cloud_project_kube" "c" {
  service_name = "../kube"
  region       = "GRA11"
}
