using Integration.Testing;

namespace Integration.Workflows.Tests;

public sealed class WorkflowsServiceContractTests(WorkflowsFactory service) : ServiceContractTests<Program>(service), IClassFixture<WorkflowsFactory>;

/// <summary>The workflow service's answers are typed: its OpenAPI document describes an instance, not just "a JSON body".</summary>
public sealed class WorkflowsOpenApiTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    [Fact]
    public async Task An_instance_and_its_status_are_described_in_the_openapi_document()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await service.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var root = document.RootElement;

        var answer = root.GetProperty("paths").GetProperty("/v1/instances/{id}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/InstanceView", answer);
        var view = root.GetProperty("components").GetProperty("schemas").GetProperty("InstanceView").GetProperty("properties");
        Assert.True(view.TryGetProperty("journal", out _));
        Assert.True(view.TryGetProperty("bookmarks", out _));
        Assert.False(view.TryGetProperty("placeholders", out _));
    }
}
