using System.Text;
using System.Text.Json;
using Integration.Hosting.ApplicationModel;
using Integration.Hosting.Orchestration;

namespace Integration.Hosting.Publishing;

/// <summary>
/// Writes Aspire's deployment manifest (aspire-8.0 schema): every resource with its type, bindings and
/// environment as expressions such as <c>{redis.connectionString}</c>, so that tools that read Aspire
/// manifests can deploy this suite. Paths are relative to the manifest's folder.
/// </summary>
public static class ManifestPublisher
{
    public const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    public static async Task WriteFileAsync(IReadOnlyList<IResource> resources, string outputPath, CancellationToken cancellationToken = default)
    {
        var json = Write(resources, Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        await File.WriteAllTextAsync(outputPath, json, cancellationToken);
    }

    public static string Write(IReadOnlyList<IResource> resources, string manifestDirectory)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteStartObject("resources");
            foreach (var resource in resources)
            {
                json.WriteStartObject(resource.Name);
                WriteResource(json, resource, manifestDirectory);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteResource(Utf8JsonWriter json, IResource resource, string manifestDirectory)
    {
        switch (resource)
        {
            case ParameterResource parameter:
                json.WriteString("type", "parameter.v0");
                json.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
                WriteInputs(json, parameter.Secret, parameter.Generate);
                break;

            case ConnectionStringResource connection:
                json.WriteString("type", "parameter.v0");
                json.WriteString("connectionString", $"{{{connection.Name}.value}}");
                json.WriteString("value", $"{{{connection.Name}.inputs.value}}");
                WriteInputs(json, secret: true, generate: null);
                break;

            case RedisResource redis:
                json.WriteString("type", "container.v0");
                json.WriteString("connectionString", redis.ConnectionStringExpression.ValueExpression);
                json.WriteString("image", $"{RedisResource.ContainerImage}:{RedisResource.ContainerTag}");
                json.WriteStartArray("args");
                json.WriteStringValue("--appendonly");
                json.WriteStringValue("yes");
                json.WriteEndArray();
                json.WriteStartArray("volumes");
                json.WriteStartObject();
                json.WriteString("name", $"integration-{redis.Name}-data");
                json.WriteString("target", "/data");
                json.WriteBoolean("readOnly", false);
                json.WriteEndObject();
                json.WriteEndArray();
                WriteBindings(json, redis);
                break;

            case ProjectResource project:
                json.WriteString("type", "project.v0");
                json.WriteString("path", RelativePath(manifestDirectory, project.ProjectPath));
                WriteEnvironment(json, project, [
                    .. LaunchSpec.ProjectDefaults,
                    .. project.Endpoints().Where(e => e.Scheme == "http").Take(1)
                        .Select(e => new KeyValuePair<string, string>("HTTP_PORTS", $"{{{project.Name}.bindings.{e.Name}.targetPort}}")),
                    .. project.Endpoints().Where(e => e.PortEnvironmentVariable is not null)
                        .Select(e => new KeyValuePair<string, string>(e.PortEnvironmentVariable!, $"{{{project.Name}.bindings.{e.Name}.targetPort}}")),
                ]);
                WriteBindings(json, project);
                break;

            case ExecutableResource executable:
                json.WriteString("type", "executable.v0");
                json.WriteString("workingDirectory", RelativePath(manifestDirectory, executable.WorkingDirectory));
                json.WriteString("command", executable.Command);
                json.WriteStartArray("args");
                foreach (var arg in executable.AnnotationsOf<ArgsAnnotation>().SelectMany(a => a.Args))
                {
                    json.WriteStringValue(arg);
                }

                json.WriteEndArray();
                WriteEnvironment(json, executable, executable.Endpoints()
                    .Where(e => e.PortEnvironmentVariable is not null)
                    .Select(e => new KeyValuePair<string, string>(e.PortEnvironmentVariable!, $"{{{executable.Name}.bindings.{e.Name}.targetPort}}")));
                WriteBindings(json, executable);
                break;

            default:
                throw new DistributedApplicationException($"Resource '{resource.Name}' ({resource.GetType().Name}) has no manifest form.");
        }
    }

    private static void WriteInputs(Utf8JsonWriter json, bool secret, GenerateParameterDefault? generate)
    {
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        if (secret)
        {
            json.WriteBoolean("secret", true);
        }

        if (generate is not null)
        {
            json.WriteStartObject("default");
            json.WriteStartObject("generate");
            json.WriteNumber("minLength", generate.MinLength);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteEnvironment(Utf8JsonWriter json, IResource resource, IEnumerable<KeyValuePair<string, string>> defaults)
    {
        json.WriteStartObject("env");
        var written = new HashSet<string>();
        var userValues = resource.AnnotationsOf<EnvironmentAnnotation>().Select(e => new KeyValuePair<string, string>(e.Name, e.Value.ValueExpression));
        foreach (var (name, value) in defaults.Concat(userValues))
        {
            if (written.Add(name))
            {
                json.WriteString(name, value);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter json, IResource resource)
    {
        json.WriteStartObject("bindings");
        foreach (var endpoint in resource.Endpoints())
        {
            json.WriteStartObject(endpoint.Name);
            json.WriteString("scheme", endpoint.Scheme);
            json.WriteString("protocol", "tcp");
            json.WriteString("transport", endpoint.Transport);
            if (endpoint.TargetPort is int targetPort)
            {
                json.WriteNumber("targetPort", targetPort);
            }

            if (endpoint.IsExternal)
            {
                json.WriteBoolean("external", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string RelativePath(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');
}
