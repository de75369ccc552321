# error: An argument named "kube_proxy" is not expected here.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  kube_proxy = "ipvs"
}
