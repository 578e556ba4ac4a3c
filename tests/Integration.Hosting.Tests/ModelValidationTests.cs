namespace Integration.Hosting.Tests;

/// <summary>A wrong model is refused whole, before anything starts, with every error naming its resources.</summary>
public sealed class ModelValidationTests : IDisposable
{
    private readonly TestModel _model = new();

    [Fact]
    public void Duplicate_names_are_refused_naming_both_kinds()
    {
        var builder = _model.CreateBuilder();
        builder.AddRedis("cache");
        builder.AddExecutable("Cache", "sh", ".");

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("Duplicate resource name 'Cache'", error.Message);
        Assert.Contains("redis server", error.Message);
        Assert.Contains("executable", error.Message);
    }

    [Fact]
    public void A_reference_to_a_resource_outside_the_model_is_refused()
    {
        var other = _model.CreateBuilder().AddRedis("elsewhere");
        var builder = _model.CreateBuilder();
        builder.AddExecutable("worker", "sh", ".").WithReference(other).WaitFor(other);

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("'worker' references 'elsewhere', which is not part of this application", error.Message);
        Assert.Contains("'worker' waits for 'elsewhere'", error.Message);
    }

    [Fact]
    public void A_wait_cycle_is_refused_naming_the_loop()
    {
        var builder = _model.CreateBuilder();
        var a = builder.AddExecutable("a", "sh", ".");
        var b = builder.AddExecutable("b", "sh", ".");
        var c = builder.AddExecutable("c", "sh", ".");
        a.WaitFor(b);
        b.WaitFor(c);
        c.WaitFor(a);

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("WaitFor cycle: 'a' -> 'b' -> 'c' -> 'a'", error.Message);
    }

    [Fact]
    public void References_both_ways_without_waits_are_fine()
    {
        var builder = _model.CreateBuilder();
        var a = builder.AddExecutable("a", "sh", ".").WithHttpEndpoint();
        var b = builder.AddExecutable("b", "sh", ".").WithHttpEndpoint();
        a.WithReference(b);
        b.WithReference(a);

        using var app = builder.Build();
    }

    [Fact]
    public void A_missing_project_file_is_refused_with_its_path()
    {
        var builder = _model.CreateBuilder();
        builder.AddProject("api", "does/not/exist/Api.csproj");

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("Project 'api'", error.Message);
        Assert.Contains(Path.Combine("does", "not", "exist", "Api.csproj"), error.Message);
    }

    [Fact]
    public void A_fixed_port_given_twice_is_refused()
    {
        var builder = _model.CreateBuilder();
        builder.AddRedis("one", port: 7001);
        builder.AddExecutable("two", "sh", ".").WithHttpEndpoint(port: 7001);

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("Port 7001 is given to more than one endpoint: 'one', 'two'", error.Message);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("double--hyphen")]
    public void An_invalid_name_is_refused(string name)
    {
        var builder = _model.CreateBuilder();
        builder.AddRedis(name);

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains($"Resource name '{name}' is invalid", error.Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var builder = _model.CreateBuilder();
        builder.AddRedis("x");
        builder.AddRedis("x");
        builder.AddProject("api", "missing.csproj");

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("Duplicate resource name 'x'", error.Message);
        Assert.Contains("Project 'api'", error.Message);
    }

    public void Dispose() => _model.Dispose();
}
