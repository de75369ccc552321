# error: Inappropriate value for attribute "reset_instead_of_replace": a bool is required.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  reset_instead_of_replace = "maybe"
}
