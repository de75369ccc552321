# error: Attribute name: "my\tcluster" contains a control character
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  name = "my\tcluster"
}
