using System.Text.Json;

namespace Integration.Portal.Shared;

/// <summary>How a service's closed set is spelt on the wire (<c>edit-approve</c>, <c>auto-approved</c>): what the screens show.</summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');
}
