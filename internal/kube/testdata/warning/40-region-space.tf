# warning: Attribute region: "GRA 11" is not valid: it must be an OVHcloud region name in upper case. For example: region = "GRA11". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA 11"
}
