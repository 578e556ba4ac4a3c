extern alias workflows;
using System.Net;
using System.Text.Json.Nodes;
using Integration.Contracts.Connectors;
using Integration.ServiceDefaults.Auth;
using workflows::Integration.Workflows.Services;

namespace Integration.Connectors.Tests;

/// <summary>The workflow service's typed client against this service's real endpoint (and the Sandbox behind it).</summary>
public sealed class WorkflowClientContractTests(ConnectorFactory connectors) : IClassFixture<ConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ConnectorClient Client => new(connectors.CreateClient("workflows", Roles.Service));

    [Fact]
    public async Task An_operation_answers_its_output_and_a_repeat_of_its_key_is_the_first_result_replayed()
    {
        var key = $"contract:{Guid.NewGuid():N}";
        var request = new InvokeRequest(null, new JsonObject { ["subject"] = "Contract test", ["body"] = "Where is my order?", ["requester"] = new JsonObject { ["name"] = "Ann Example", ["email"] = "ann@example.org" } }, key);

        var first = await Client.InvokeAsync("zendesk.ticket.create", request, Cancel);
        var again = await Client.InvokeAsync("zendesk.ticket.create", request, Cancel);

        Assert.Equal(("zendesk.ticket.create", "zendesk", false), (first.Operation, first.Connection, first.Replayed));
        Assert.True(again.Replayed);
        Assert.Equal(first.Output["ticket"]!["id"]!.GetValue<long>(), again.Output["ticket"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unknown_operation_is_an_error_that_names_it()
    {
        var refused = await Assert.ThrowsAsync<ServiceCallException>(() => Client.InvokeAsync("zendesk.ticket.explode", new InvokeRequest(null, [], "k"), Cancel));

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Contains("There is no operation 'zendesk.ticket.explode'", refused.Message);
    }
}
