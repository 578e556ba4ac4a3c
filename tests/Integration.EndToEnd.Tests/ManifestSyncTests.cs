using Integration.Testing;

namespace Integration.EndToEnd.Tests;

public sealed class ManifestSyncTests
{
    [Fact]
    public async Task The_committed_manifest_is_exactly_what_aspires_publisher_writes()
    {
        var repositoryRoot = BuildOutput.RepositoryRoot;
        // Written next to the committed one, so that the project paths in it are relative to the same folder.
        var published = Path.Combine(repositoryRoot, $"aspire-manifest.{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await AppHostProcess.RunToExitAsync(["--publisher", "manifest", "--output-path", published], TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, output);

            var committed = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "aspire-manifest.json"), TestContext.Current.CancellationToken);
            Assert.True(await File.ReadAllTextAsync(published, TestContext.Current.CancellationToken) == committed,
                "aspire-manifest.json is out of date. Regenerate it: dotnet run --project AppHost -- --publisher manifest --output-path ../aspire-manifest.json");
        }
        finally
        {
            File.Delete(published);
        }
    }
}
