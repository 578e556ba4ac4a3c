using System.Security.Cryptography;
using System.Text;

namespace Integration.Workflows.Instances;

public static class InstanceIds
{
    /// <summary>Whether the text could name an instance (an id is never blank or longer than this); anything else names none.</summary>
    public static bool CouldName(string id) => !string.IsNullOrWhiteSpace(id) && id.Length <= 400;

    /// <summary>The instance a business key or an event id names: the same key always finds the same instance.</summary>
    public static string Of(string definitionId, string key) =>
        $"{definitionId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}";
}
