using System.Text.Json;

namespace Integration.Workflows.Definitions;

/// <summary>
/// Saves and publishes the shipped samples (Samples/*.json) that are not there yet, and a newer shipped version of a
/// sample whose published version is still the one shipped (saved by "sample"); a sample someone has changed and
/// published, or unpublished, is theirs and stays so. A sample that no longer validates stops the service with its errors, since the
/// flagship must always work.
/// </summary>
public sealed class SamplePublisher(DefinitionStore store, Activities.ActivityCatalog catalog, ILogger<SamplePublisher> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.json").Order(StringComparer.Ordinal))
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(await File.ReadAllTextAsync(file, cancellationToken), JsonSerializerOptions.Web)!;
            if (DefinitionValidator.Validate(definition, catalog) is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"The shipped sample {Path.GetFileName(file)} is not valid: " +
                                                    string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
            }

            var published = await store.PublishedAsync(definition.Id!);
            if (await store.LatestAsync(definition.Id!) is null || published is not null && published.SavedBy == "sample" &&
                JsonSerializer.Serialize(published.Definition, JsonSerializerOptions.Web) != JsonSerializer.Serialize(definition, JsonSerializerOptions.Web))
            {
                var saved = await store.SaveDraftAsync(definition, "sample");
                await store.PublishAsync(definition.Id!, saved.Version, "sample");
                logger.LogInformation("Published the sample workflow {Id} as version {Version}", definition.Id, saved.Version);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
