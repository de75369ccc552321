# On a 3-AZ region each pool names one zone of the region. One pool per zone
# spreads the nodes over the three zones.
resource "ovh_cloud_project_kube" "paris" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "paris"
  region       = "EU-WEST-PAR"
  plan         = "standard"
}

locals {
  zones = ["eu-west-par-a", "eu-west-par-b", "eu-west-par-c"]
}

resource "ovh_cloud_project_kube_nodepool" "zonal" {
  count = length(local.zones)

  service_name       = ovh_cloud_project_kube.paris.service_name
  kube_id            = ovh_cloud_project_kube.paris.id
  name               = "workers-${local.zones[count.index]}"
  flavor_name        = "b3-8"
  desired_nodes      = 2
  availability_zones = [local.zones[count.index]]
}
