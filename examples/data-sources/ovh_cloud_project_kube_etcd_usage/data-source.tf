data "ovh_cloud_project_kube_etcd_usage" "etcd" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}

# Read again at every plan: the plan warns, without failing, once the
# cluster's etcd data fills 80 % of its quota. Once the quota is reached,
# etcd accepts only reads and deletions.
check "etcd_quota" {
  assert {
    condition     = data.ovh_cloud_project_kube_etcd_usage.etcd.usage_ratio < 0.8
    error_message = "etcd is ${floor(data.ovh_cloud_project_kube_etcd_usage.etcd.usage_ratio * 100)}% full: delete the objects the cluster no longer needs before the API server refuses writes."
  }
}

output "etcd_usage_percent" {
  value = floor(data.ovh_cloud_project_kube_etcd_usage.etcd.usage_ratio * 100)
}
