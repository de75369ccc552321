# Every cluster of the project (service_name defaults to OVH_CLOUD_PROJECT_SERVICE).
list "ovh_cloud_project_kube" "all" {
  provider = ovh

  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  }
}

# Only the production clusters of GRA11, at most 10 of them.
list "ovh_cloud_project_kube" "prod_gra11" {
  provider = ovh
  limit    = 10

  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    region       = "GRA11"
    name_prefix  = "prod-"
  }
}
