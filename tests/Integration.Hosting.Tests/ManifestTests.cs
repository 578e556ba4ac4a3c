using System.Text.Json;
using Integration.Hosting.ApplicationModel;
using Integration.Hosting.Publishing;

namespace Integration.Hosting.Tests;

public sealed class ManifestTests : IDisposable
{
    private readonly TestModel _model = new();

    private JsonElement Publish(Action<IDistributedApplicationBuilder> define, string manifestDirectory = "/repo")
    {
        var builder = _model.CreateBuilder(args: ["--publisher", "manifest", "--output-path", "unused.json"]);
        define(builder);
        Assert.True(builder.ExecutionContext.IsPublishMode);
        return JsonDocument.Parse(ManifestPublisher.Write(builder.Resources, manifestDirectory)).RootElement;
    }

    [Fact]
    public void Redis_is_a_container_with_aof_and_a_connection_string_expression()
    {
        var manifest = Publish(b => b.AddRedis("redis", port: 6380));

        Assert.Equal(ManifestPublisher.Schema, manifest.GetProperty("$schema").GetString());
        var redis = manifest.GetProperty("resources").GetProperty("redis");
        Assert.Equal("container.v0", redis.GetProperty("type").GetString());
        Assert.Equal("redis:7", redis.GetProperty("image").GetString());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port}", redis.GetProperty("connectionString").GetString());
        Assert.Equal(["--appendonly", "yes"], redis.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        var tcp = redis.GetProperty("bindings").GetProperty("tcp");
        Assert.Equal(6379, tcp.GetProperty("targetPort").GetInt32());
        Assert.Equal("tcp", tcp.GetProperty("transport").GetString());
    }

    [Fact]
    public void A_secret_parameter_is_marked_secret_and_its_value_never_written()
    {
        _model.CreateBuilder(); // state directory exists
        var manifest = Publish(b =>
        {
            var key = b.AddParameter("signing-key", new GenerateParameterDefault(40), secret: true);
            b.AddExecutable("api", "sh", "/repo/tools").WithEnvironment("Key", key);
        });

        var parameter = manifest.GetProperty("resources").GetProperty("signing-key");
        Assert.Equal("parameter.v0", parameter.GetProperty("type").GetString());
        Assert.Equal("{signing-key.inputs.value}", parameter.GetProperty("value").GetString());
        var input = parameter.GetProperty("inputs").GetProperty("value");
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.Equal(40, input.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32());
        Assert.Equal("{signing-key.value}", manifest.GetProperty("resources").GetProperty("api").GetProperty("env").GetProperty("Key").GetString());
    }

    [Fact]
    public void References_become_connection_string_and_service_discovery_expressions()
    {
        var manifest = Publish(b =>
        {
            var redis = b.AddRedis("redis");
            var external = b.AddConnectionString("crm");
            var backend = b.AddExecutable("backend", "python3", "/repo/backend", "-m", "http.server").WithHttpEndpoint(targetPort: 8000, env: "PORT");
            b.AddExecutable("frontend", "node", "/repo/frontend", "server.js")
                .WithHttpEndpoint()
                .WithExternalHttpEndpoints()
                .WithReference(redis)
                .WithReference(external)
                .WithReference(backend);
        });

        var resources = manifest.GetProperty("resources");
        var frontend = resources.GetProperty("frontend");
        var env = frontend.GetProperty("env");
        Assert.Equal("{redis.connectionString}", env.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("{crm.connectionString}", env.GetProperty("ConnectionStrings__crm").GetString());
        Assert.Equal("{backend.bindings.http.url}", env.GetProperty("services__backend__http__0").GetString());
        Assert.True(frontend.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.Equal("executable.v0", frontend.GetProperty("type").GetString());
        Assert.Equal("frontend", frontend.GetProperty("workingDirectory").GetString());
        Assert.Equal(["server.js"], frontend.GetProperty("args").EnumerateArray().Select(a => a.GetString()));

        var backend = resources.GetProperty("backend");
        Assert.Equal("{backend.bindings.http.targetPort}", backend.GetProperty("env").GetProperty("PORT").GetString());
        Assert.Equal(8000, backend.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").GetInt32());

        var crm = resources.GetProperty("crm");
        Assert.Equal("parameter.v0", crm.GetProperty("type").GetString());
        Assert.Equal("{crm.value}", crm.GetProperty("connectionString").GetString());
        Assert.True(crm.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
    }

    [Fact]
    public void A_project_path_is_relative_to_the_manifest_and_gets_aspires_defaults()
    {
        var project = Path.Combine(_model.StateDirectory, "src", "Api", "Api.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, "<Project />");

        var manifest = Publish(b => b.AddProject("api", project).WithHttpEndpoint(port: 5000), _model.StateDirectory);

        var api = manifest.GetProperty("resources").GetProperty("api");
        Assert.Equal("project.v0", api.GetProperty("type").GetString());
        Assert.Equal("src/Api/Api.csproj", api.GetProperty("path").GetString());
        Assert.Equal("{api.bindings.http.targetPort}", api.GetProperty("env").GetProperty("HTTP_PORTS").GetString());
        Assert.Equal("http", api.GetProperty("bindings").GetProperty("http").GetProperty("scheme").GetString());
        Assert.False(api.GetProperty("bindings").GetProperty("http").TryGetProperty("external", out _));
    }

    public void Dispose() => _model.Dispose();
}
