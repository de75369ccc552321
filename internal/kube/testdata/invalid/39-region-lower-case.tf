# error: Attribute region: "gra11" is not valid: it must be an OVHcloud region name in upper case. For example: region = "GRA11".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "gra11"
}
