# The IP restrictions of a cluster are imported with its project id and its id, separated by a slash.
terraform import ovh_cloud_project_kube_iprestrictions.office xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f
