using System.Text.Json;
using Integration.Connectors.Connections;

namespace Integration.Connectors.Errors;

/// <summary>Reads each vendor's error body (Zendesk's error/description, Salesforce's error array, SAP's OData error) into one shape.</summary>
public static class VendorErrors
{
    public static ConnectorException From(string connection, ConnectionKind kind, int vendorStatus, string? body)
    {
        var (code, message) = Parse(kind, body);
        var vendor = kind.ToString();
        var status = vendorStatus switch
        {
            401 => 401,
            403 => 403,
            >= 500 => 502,
            _ => vendorStatus,
        };
        var text = vendorStatus == 401
            ? $"Connection '{connection}' was refused by {vendor}: its credentials are missing or wrong."
            : $"{vendor} (connection '{connection}') answered {vendorStatus}{(code is null ? "" : $" {code}")}{(message is null ? "" : $": {message}")}";
        return new ConnectorException(status, connection, text, vendorStatus, code);
    }

    private static (string? Code, string? Message) Parse(ConnectionKind kind, string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return kind switch
            {
                ConnectionKind.Salesforce when root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 =>
                    (Text(root[0], "errorCode"), Text(root[0], "message")),
                ConnectionKind.Salesforce when root.ValueKind == JsonValueKind.Object => (Text(root, "error"), Text(root, "error_description")),
                ConnectionKind.Sap when root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object =>
                    (Text(error, "code"), error.TryGetProperty("message", out var m) ? (m.ValueKind == JsonValueKind.Object ? Text(m, "value") : m.ToString()) : null),
                _ when root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var zendeskError) =>
                    (zendeskError.ValueKind == JsonValueKind.String ? zendeskError.GetString() : Text(zendeskError, "title"),
                     Text(root, "description") ?? (zendeskError.ValueKind == JsonValueKind.Object ? Text(zendeskError, "message") : null) ?? Details(root)),
                _ => (null, Trim(body)),
            };
        }
        catch (JsonException)
        {
            // Zendesk's 429 and SAP's CSRF refusals are plain text.
            return (null, Trim(body));
        }
    }

    private static string? Details(JsonElement root) =>
        root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
            ? string.Join("; ", details.EnumerateObject().SelectMany(d => d.Value.ValueKind == JsonValueKind.Array
                ? d.Value.EnumerateArray().Select(e => $"{d.Name}: {Text(e, "description")}")
                : [d.Name]))
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text.Trim();
}
