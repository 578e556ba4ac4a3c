using System.Text.Json;

namespace Integration.Contracts;

public static class WireNames
{
    /// <summary>How a contract's enum value is written on the wire (<c>require-approval</c>), for logs and audit text that quote it.</summary>
    public static string WireName<T>(this T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');

    /// <summary>The enum value a wire name stands for (<c>edit-approve</c>); null for a name the set does not have.</summary>
    public static T? FromWireName<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(value => value!.Value.WireName() == name);
}
