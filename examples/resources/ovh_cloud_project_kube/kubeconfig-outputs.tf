resource "ovh_cloud_project_kube" "with_outputs" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "with-outputs"
  region       = "GRA11"
}

# The kubeconfig and its parts are sensitive: outputs must say so too.
output "kubeconfig" {
  value     = ovh_cloud_project_kube.with_outputs.kubeconfig
  sensitive = true
}

output "kubernetes_host" {
  value     = ovh_cloud_project_kube.with_outputs.kubeconfig_attributes[0].host
  sensitive = true
}

# For instance, to configure the kubernetes provider:
#
# provider "kubernetes" {
#   host                   = ovh_cloud_project_kube.with_outputs.kubeconfig_attributes[0].host
#   client_certificate     = base64decode(ovh_cloud_project_kube.with_outputs.kubeconfig_attributes[0].client_certificate)
#   client_key             = base64decode(ovh_cloud_project_kube.with_outputs.kubeconfig_attributes[0].client_key)
#   cluster_ca_certificate = base64decode(ovh_cloud_project_kube.with_outputs.kubeconfig_attributes[0].cluster_ca_certificate)
# }
