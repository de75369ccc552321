# The node pools of one cluster.
list "ovh_cloud_project_kube_nodepool" "of_my_cluster" {
  provider = ovh

  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    kube_id      = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
  }
}

# The node pools of every cluster of the project: kube_id left out.
list "ovh_cloud_project_kube_nodepool" "all" {
  provider = ovh

  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  }
}
