# error: Attribute service_name: "abc%2Fdef" is not valid
resource "ovh_cloud_project_kube" "c" {
  service_name = "abc%2Fdef"
  region       = "GRA11"
}
