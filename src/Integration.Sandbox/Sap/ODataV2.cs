using System.Globalization;
using System.Text.Json.Nodes;

namespace Integration.Sandbox.Sap;

/// <summary>OData V2 JSON as SAP Gateway writes it: <c>{"d": …}</c> envelopes, <c>__metadata</c>, /Date()/ values, decimals as strings, its error body.</summary>
public static class ODataV2
{
    public static string DateTime(DateTimeOffset at) => $"/Date({at.ToUnixTimeMilliseconds()})/";

    public static string DateTimeOffset(DateTimeOffset at) => $"/Date({at.ToUnixTimeMilliseconds()}+0000)/";

    public static DateTimeOffset? ParseDate(string? value)
    {
        if (value is null || !value.StartsWith("/Date(", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = new string(value[6..].TakeWhile(c => char.IsDigit(c) || c == '-').ToArray());
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? System.DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public static string Decimal(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static JsonObject Error(string code, string message, string service, IEnumerable<(string Code, string Message, string Target)>? details = null) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = new JsonObject { ["lang"] = "en", ["value"] = message },
            ["innererror"] = new JsonObject
            {
                ["application"] = new JsonObject { ["component_id"] = "", ["service_namespace"] = "/SAP/", ["service_id"] = service, ["service_version"] = "0001" },
                ["transactionid"] = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ["timestamp"] = System.DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss.fffffff", CultureInfo.InvariantCulture),
                ["Error_Resolution"] = new JsonObject { ["SAP_Transaction"] = "For backend administrators: use ADT feed reader \"SAP Gateway Error Log\" or run transaction /IWFND/ERROR_LOG", ["SAP_Note"] = "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)" },
                ["errordetails"] = new JsonArray((details ?? []).Select(d => (JsonNode)new JsonObject
                {
                    ["code"] = d.Code, ["message"] = d.Message, ["propertyref"] = d.Target, ["severity"] = "error", ["target"] = d.Target,
                }).ToArray()),
            },
        },
    };
}
