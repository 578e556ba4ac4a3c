using System.Security.Cryptography;
using System.Text.Json;
using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Integration.Hosting;

/// <summary>
/// Gives parameters and connection strings their run-time values: configuration first, then a generated
/// value kept in the state directory (like Aspire keeps generated values in user secrets), so that local
/// runs reuse the same signing key and tokens stay valid across restarts.
/// </summary>
internal static class ParameterResolver
{
    public const string GeneratedParametersFile = "parameters.json";

    public static void Resolve(IReadOnlyList<IResource> resources, IConfiguration configuration, string stateDirectory)
    {
        var missing = new List<string>();
        var generatedPath = Path.Combine(stateDirectory, GeneratedParametersFile);
        var generated = Load(generatedPath);
        var changed = false;

        foreach (var parameter in resources.OfType<ParameterResource>())
        {
            var value = configuration[$"Parameters:{parameter.Name}"];
            if (string.IsNullOrEmpty(value) && parameter.Generate is { } generate)
            {
                if (!generated.TryGetValue(parameter.Name, out value) || value.Length < generate.MinLength)
                {
                    value = NewSecret(generate.MinLength);
                    generated[parameter.Name] = value;
                    changed = true;
                }
            }

            if (string.IsNullOrEmpty(value))
            {
                missing.Add($"Parameter '{parameter.Name}' has no value: set 'Parameters:{parameter.Name}' (environment variable Parameters__{parameter.Name}).");
            }

            parameter.ResolvedValue = value;
        }

        foreach (var connection in resources.OfType<ConnectionStringResource>())
        {
            connection.ResolvedValue = configuration.GetConnectionString(connection.Name);
            if (string.IsNullOrEmpty(connection.ResolvedValue))
            {
                missing.Add($"Connection string '{connection.Name}' has no value: set 'ConnectionStrings:{connection.Name}' (environment variable ConnectionStrings__{connection.Name}).");
            }
        }

        if (missing.Count > 0)
        {
            throw new DistributedApplicationException("Missing values; nothing was started:" + string.Concat(missing.Select(m => "\n  - " + m)));
        }

        if (changed)
        {
            Save(generatedPath, generated);
        }
    }

    private static Dictionary<string, string> Load(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];

    private static void Save(string path, Dictionary<string, string> values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(values));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string NewSecret(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
