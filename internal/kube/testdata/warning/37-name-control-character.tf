# warning: Attribute name: "my\tcluster" contains a control character (such as a newline or a tab), which is not allowed. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  name = "my\tcluster"
}
