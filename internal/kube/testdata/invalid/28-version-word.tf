# error: Attribute version: "latest" is not valid
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  version = "latest"
}
