# A cluster whose state holds no kubeconfig, and its node pool.
resource "ovh_cloud_project_kube" "cluster" {
  service_name        = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name                = "private-state"
  region              = "GRA11"
  kubeconfig_in_state = false
}

resource "ovh_cloud_project_kube_nodepool" "workers" {
  service_name  = ovh_cloud_project_kube.cluster.service_name
  kube_id       = ovh_cloud_project_kube.cluster.id
  name          = "workers"
  flavor_name   = "b3-8"
  desired_nodes = 2
}

# The kubeconfig, fetched at each plan and apply and never stored: hand its
# parts to the kubernetes and helm providers (see below).
ephemeral "ovh_cloud_project_kube_kubeconfig" "cluster" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
}
