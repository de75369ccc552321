# error: The argument "region" is required, but no definition was found.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
}
