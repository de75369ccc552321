# error: Attribute service_name: "abc?x=1" is not valid
resource "ovh_cloud_project_kube" "c" {
  service_name = "abc?x=1"
  region       = "GRA11"
}
