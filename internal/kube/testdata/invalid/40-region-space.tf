# error: Attribute region: "GRA 11" is not valid
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA 11"
}
