namespace Integration.Connectors.Errors;

/// <summary>
/// A failed call toward a SaaS, in one shape whatever the vendor: our status, the connection, the vendor's own
/// status and error code, and a message that names the connection but never a secret.
/// </summary>
public sealed class ConnectorException(int status, string connection, string message, int? vendorStatus = null, string? vendorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int Status { get; } = status;

    public string Connection { get; } = connection;

    public int? VendorStatus { get; } = vendorStatus;

    public string? VendorCode { get; } = vendorCode;
}
