# error: Attribute oidc_ca_content: "-----BEGIN CERTIFICATE-----\nMIIBtzCCAV2gAwIBAgIUWSyeXOYMq058eW7SZXTKcUowvbYwCgYIKoZIzj0EAwIw\nMDEQMA4"... (656 characters) is not base64 of a PEM certificate: it is PEM text, not base64: encode it with base64encode(...), or read the file with filebase64(...). Give the CA certificate of the identity provider, PEM encoded then base64 encoded, for example: oidc_ca_content = filebase64("idp-ca.pem").
resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
  oidc_ca_content = "-----BEGIN CERTIFICATE-----\nMIIBtzCCAV2gAwIBAgIUWSyeXOYMq058eW7SZXTKcUowvbYwCgYIKoZIzj0EAwIw\nMDEQMA4GA1UECgwHRXhhbXBsZTEcMBoGA1UEAwwTRXhhbXBsZSBJZFAgUm9vdCBD\nQTAgFw0yNjExMzAwNjE4MjlaGA8yMTI2MTEwNjA2MTgyOVowMDEQMA4GA1UECgwH\nRXhhbXBsZTEcMBoGA1UEAwwTRXhhbXBsZSBJZFAgUm9vdCBDQTBZMBMGByqGSM49\nAgEGCCqGSM49AwEHA0IABEAGGAVy/mFkfo2872vMlT3luqrIXOt54zhzJYnvZU4M\nCM2mLW7JpNXXQNDRvLQ5eLZdBxIPiIpZAv63ocgjLDajUzBRMB0GA1UdDgQWBBQE\ndjJWchCvz0g81/iixQnJC2d//zAfBgNVHSMEGDAWgBQEdjJWchCvz0g81/iixQnJ\nC2d//zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDhsquMOh1H\nFDiFHjvMm6sBVn0NZo0IewSdAQzrTlI9+wIgdx0/Qq839sTEtGxDnRmLs/3qJMpm\nJoJ7SIzdNDbYo3I=\n-----END CERTIFICATE-----\n"
}
