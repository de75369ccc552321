# error: Attribute service_name: "abc/def" is not valid
resource "ovh_cloud_project_kube" "c" {
  service_name = "abc/def"
  region       = "GRA11"
}
