using Integration.Hosting.Publishing;
using Integration.Hosting.Testing;

namespace Integration.EndToEnd.Tests;

public sealed class ManifestSyncTests
{
    [Fact]
    public async Task The_committed_manifest_is_exactly_what_the_app_host_publishes()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
            ["--publisher", "manifest", "--output-path", "aspire-manifest.json"], TestContext.Current.CancellationToken);
        var repositoryRoot = Path.GetDirectoryName(Path.GetDirectoryName(new Projects.Integration_AppHost().ProjectPath))!;

        var published = ManifestPublisher.Write(builder.Resources, repositoryRoot);
        var committed = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "aspire-manifest.json"), TestContext.Current.CancellationToken);

        Assert.True(published == committed,
            "aspire-manifest.json is out of date. Regenerate it: dotnet run --project AppHost -- --publisher manifest --output-path aspire-manifest.json");
    }
}
