# The API server's audit logs of a cluster go to a Logs Data Platform stream. The
# stream id is the stream_id of the official provider's
# ovh_dbaas_logs_output_graylog_stream data source or resource.
resource "ovh_cloud_project_kube_log_subscription" "audit" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  kind         = "audit"
  stream_id    = "18d603e8-7d50-4000-8393-f0d5bb7f1280"

  timeouts {
    create = "20m"
    delete = "20m"
  }
}
