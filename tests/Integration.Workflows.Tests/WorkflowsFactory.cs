using System.Net.Http.Json;
using System.Text.Json;
using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>The workflow service in process with its Orleans silo on free ports, clustered through its own test Redis.</summary>
public class WorkflowsFactory : ServiceFactory<Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(SiloSettings.OnFreePorts()) { ["Workflows:ScheduleCheckInterval"] = "00:00:00.500" };

    /// <summary>Saves a definition as a designer and publishes the version saved; returns that version.</summary>
    public async Task<int> PublishAsync(object definition, string id)
    {
        var designer = CreateClient("dora", Integration.ServiceDefaults.Auth.Roles.Designer);
        var cancel = TestContext.Current.CancellationToken;
        using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", definition, cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(cancel));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("version").GetInt32();
        using var published = await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, cancel);
        published.EnsureSuccessStatusCode();
        return version;
    }
}
